"""Dates and times as the forms print them, always in Vietnamese time.

The forms are Vietnamese legal documents: their wall-clock time is Asia/Ho_Chi_Minh whatever the
server's or the request's active time zone, so a reprint on another machine prints the same hour.
"""

from __future__ import annotations

import datetime as dt

from motcua.domain.vnformat import nd30_date
from motcua.domain.vntime import VN

VIETNAM = VN
BLANK = "……"


def vietnam_time(moment: dt.datetime) -> dt.datetime:
    """Aware → Vietnamese wall-clock time (naive); naive is taken as Vietnamese time already."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(VIETNAM).replace(tzinfo=None)


def day_of(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return vietnam_time(value).date()
    return value


def long_date(value: dt.date | dt.datetime | None) -> str:
    """→ "ngày 05 tháng 01 năm 2026" (NĐ 30/2020/NĐ-CP)."""
    if value is None:
        return BLANK
    return nd30_date(day_of(value))


def time_and_date(value: dt.datetime | None) -> str:
    """→ "08 giờ 30 phút, ngày 05 tháng 01 năm 2026" (the receipt's times)."""
    if value is None:
        return BLANK
    local = vietnam_time(value)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, {nd30_date(local.date())}"


def short_date(value: dt.date | dt.datetime | None) -> str:
    """→ "05/01/2026" (table cells)."""
    if value is None:
        return ""
    return day_of(value).strftime("%d/%m/%Y")


def short_date_time(value: dt.datetime | None) -> str:
    """→ "08:30 05/01/2026" (table cells)."""
    if value is None:
        return ""
    return vietnam_time(value).strftime("%H:%M %d/%m/%Y")


def place_and_date(place: str, day: dt.date) -> str:
    """→ "Phú Mỹ, ngày 05 tháng 01 năm 2026"."""
    return f"{place}, {nd30_date(day)}"


def recipients_lines(recipients: tuple[str, ...]) -> list[str]:
    """("Như trên", "Lưu: VT") → ["- Như trên;", "- Lưu: VT."] (the "Nơi nhận" block)."""
    lines = [f"- {item.rstrip(';.')};" for item in recipients]
    if lines:
        lines[-1] = lines[-1][:-1] + "."
    return lines
