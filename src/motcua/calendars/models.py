"""Admin-editable calendar data layered over the `holidays` package (see domain/workcalendar.py)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from motcua.domain.workcalendar import OfficeHours


class ExceptionKind(models.TextChoices):
    OFF = "off", "Ngày nghỉ"
    WORK = "work", "Ngày làm việc bù"


class CalendarDay(models.Model):
    """A dated government decision: a day off or a make-up working day, with its legal basis.

    It wins over the `holidays` package. `province` empty = the whole country.
    """

    day = models.DateField("ngày")
    kind = models.CharField("loại", max_length=4, choices=ExceptionKind.choices)
    reason = models.CharField("lý do", max_length=300)
    legal_ref = models.CharField("căn cứ (số, ngày văn bản)", max_length=300)
    province = models.ForeignKey(
        "units.Unit",
        verbose_name="áp dụng cho tỉnh",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        limit_choices_to={"kind": "province"},
        help_text="Để trống nếu áp dụng cả nước.",
    )

    class Meta:
        verbose_name = "ngày nghỉ / ngày làm bù"
        verbose_name_plural = "ngày nghỉ / ngày làm bù"
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["day", "province"], name="one_exception_per_day"),
            models.UniqueConstraint(
                fields=["day"],
                condition=models.Q(province__isnull=True),
                name="one_national_exception_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}: {self.reason}"


class OfficeSessions(models.Model):
    """Office sessions of a province (default 07:00–11:30 and 13:30–17:00)."""

    province = models.OneToOneField(
        "units.Unit",
        verbose_name="tỉnh",
        on_delete=models.CASCADE,
        limit_choices_to={"kind": "province"},
    )
    morning_start = models.TimeField("sáng từ", default=dt.time(7, 0))
    morning_end = models.TimeField("sáng đến", default=dt.time(11, 30))
    afternoon_start = models.TimeField("chiều từ", default=dt.time(13, 30))
    afternoon_end = models.TimeField("chiều đến", default=dt.time(17, 0))
    legal_ref = models.CharField("căn cứ", max_length=300, blank=True)

    class Meta:
        verbose_name = "giờ làm việc"
        verbose_name_plural = "giờ làm việc"

    def __str__(self) -> str:
        return (
            f"{self.province}: {self.morning_start:%H:%M}–{self.morning_end:%H:%M}, "
            f"{self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"
        )

    def clean(self) -> None:
        try:
            self.office_hours()
        except ValueError as exc:
            raise ValidationError(
                "Giờ làm việc không hợp lệ: các buổi phải theo thứ tự và không chồng lên nhau."
            ) from exc

    def office_hours(self) -> OfficeHours:
        return OfficeHours(
            sessions=(
                (self.morning_start, self.morning_end),
                (self.afternoon_start, self.afternoon_end),
            )
        )
