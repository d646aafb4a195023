"""Admin-editable calendar data, layered over the shipped official schedule (official.py) and the
`holidays` package (see calendars/services.py for the order)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models

from motcua.domain.workcalendar import OfficeHours


class ExceptionKind(models.TextChoices):
    OFF = "off", "Ngày nghỉ"
    WORK = "work", "Ngày làm việc bù"


class CalendarNotice(models.Model):
    """A notice of the days off of a year (Thông báo / Công văn), added in the admin.

    Its days are CalendarDay rows pointing back to it (calendars/notice_form.py writes both).
    """

    number = models.CharField("số văn bản", max_length=60)
    issuer = models.CharField("cơ quan ban hành", max_length=120)
    issued_on = models.DateField("ngày ban hành")
    year = models.PositiveSmallIntegerField("năm áp dụng")
    title = models.CharField("trích yếu", max_length=300)
    url = models.URLField("đường dẫn văn bản", max_length=500, blank=True)

    class Meta:
        verbose_name = "thông báo lịch nghỉ"
        verbose_name_plural = "thông báo lịch nghỉ"
        ordering = ["-year", "-issued_on"]

    def __str__(self) -> str:
        return f"{self.number} ngày {self.issued_on:%d/%m/%Y} ({self.issuer})"


class UncertainDay(models.Model):
    """A yearly day whose legal basis is uncertain (24/11): the administrator decides, from a date.

    Seeded from the official data file with its default (not a day off) and the reason.
    """

    key = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên ngày", max_length=120)
    month = models.PositiveSmallIntegerField("tháng")
    day = models.PositiveSmallIntegerField("ngày")
    applies_from = models.DateField("áp dụng từ ngày")
    is_day_off = models.BooleanField("là ngày nghỉ", default=False)
    basis = models.TextField("căn cứ đã xem xét")
    reason = models.TextField("lý do của lựa chọn")

    class Meta:
        verbose_name = "ngày nghỉ chưa chắc chắn"
        verbose_name_plural = "ngày nghỉ chưa chắc chắn"
        ordering = ["month", "day"]

    def __str__(self) -> str:
        choice = "nghỉ" if self.is_day_off else "làm việc"
        since = f"{self.applies_from:%d/%m/%Y}"
        return f"{self.name} {self.day:02d}/{self.month:02d} ({choice} từ {since})"

    def clean(self) -> None:
        try:
            dt.date(2000, self.month, self.day)
        except (TypeError, ValueError) as exc:
            raise ValidationError("Ngày, tháng không hợp lệ.") from exc


class CalendarDay(models.Model):
    """A dated government decision: a day off or a make-up working day, with its legal basis.

    It wins over the shipped official schedule and the `holidays` package. `province` empty =
    the whole country; `notice` = the notice added in the admin that brought it.
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
    notice = models.ForeignKey(
        CalendarNotice,
        verbose_name="thông báo",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="days",
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
