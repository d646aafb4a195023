"""The QR code of the chip identity card (thẻ Căn cước công dân gắn chip, thẻ Căn cước), as a
USB or camera scanner types it into a text field:

    số CCCD|số CMND cũ|họ tên|ngày sinh ddmmyyyy|giới tính|nơi thường trú|ngày cấp ddmmyyyy

e.g. ``089190000123|352123456|Nguyễn Thị Ngọc Ánh|02031990|Nữ|Khóm Trung 3, Phú Mỹ, An Giang|
10052021``. The old ID number may be empty; fields after the seventh (some card series add
them) are ignored. The number is checked as a personal identification number (12 digits whose
4th–6th digits code the century, the sex and the year of birth: NĐ 137/2015/NĐ-CP Art. 7), and
must agree with the birth date and the sex printed beside it. Anything else is refused with a
message in Vietnamese that tells the officer to scan again; nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from motcua.domain.identity import IdentityError, check_personal_id
from motcua.domain.text import nfc

FIELDS = 7
MAX_LENGTH = 1000  # a card's QR holds a few hundred characters
_DDMMYYYY = re.compile(r"\d{8}")
_OLD_ID = re.compile(r"\d{9}|\d{12}")
SEXES = {"nam": "Nam", "nữ": "Nữ"}
ADVICE = "Xin quét lại mã QR trên thẻ căn cước, hoặc nhập tay."


class ChipIdQrError(ValueError):
    """The scanned text is not a chip ID card's QR; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class ChipIdQr:
    id_number: str
    old_id_number: str  # the 9-digit CMND, "" when the card has none
    full_name: str
    birth_date: dt.date
    sex: str  # "Nam" or "Nữ"
    address: str  # nơi thường trú, as printed
    issued_on: dt.date | None


def _refuse(problem: str) -> ChipIdQrError:
    return ChipIdQrError(f"{problem} {ADVICE}")


def _date(text: str, label: str) -> dt.date:
    if not _DDMMYYYY.fullmatch(text):
        raise _refuse(f"{label} trong mã QR phải gồm 8 chữ số ngàythángnăm (ddmmyyyy).")
    try:
        return dt.date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        raise _refuse(
            f"{label} trong mã QR ({text[:2]}/{text[2:4]}/{text[4:]}) không có thật."
        ) from None


def parse_chip_id_qr(text: str) -> ChipIdQr:
    """The fields of a scanned chip ID card QR text; ChipIdQrError for anything else."""
    value = nfc(text).strip()
    if not value:
        raise _refuse("Chưa có nội dung mã QR.")
    if len(value) > MAX_LENGTH or any(ord(ch) < 32 for ch in value):
        raise _refuse("Nội dung mã QR có ký tự không hợp lệ hoặc quá dài.")
    parts = [part.strip() for part in value.split("|")]
    if len(parts) < FIELDS:
        raise _refuse(
            f"Mã QR có {len(parts)} trường, cần đủ {FIELDS} trường ngăn bởi dấu “|” (số căn "
            "cước|số CMND cũ|họ tên|ngày sinh|giới tính|nơi thường trú|ngày cấp)."
        )
    number, old, name, birth, sex, address, issued = parts[:FIELDS]
    birth_date = _date(birth, "Ngày sinh")
    try:
        check_personal_id(number, birth_date)
    except IdentityError as exc:
        raise _refuse(f"Số căn cước trong mã QR không hợp lệ: {exc}") from None
    if old and not _OLD_ID.fullmatch(old):
        raise _refuse("Số CMND cũ trong mã QR phải gồm 9 hoặc 12 chữ số.")
    if not name or any(ch.isdigit() for ch in name):
        raise _refuse("Họ tên trong mã QR bị thiếu hoặc có chữ số.")
    known_sex = SEXES.get(sex.lower())
    if known_sex is None:
        raise _refuse(f"Giới tính trong mã QR phải là “Nam” hoặc “Nữ”, không phải “{sex}”.")
    if (int(number[3]) % 2 == 0) != (known_sex == "Nam"):
        raise _refuse("Giới tính trong mã QR không khớp với số căn cước (chữ số thứ 4).")
    return ChipIdQr(
        id_number=number,
        old_id_number=old,
        full_name=" ".join(name.split()),
        birth_date=birth_date,
        sex=known_sex,
        address=" ".join(address.split()),
        issued_on=_date(issued, "Ngày cấp") if issued else None,
    )
