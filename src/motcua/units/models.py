"""Administrative units and agencies, with their history.

Both organisations are real: province → district → commune before 01/7/2025, province → commune
after (NQ 202/2025/QH15). A unit that ended keeps its rows, its end date and its successor, so
that old dossiers stay under the unit that held them.

Identity: ``code`` is the unit's key in motcua, unique and never reused. ``admin_code`` is the
mã ĐVHC of the official list; it is not an identity over time, because a code may pass from an
ended unit to its successor (30406: thị trấn Phú Mỹ until 30/6/2025, xã Phú Tân from 01/7/2025).
Two units never hold the same ``admin_code`` on the same day (``units.services``); the unit that
took over a code already keyed by an ended unit is keyed ``<code>-2025`` (``units.official``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from motcua.domain.codes import CodeError, short_agency_code
from motcua.domain.text import fold


def validate_agency_code(value: str) -> None:
    try:
        short_agency_code(value)
    except CodeError as exc:
        raise ValidationError(str(exc)) from exc


class UnitKind(models.TextChoices):
    PROVINCE = "province", "Tỉnh, thành phố trực thuộc trung ương"
    DISTRICT = "district", "Huyện, quận, thị xã, thành phố thuộc tỉnh"
    COMMUNE = "commune", "Xã, phường, thị trấn, đặc khu"
    DEPARTMENT = "department", "Sở, ban, ngành; cơ quan chuyên môn"
    PUBLIC_SERVICE_CENTRE = "public_service_centre", "Trung tâm Phục vụ hành chính công"
    AGENCY = "agency", "Cơ quan khác (công an, bảo hiểm xã hội…)"


class Unit(models.Model):
    code = models.CharField(
        "mã đơn vị",
        max_length=40,
        unique=True,
        help_text=(
            "Khóa của đơn vị trong hệ thống, không bao giờ dùng lại: mã ĐVHC, hoặc “mã ĐVHC-2025” "
            "khi mã đã thuộc một đơn vị cũ; mã riêng cho cơ quan, trung tâm."
        ),
    )
    admin_code = models.CharField(
        "mã ĐVHC",
        max_length=10,
        blank=True,
        db_index=True,
        help_text="Mã đơn vị hành chính theo danh mục (QĐ 19/2025/QĐ-TTg từ 01/7/2025).",
    )
    name = models.CharField("tên đơn vị", max_length=200)
    name_fold = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField("loại đơn vị", max_length=30, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    agency_code = models.CharField(
        "mã định danh điện tử",
        max_length=20,
        blank=True,
        validators=[validate_agency_code],
        help_text="Dạng đầy đủ theo QĐ 20/2020/QĐ-TTg, ví dụ 000.00.00.H01.",
    )
    short_code = models.CharField(
        "mã rút gọn",
        max_length=20,
        blank=True,
        db_index=True,
        editable=False,
        help_text="Dạng dùng trong mã hồ sơ, ví dụ H01 hoặc H56.14.",
    )
    valid_from = models.DateField("hiệu lực từ ngày", null=True, blank=True)
    valid_to = models.DateField(
        "hết hiệu lực từ ngày",
        null=True,
        blank=True,
        help_text="Ngày cuối cùng đơn vị còn tồn tại.",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name="đơn vị kế thừa",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    legal_ref = models.CharField("căn cứ pháp lý", max_length=300, blank=True)
    source = models.CharField(
        "nguồn dữ liệu",
        max_length=400,
        blank=True,
        help_text="Danh mục, văn bản hoặc tệp dữ liệu mà dòng này lấy từ đó.",
    )
    assumed = models.CharField(
        "trường giả định",
        max_length=200,
        blank=True,
        help_text="Các trường chưa có nguồn chính thức (giả định), cách nhau bởi dấu phẩy.",
    )

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_fold = fold(self.name)
        self.short_code = short_agency_code(self.agency_code) if self.agency_code else ""
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def is_active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def province(self) -> Unit | None:
        unit: Unit | None = self
        while unit is not None and unit.kind != UnitKind.PROVINCE:
            unit = unit.parent
        return unit
