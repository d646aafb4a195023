"""Checks of personal identifiers, with Vietnamese messages for the desk."""

from __future__ import annotations

import datetime as dt
import re

_DIGITS12 = re.compile(r"^\d{12}$")
_PHONE = re.compile(r"^0\d{9,10}$")


class IdentityError(ValueError):
    pass


def check_personal_id(number: str, birth_date: dt.date | None = None) -> str:
    """A 12-digit personal identification number (số định danh cá nhân, NĐ 137/2015 Art. 7).

    Digits 4 and 5–6 code the century with the sex and the year of birth: 0/1 → 1900s,
    2/3 → 2000s, 4/5 → 2100s. When the birth date is known, they must agree with it.
    """
    value = number.strip()
    if not _DIGITS12.match(value):
        raise IdentityError("Số định danh cá nhân phải gồm đúng 12 chữ số.")
    if birth_date is not None:
        century = 1900 + 100 * (int(value[3]) // 2)
        if century + int(value[4:6]) != birth_date.year:
            raise IdentityError(
                "Số định danh cá nhân không khớp với năm sinh "
                f"({birth_date.year}): kiểm tra lại chữ số thứ 4 đến 6."
            )
    return value


def normalise_phone(phone: str) -> str:
    """ "0912 345 678", "+84912345678" → "0912345678"; refuse anything else."""
    digits = re.sub(r"[\s.\-()]", "", phone)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    if not _PHONE.match(digits):
        raise IdentityError("Số điện thoại phải có 10 hoặc 11 chữ số, bắt đầu bằng 0 hoặc +84.")
    return digits
