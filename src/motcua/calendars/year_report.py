"""A year's days off and worked weekend days with their sources, for an official to compare
with the notices (`motcua calendar year YYYY`), and the admin's missing-notice warning."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from motcua.calendars.models import CalendarDay, CalendarNotice, UncertainDay
from motcua.calendars.official import schedule
from motcua.calendars.services import calendar_for
from motcua.units.models import Unit

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
PACKAGE_ONLY = "chỉ theo gói holidays, CHƯA có văn bản xác nhận"
NOTICE_DEADLINE = (12, 1)  # by 1 December the next year's notice should be loaded


def day_label(day: dt.date) -> str:
    return f"{day:%d/%m/%Y} ({WEEKDAYS[day.weekday()]})"


@dataclass(frozen=True)
class Source:
    text: str
    url: str = ""
    assumed: bool = False


def _admin_rows(year: int, unit: Unit | None) -> dict[dt.date, CalendarDay]:
    province = unit.province() if unit is not None else None
    rows = CalendarDay.objects.filter(day__year=year).select_related("notice")
    chosen: dict[dt.date, CalendarDay] = {}
    for row in rows.filter(province__isnull=True):
        chosen[row.day] = row
    if province is not None:
        for row in rows.filter(province=province):
            chosen[row.day] = row
    return chosen


def _source(
    day: dt.date, admin: dict[dt.date, CalendarDay], uncertain: list[UncertainDay]
) -> Source:
    row = admin.get(day)
    if row is not None:
        if row.notice is not None:
            return Source(f"{row.notice} — nhập bởi quản trị hệ thống", row.notice.url)
        return Source(f"{row.legal_ref} — nhập bởi quản trị hệ thống")
    for item in uncertain:
        if (day.month, day.day) == (item.month, item.day) and day >= item.applies_from:
            return Source(f"cài đặt «{item.name}» áp dụng từ {item.applies_from:%d/%m/%Y}")
    official = schedule().days.get(day)
    if official is not None:
        return Source(official.source.label(), official.source.url, official.assumed)
    return Source(PACKAGE_ONLY)


def _line(day: dt.date, reason: str, source: Source) -> list[str]:
    mark = "  [giả định]" if source.assumed else ""
    lines = [f"  {day_label(day)}  {reason}{mark}", f"      căn cứ: {source.text}"]
    if source.url:
        lines.append(f"      {source.url}")
    return lines


def year_report(year: int, unit: Unit | None = None) -> list[str]:
    calendar = calendar_for(unit)
    official = schedule()
    admin = _admin_rows(year, unit)
    uncertain = list(UncertainDay.objects.all())
    lines = [f"Lịch nghỉ lễ, Tết năm {year} của cán bộ, công chức, viên chức"]
    notices = official.notices_for(year)
    added = list(CalendarNotice.objects.filter(year=year))
    lines.append("Văn bản:")
    for document in notices:
        lines.append(f"  - {document.label()}: {document.title}")
        lines.append(f"    {document.url}")
        lines.append(f"    Đã đọc: {document.read}")
    for notice in added:
        lines.append(f"  - {notice}: {notice.title} (nhập bởi quản trị hệ thống)")
        if notice.url:
            lines.append(f"    {notice.url}")
    if not notices and not added:
        lines.append(f"  CHƯA có thông báo nào cho năm {year}: lịch dưới đây theo gói holidays.")
    lines.append("Ngày nghỉ (thứ Hai – thứ Sáu):")
    for day, reason in calendar.days_off(year):
        if day.weekday() < 5:
            lines.extend(_line(day, reason, _source(day, admin, uncertain)))
    lines.append("Ngày làm việc bù (thứ Bảy, Chủ nhật):")
    for day, reason in calendar.makeup_days(year):
        lines.extend(_line(day, reason, _source(day, admin, uncertain)))
    lines.extend(_uncertain_lines(year, uncertain))
    if year in official.assumed_reasons:
        lines.append(f"Giả định: {official.assumed_reasons[year]}")
    return lines


def _uncertain_lines(year: int, uncertain: list[UncertainDay]) -> list[str]:
    lines: list[str] = []
    for item in uncertain:
        day = dt.date(year, item.month, item.day)
        if day < item.applies_from:
            continue
        choice = "NGÀY NGHỈ" if item.is_day_off else "ngày làm việc"
        lines.append("Ngày chưa chắc chắn về căn cứ pháp lý:")
        lines.append(
            f"  {day_label(day)}  {item.name}: tính là {choice} "
            f"(cài đặt áp dụng từ {item.applies_from:%d/%m/%Y})"
        )
        lines.append(f"      lý do: {item.reason}")
    return lines


def notice_missing(today: dt.date) -> str | None:
    """From 1 December: a warning when next year has no notice, shipped or added."""
    if (today.month, today.day) < NOTICE_DEADLINE:
        return None
    year = today.year + 1
    if schedule().notices_for(year) or CalendarNotice.objects.filter(year=year).exists():
        return None
    return (
        f"Chưa có thông báo lịch nghỉ lễ, Tết năm {year}: thời hạn giải quyết qua năm {year} "
        "đang tính theo gói holidays. Hãy nhập thông báo (Thông báo lịch nghỉ → Thêm)."
    )


def statutory_rows(year: int) -> list[dict[str, str]]:
    """The year's days off (Monday–Friday) and make-up working days as the deadlines count them:
    the statutory holidays and official notices with any administrator rows, each with its
    basis (shown read-only beside the entered exceptions in the admin)."""
    calendar = calendar_for(None)
    admin = _admin_rows(year, None)
    uncertain = list(UncertainDay.objects.all())
    rows: list[dict[str, str]] = []
    for kind, days in (
        ("ngày nghỉ", [(d, r) for d, r in calendar.days_off(year) if d.weekday() < 5]),
        ("ngày làm việc bù", list(calendar.makeup_days(year))),
    ):
        for day, reason in days:
            source = _source(day, admin, uncertain)
            rows.append(
                {
                    "day": day_label(day),
                    "kind": kind,
                    "reason": reason + (" (giả định)" if source.assumed else ""),
                    "source": source.text,
                }
            )
    return rows
