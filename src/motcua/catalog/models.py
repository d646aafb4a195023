"""The procedure catalogue (TTHC), versioned by effective date.

A `Procedure` is the identity (the national code, e.g. 1.001193). Everything the law can change —
name, time limit, fees, documents, internal process — lives on a `ProcedureVersion` that takes
effect from `valid_from`. The version in force on a day is the one with the latest `valid_from`
on or before it; a dossier pins the version it was received under.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import OuterRef, QuerySet, Subquery

from motcua.domain.fees import FeeError, FeeRule
from motcua.domain.result_forms import ResultForm
from motcua.domain.text import fold
from motcua.domain.vnformat import format_money


class Field(models.Model):
    code = models.CharField("mã lĩnh vực", max_length=20, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=200)
    ministry = models.CharField("bộ, ngành quản lý", max_length=200, blank=True)
    report_order = models.PositiveSmallIntegerField("thứ tự trên báo cáo", default=99)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["report_order", "name"]

    def __str__(self) -> str:
        return self.name


class ProcedureKind(models.TextChoices):
    PROCEDURE = "procedure", "Thủ tục hành chính"
    REPORTING_STREAM = "reporting_stream", "Nhóm công việc báo cáo (không phải TTHC)"


class Level(models.TextChoices):
    COMMUNE = "commune", "Cấp xã"
    DISTRICT = "district", "Cấp huyện"
    PROVINCE = "province", "Cấp tỉnh"
    CENTRAL = "central", "Cấp trung ương"
    POLICE = "police", "Cơ quan công an"
    SOCIAL_INSURANCE = "social_insurance", "Cơ quan bảo hiểm xã hội"


class OnlineLevel(models.TextChoices):
    FULL = "full", "Toàn trình"
    PARTIAL = "partial", "Một phần"
    NONE = "none", "Cung cấp thông tin"


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "ngày làm việc"
    WORKING_HOURS = "working_hours", "giờ làm việc"
    CALENDAR_DAYS = "calendar_days", "ngày"
    SAME_DAY = "same_day", "trong ngày (sau 15 giờ: ngày làm việc tiếp theo)"


class Procedure(models.Model):
    code = models.CharField("mã thủ tục", max_length=30, unique=True)
    kind = models.CharField(
        "loại", max_length=20, choices=ProcedureKind.choices, default=ProcedureKind.PROCEDURE
    )
    result_form = models.CharField(
        "mẫu văn bản kết quả",
        max_length=20,
        blank=True,
        choices=[(form.value, form.label) for form in ResultForm],
        help_text=(
            "Để trống: xác định theo tên kết quả trong danh mục (quyết định, giấy xác nhận, "
            "giấy chứng nhận, thông báo; giấy tờ hộ tịch, cư trú, đất đai do hệ thống chuyên "
            "ngành cấp)."
        ),
    )

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["code"]

    def __str__(self) -> str:
        version = self.version_on(dt.date.today())
        return f"{self.code} {version.name if version else ''}".strip()

    def version_on(self, day: dt.date) -> ProcedureVersion | None:
        """The version in force on `day` (None before the first version takes effect)."""
        return self.versions.filter(valid_from__lte=day).order_by("-valid_from").first()


class ProcedureVersion(models.Model):
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="versions", verbose_name="thủ tục"
    )
    valid_from = models.DateField("áp dụng từ ngày")
    name = models.CharField("tên thủ tục", max_length=500)
    name_fold = models.CharField(
        "tên không dấu (để tìm)", max_length=500, db_index=True, editable=False
    )
    field = models.ForeignKey(Field, on_delete=models.PROTECT, verbose_name="lĩnh vực")
    level = models.CharField("cấp thực hiện", max_length=20, choices=Level.choices)
    performing_agency = models.CharField("cơ quan thực hiện", max_length=300, blank=True)
    online_level = models.CharField(
        "mức độ dịch vụ công trực tuyến",
        max_length=10,
        choices=OnlineLevel.choices,
        default=OnlineLevel.NONE,
    )
    channels = models.JSONField(
        "cách thức nộp", default=list, help_text='Danh sách trong "counter", "online", "postal".'
    )
    result_delivery = models.JSONField(
        "cách thức nhận kết quả",
        default=list,
        help_text='Danh sách trong "desk", "post", "electronic".',
    )
    time_limit_value = models.PositiveIntegerField("thời hạn giải quyết", default=0)
    time_limit_unit = models.CharField("đơn vị thời hạn", max_length=20, choices=TimeUnit.choices)
    time_limit_text = models.TextField("thời hạn (nguyên văn)", blank=True)
    result_types = models.JSONField("kết quả", default=list)
    legal_basis = models.JSONField("căn cứ pháp lý", default=list)
    publication_decision = models.CharField("quyết định công bố", max_length=200, blank=True)
    publication_date = models.DateField("ngày công bố", null=True, blank=True)
    publication_by = models.CharField("cơ quan công bố", max_length=200, blank=True)
    published_at_desk = models.BooleanField("công khai tại Bộ phận Một cửa", default=True)
    published_on_portal = models.BooleanField("công khai trên Cổng DVC", default=True)
    interlinked_group = models.PositiveSmallIntegerField(
        "nhóm liên thông (NĐ 63/2024)", null=True, blank=True
    )
    interlinked_order = models.PositiveSmallIntegerField("thứ tự trong nhóm", null=True, blank=True)
    sources = models.JSONField("nguồn dữ liệu", default=list)
    assumed_fields = models.JSONField("trường giả định", default=list, blank=True)
    notes = models.TextField("ghi chú", blank=True)
    # The e-form (tờ khai điện tử) of this version: catalog/eform_definition.py checks its shape.
    eform = models.JSONField("tờ khai điện tử", default=dict, blank=True)

    class Meta:
        verbose_name = "phiên bản thủ tục"
        verbose_name_plural = "phiên bản thủ tục"
        ordering = ["procedure__code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "valid_from"], name="one_version_per_procedure_and_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} {self.name} (từ {self.valid_from:%d/%m/%Y})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_fold = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def time_limit_display(self) -> str:
        if self.time_limit_unit == TimeUnit.SAME_DAY:
            return "Trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo"
        return f"{self.time_limit_value} {self.get_time_limit_unit_display()}"


def current_versions(day: dt.date) -> QuerySet[ProcedureVersion]:
    """One row per procedure: the version in force on `day`."""
    latest = (
        ProcedureVersion.objects.filter(procedure=OuterRef("procedure"), valid_from__lte=day)
        .order_by("-valid_from")
        .values("id")[:1]
    )
    return ProcedureVersion.objects.filter(id=Subquery(latest))


class FeeKind(models.TextChoices):
    FEE = "phi", "Phí"
    CHARGE = "le_phi", "Lệ phí"


class FeeRuleKind(models.TextChoices):
    FIXED = "fixed", "Mức cố định"
    PER_PAGE = "per_page", "Theo trang, có mức trần"
    PER_UNIT = "per_unit", "Theo đơn vị (chữ ký, bản…)"
    FREE = "free", "Miễn phí"


class Fee(models.Model):
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField("thứ tự", default=1)
    kind = models.CharField("loại", max_length=10, choices=FeeKind.choices)
    name = models.CharField("tên khoản thu", max_length=300)
    rule = models.CharField("cách tính", max_length=10, choices=FeeRuleKind.choices)
    amount = models.PositiveIntegerField(
        "mức thu (đồng)",
        null=True,
        blank=True,
        help_text="Để trống khi chưa có mức thu chính thức (HĐND tỉnh chưa quy định).",
    )
    first_pages = models.PositiveSmallIntegerField("số trang đầu", null=True, blank=True)
    per_page_first = models.PositiveIntegerField("đồng/trang (trang đầu)", null=True, blank=True)
    per_page_after = models.PositiveIntegerField("đồng/trang (từ trang sau)", null=True, blank=True)
    cap = models.PositiveIntegerField("mức tối đa mỗi bản (đồng)", null=True, blank=True)
    unit_text = models.CharField("đơn vị tính", max_length=100, blank=True)
    exemptions = models.JSONField("trường hợp miễn", default=list, blank=True)
    legal_ref = models.CharField("căn cứ", max_length=300, blank=True)
    assumed = models.BooleanField("giả định (chưa kiểm chứng)", default=False)

    class Meta:
        verbose_name = "phí, lệ phí"
        verbose_name_plural = "phí, lệ phí"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name

    def as_rule(self) -> FeeRule:
        """The rule as the pure fee arithmetic (domain/fees.py) takes it."""
        needs_amount = self.rule in (FeeRuleKind.FIXED, FeeRuleKind.PER_UNIT)
        if needs_amount and self.amount is None:
            raise FeeError(f"Khoản thu “{self.name}” chưa có mức thu; cần cập nhật danh mục.")
        return FeeRule(
            rule=self.rule,  # type: ignore[arg-type]  # choices match RuleKind
            amount=self.amount or 0,
            first_pages=self.first_pages,
            per_page_first=self.per_page_first,
            per_page_after=self.per_page_after,
            cap=self.cap,
        )

    def describe(self) -> str:
        """The rule in words, as on the notice board: "2.000 đồng/trang cho 2 trang đầu, …"."""
        money = format_money
        amount = self.amount
        if amount is None and self.rule in (FeeRuleKind.FIXED, FeeRuleKind.PER_UNIT):
            return "theo mức do Hội đồng nhân dân tỉnh quy định (chưa cập nhật)"
        if self.rule == FeeRuleKind.FREE or (self.rule == FeeRuleKind.FIXED and not amount):
            return "miễn phí" if self.rule == FeeRuleKind.FREE else "không thu"
        if self.rule == FeeRuleKind.FIXED:
            return money(amount or 0)
        if self.rule == FeeRuleKind.PER_UNIT:
            return f"{money(amount or 0)}/{self.unit_text or 'lần'}"
        text = (
            f"{money(self.per_page_first or 0)}/trang cho {self.first_pages} trang đầu, "
            f"{money(self.per_page_after or 0)}/trang từ trang thứ {(self.first_pages or 0) + 1}"
        )
        return text + (f", tối đa {money(self.cap)}/bản" if self.cap else "")


class CopyKind(models.TextChoices):
    ORIGINAL = "original", "Bản chính"
    COPY = "copy", "Bản sao"
    CERTIFIED_COPY = "certified_copy", "Bản sao có chứng thực"
    ORIGINAL_OR_CERTIFIED_COPY = (
        "original_or_certified_copy",
        "Bản chính hoặc bản sao có chứng thực",
    )
    PRESENTED = "presented", "Xuất trình"


class Component(models.Model):
    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="components"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=1)
    name = models.CharField("tên giấy tờ", max_length=500)
    copy_kind = models.CharField("loại bản", max_length=30, choices=CopyKind.choices)
    count = models.PositiveSmallIntegerField("số lượng", default=1)
    must_digitise = models.BooleanField("phải số hóa", default=True)
    reusable = models.BooleanField("được tái sử dụng từ kho dữ liệu", default=False)
    form_template = models.CharField("mẫu đơn, tờ khai", max_length=300, blank=True)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class ProcessStep(models.Model):
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("bước")
    name = models.CharField("nội dung công việc", max_length=300)
    performer = models.CharField("người/cơ quan thực hiện", max_length=30)
    share = models.DecimalField("tỷ lệ thời hạn", max_digits=4, decimal_places=3)

    class Meta:
        verbose_name = "bước quy trình nội bộ"
        verbose_name_plural = "quy trình nội bộ"
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Publication(models.Model):
    """A procedure published by a unit (công khai tại Bộ phận Một cửa / trên Cổng DVC)."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="publications", verbose_name="đơn vị"
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="publications", verbose_name="thủ tục"
    )
    at_desk = models.BooleanField("tại Bộ phận Một cửa", default=True)
    on_portal = models.BooleanField("trên Cổng dịch vụ công", default=True)
    local_code = models.CharField("mã thủ tục tại địa phương", max_length=60, blank=True)

    class Meta:
        verbose_name = "công khai thủ tục tại đơn vị"
        verbose_name_plural = "công khai thủ tục tại đơn vị"
        constraints = [
            models.UniqueConstraint(fields=["unit", "procedure"], name="one_publication_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.procedure.code}"
