"""Numbers, money, percentages and dates as Vietnamese official documents write them.

- Numbers: "1.652", "1.234.567" (dot groups); percentages "99,39%" rounded half-up (Babel rounds
  half-even, which prints 99,38% for 0.99385 — wrong on a report).
- Money: "1.652.000 đồng" and in words "Một triệu sáu trăm năm mươi hai nghìn đồng".
- Dates: NĐ 30/2020/NĐ-CP Appendix I — "ngày 05 tháng 01 năm 2026": days below 10 and the months
  1 and 2 take a leading zero, other months do not ("ngày 24 tháng 5 năm 2024").
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu")


def format_number(value: int | Decimal, decimals: int = 0) -> str:
    """1652 → "1.652"; Decimal("1234.5"), 1 → "1.234,5". Rounds half-up."""
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, frac = f"{abs(number):f}".partition(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join(groups)
    return sign + text + ("," + frac if frac else "")


def format_percent(numerator: int | Decimal, denominator: int | Decimal, decimals: int = 2) -> str:
    """1642 / 1652 → "99,39%". A zero denominator gives "—" (no dossiers, no rate)."""
    if denominator == 0:
        return "—"
    rate = Decimal(numerator) * 100 / Decimal(denominator)
    return format_number(rate, decimals) + "%"


def format_money(amount: int) -> str:
    """1652000 → "1.652.000 đồng"."""
    return f"{format_number(amount)} đồng"


def nd30_date(day: dt.date) -> str:
    """date(2026, 1, 5) → "ngày 05 tháng 01 năm 2026" (NĐ 30/2020/NĐ-CP, Appendix I)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _read_group(number: int, *, full: bool, zero_word: str) -> list[str]:
    """Read 0–999. `full` means a higher group precedes it, so "không trăm" and "linh" are said."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(zero_word)
            words.append(DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _read_below_billion(number: int, *, full: bool, zero_word: str) -> list[str]:
    groups: list[int] = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        words += _read_group(group, full=full or bool(words), zero_word=zero_word)
        if SCALES[index]:
            words.append(SCALES[index])
    return words


def _read(number: int, *, full: bool, zero_word: str) -> list[str]:
    billions, rest = divmod(number, 1_000_000_000)
    words: list[str] = []
    if billions:
        words += [*_read(billions, full=full, zero_word=zero_word), "tỷ"]
    words += _read_below_billion(rest, full=full or bool(words), zero_word=zero_word)
    return words


def number_in_words(number: int, *, zero_word: str = "linh") -> str:
    """105 → "một trăm linh năm"; 1010 → "một nghìn không trăm mười"; 10**12 → "một nghìn tỷ".

    `zero_word` is "linh" (northern usage, the default) or "lẻ" (southern usage).
    """
    if number < 0:
        return "âm " + number_in_words(-number, zero_word=zero_word)
    if number == 0:
        return "không"
    return " ".join(_read(number, full=False, zero_word=zero_word))


def amount_in_words(amount: int, *, zero_word: str = "linh") -> str:
    """1652000 → "Một triệu sáu trăm năm mươi hai nghìn đồng" (the "Bằng chữ" line)."""
    words = number_in_words(amount, zero_word=zero_word)
    return words[0].upper() + words[1:] + " đồng"


_DAY_MONTH_YEAR = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


def parse_vn_date(text: str) -> dt.date:
    """ "05/01/2026" → date(2026, 1, 5): exactly dd/mm/yyyy, a real day. ValueError otherwise
    (a year-first "2026-01-05", "5/1/2026", "31/02/2026")."""
    match = _DAY_MONTH_YEAR.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not dd/mm/yyyy: {text!r}")
    day, month, year = (int(part) for part in match.groups())
    return dt.date(year, month, day)  # ValueError for a day the month does not have


DATE_EXAMPLE = "ngày/tháng/năm (dd/mm/yyyy), ví dụ 15/12/2023"


class TypedDateError(ValueError):
    """A date a person typed that is not a real dd/mm/yyyy day; the message is Vietnamese."""


def typed_date(text: str | None, label: str, default: dt.date | None = None) -> dt.date:
    """A date typed on a page (query parameter or form field), read as dd/mm/yyyy.

    Empty gives `default`; empty without a default, a year-first "2024-01-31", "5/1/2024" or a
    day the month does not have raise TypedDateError naming the field (`label`, e.g. "Từ ngày").
    """
    if text is None or not text.strip():
        if default is None:
            raise TypedDateError(f"Nhập “{label}” theo dạng {DATE_EXAMPLE}.")
        return default
    try:
        return parse_vn_date(text)
    except ValueError:
        raise TypedDateError(
            f"“{label}” không đúng: “{text.strip()[:20]}”. Viết ngày theo dạng {DATE_EXAMPLE}."
        ) from None


def typed_period(
    start: str | None, end: str | None, default: tuple[dt.date, dt.date] | None = None
) -> tuple[dt.date, dt.date]:
    """The "Từ ngày" / "Đến ngày" pair of a page, both dd/mm/yyyy; the end not before the start."""
    first = typed_date(start, "Từ ngày", default[0] if default else None)
    last = typed_date(end, "Đến ngày", default[1] if default else None)
    if last < first:
        raise TypedDateError("“Đến ngày” phải sau hoặc bằng “Từ ngày”.")
    return first, last
