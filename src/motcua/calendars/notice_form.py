"""One admin form for a notice of days off: the document and its days, dates in dd/mm/yyyy.

The days become CalendarDay rows (national, pointing to the notice); saving the form again
replaces them. calendars/admin.py records an audit event for the notice and for each row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from motcua.calendars.models import CalendarDay, CalendarNotice, ExceptionKind, UncertainDay
from motcua.calendars.official import parse_day

DATE_FORMAT = "%d/%m/%Y"
DayLines = list[tuple[dt.date, str]]
_LINES_HELP = (
    "Mỗi dòng một ngày dd/mm/yyyy, có thể ghi lý do sau dấu gạch ngang, "
    "ví dụ: 02/01/2026 - Nghỉ hoán đổi dịp Tết Dương lịch"
)


def vn_date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 07/12/2026."},
        **kwargs,
    )


def parse_lines(text: str, default_reason: str) -> DayLines:
    """«dd/mm/yyyy [- lý do]» lines → (date, reason); Vietnamese errors."""
    days: DayLines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        date_text, _, reason = line.partition("-")
        try:
            day = parse_day(date_text)
        except ValueError as exc:
            raise ValidationError(
                f"Dòng {number}: “{date_text.strip()}” không phải ngày dd/mm/yyyy."
            ) from exc
        days.append((day, reason.strip() or default_reason))
    return days


class NoticeForm(forms.ModelForm):  # type: ignore[type-arg]
    issued_on = vn_date_field("Ngày ban hành")
    url = forms.URLField(
        label="Đường dẫn văn bản", required=False, max_length=500, assume_scheme="https"
    )
    days_off = forms.CharField(
        label="Ngày nghỉ (thứ Hai – thứ Sáu)",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_LINES_HELP,
    )
    work_days = forms.CharField(
        label="Ngày làm việc bù (thứ Bảy, Chủ nhật)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_LINES_HELP,
    )

    class Meta:
        model = CalendarNotice
        fields = ["number", "issuer", "issued_on", "year", "title", "url"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            rows = list(self.instance.days.order_by("day"))
            self.initial["days_off"] = _as_text(rows, ExceptionKind.OFF)
            self.initial["work_days"] = _as_text(rows, ExceptionKind.WORK)

    def clean_days_off(self) -> DayLines:
        return parse_lines(self.cleaned_data.get("days_off", ""), "Ngày nghỉ theo thông báo")

    def clean_work_days(self) -> DayLines:
        return parse_lines(self.cleaned_data.get("work_days", ""), "Ngày làm việc bù")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        off, work = data.get("days_off") or [], data.get("work_days") or []
        if "days_off" in data and "work_days" in data and not off and not work:
            raise ValidationError("Thông báo phải có ít nhất một ngày nghỉ hoặc ngày làm bù.")
        errors = [*_weekday_errors(off, work), *self._conflicts([d for d, _ in off + work])]
        year = data.get("year")
        if year is not None:
            errors += [
                f"Ngày {day:%d/%m/%Y} không thuộc năm {year} hoặc năm liền kề."
                for day, _ in off + work
                if abs(day.year - year) > 1
            ]
        if errors:
            raise ValidationError(errors)
        return data

    def _conflicts(self, days: list[dt.date]) -> list[str]:
        seen: set[dt.date] = set()
        errors = []
        for day in days:
            if day in seen:
                errors.append(f"Ngày {day:%d/%m/%Y} được ghi hai lần.")
            seen.add(day)
        others = CalendarDay.objects.filter(day__in=days, province__isnull=True)
        if self.instance.pk is not None:
            others = others.exclude(notice=self.instance)
        errors += [f"Ngày {row.day:%d/%m/%Y} đã có quyết định khác: {row}." for row in others]
        return errors


def _weekday_errors(off: DayLines, work: DayLines) -> list[str]:
    errors = [
        f"Ngày nghỉ {day:%d/%m/%Y} là thứ Bảy hoặc Chủ nhật (vốn là ngày nghỉ)."
        for day, _ in off
        if day.weekday() >= 5
    ]
    errors += [
        f"Ngày làm bù {day:%d/%m/%Y} không phải thứ Bảy hoặc Chủ nhật."
        for day, _ in work
        if day.weekday() < 5
    ]
    return errors


def _as_text(rows: list[CalendarDay], kind: str) -> str:
    return "\n".join(f"{row.day:%d/%m/%Y} - {row.reason}" for row in rows if row.kind == kind)


def replace_days(
    notice: CalendarNotice, off: DayLines, work: DayLines
) -> tuple[list[CalendarDay], list[CalendarDay]]:
    """Make the notice's national days exactly these; returns (created, deleted) rows, the
    deleted ones still carrying their primary key for the audit event."""
    legal_ref = f"{notice.number} ngày {notice.issued_on:%d/%m/%Y} của {notice.issuer}"
    deleted = list(notice.days.all())
    for row in deleted:
        pk = row.pk
        row.delete()
        row.pk = pk
    created = [
        CalendarDay.objects.create(
            day=day, kind=kind, reason=reason[:300], legal_ref=legal_ref[:300], notice=notice
        )
        for kind, lines in ((ExceptionKind.OFF, off), (ExceptionKind.WORK, work))
        for day, reason in lines
    ]
    return created, deleted


class UncertainDayForm(forms.ModelForm):  # type: ignore[type-arg]
    applies_from = vn_date_field("Áp dụng từ ngày")

    class Meta:
        model = UncertainDay
        fields = ["name", "day", "month", "applies_from", "is_day_off", "basis", "reason"]
