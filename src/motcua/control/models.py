"""The register of TTHC control (kiểm soát thủ tục hành chính) kept by each unit.

What a commune reports each period besides its dossiers (docs/control-register.md): the plans it
issued, the review and simplification of procedures (TT 02/2017/TT-VPCP Chương V), communication,
inspections, initiatives, budget and equipment, and the free-text sections of the narrative report
(NarrativeDraft). Only control/services.py writes here, each act with its audit event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Registered(models.Model):
    """What every register entry has: the unit it belongs to and who recorded it."""

    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi",
        editable=False,
    )
    recorded_at = models.DateTimeField("thời điểm ghi", auto_now=True)

    class Meta:
        abstract = True


class PlanKind(models.TextChoices):
    CONTROL = "control", "Kiểm soát TTHC, cơ chế một cửa, một cửa liên thông"
    REVIEW = "review", "Rà soát, đánh giá TTHC"
    COMMUNICATION = "communication", "Tuyên truyền cải cách TTHC"
    DIGITISATION = "digitisation", "Số hóa hồ sơ, kết quả giải quyết TTHC"
    SUPERVISION = "supervision", "Giám sát cán bộ, công chức"
    OTHER = "other", "Khác"


class Plan(Registered):
    number = models.CharField("số, ký hiệu", max_length=60, help_text="Ví dụ: 169/KH-UBND.")
    issued_on = models.DateField("ngày ban hành")
    subject = models.TextField("trích yếu", help_text="Về việc …")
    kind = models.CharField("loại kế hoạch", max_length=20, choices=PlanKind.choices)

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["issued_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="one_plan_number_per_unit"),
        ]

    def __str__(self) -> str:
        return f"Kế hoạch số {self.number}"


class Outcome(models.TextChoices):
    KEPT = "kept", "Giữ nguyên"
    ABOLISHED = "abolished", "Bãi bỏ"
    AMENDED = "amended", "Sửa đổi, bổ sung"
    REPLACED = "replaced", "Thay thế"
    INTERLINKED = "interlinked", "Liên thông"
    E_ENABLED = "e_enabled", "Có giải pháp thực hiện trên môi trường điện tử"


class Review(Registered):
    """One procedure reviewed (rà soát, đánh giá), planned or asked for, and its outcome."""

    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.PROTECT, related_name="+", verbose_name="thủ tục"
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name="theo kế hoạch",
    )
    basis = models.CharField(
        "căn cứ khác",
        max_length=300,
        blank=True,
        help_text="Khi rà soát theo văn bản khác, ví dụ: Công văn số 769/VP-TH ngày 22/4/2024.",
    )
    reviewed_on = models.DateField("ngày hoàn thành rà soát", null=True, blank=True)
    outcome = models.CharField(
        "phương án đơn giản hóa", max_length=20, choices=Outcome.choices, blank=True
    )
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "rà soát thủ tục"
        verbose_name_plural = "rà soát, đánh giá thủ tục"
        ordering = ["reviewed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.procedure.code}: {self.get_outcome_display() or 'đang rà soát'}"

    @property
    def planned(self) -> bool:
        return self.plan_id is not None or bool(self.basis)


class CommunicationForm(models.TextChoices):
    BROADCAST = "broadcast", "Phát thanh trên Đài truyền thanh"
    MEETING = "meeting", "Hội nghị, họp dân"
    PRINT = "print", "Tờ rơi, pa-nô, áp phích"
    WEBSITE = "website", "Trang thông tin điện tử, mạng xã hội"
    OTHER = "other", "Hình thức khác"


class Communication(Registered):
    held_on = models.DateField("ngày thực hiện")
    form = models.CharField("hình thức", max_length=20, choices=CommunicationForm.choices)
    topic = models.CharField("nội dung", max_length=300)
    audience = models.CharField("đối tượng", max_length=200, blank=True)
    count = models.PositiveIntegerField("số lượt", default=1)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "hoạt động tuyên truyền"
        verbose_name_plural = "tuyên truyền"
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.held_on:%d/%m/%Y}"


class Inspection(Registered):
    held_on = models.DateField("ngày kiểm tra")
    subject = models.CharField("nội dung kiểm tra", max_length=300)
    inspected = models.CharField("đơn vị, bộ phận được kiểm tra", max_length=200)
    findings = models.TextField("kết quả, kiến nghị", blank=True)

    class Meta:
        verbose_name = "cuộc kiểm tra"
        verbose_name_plural = "kiểm tra thực hiện kiểm soát TTHC"
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Kiểm tra {self.inspected} {self.held_on:%d/%m/%Y}"


class Initiative(Registered):
    proposed_on = models.DateField("ngày đề xuất")
    title = models.CharField("tên sáng kiến", max_length=300)
    description = models.TextField("nội dung", blank=True)
    adopted = models.BooleanField("đã được công nhận, áp dụng", default=False)

    class Meta:
        verbose_name = "sáng kiến cải cách TTHC"
        verbose_name_plural = "sáng kiến cải cách TTHC"
        ordering = ["proposed_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ResourceKind(models.TextChoices):
    BUDGET = "budget", "Kinh phí"
    EQUIPMENT = "equipment", "Trang thiết bị"


class Resource(Registered):
    """Budget and equipment of the one-stop desk (section 14 of the report)."""

    kind = models.CharField("loại", max_length=10, choices=ResourceKind.choices)
    noted_on = models.DateField("ngày ghi nhận")
    description = models.CharField("nội dung", max_length=300)
    amount = models.PositiveBigIntegerField("số tiền (đồng)", null=True, blank=True)
    quantity = models.PositiveIntegerField("số lượng", null=True, blank=True)
    out_of_order = models.PositiveIntegerField("số bị hư", default=0)

    class Meta:
        verbose_name = "kinh phí, trang thiết bị"
        verbose_name_plural = "kinh phí, trang thiết bị"
        ordering = ["kind", "noted_on", "pk"]

    def __str__(self) -> str:
        return self.description


class NarrativeDraft(Registered):
    """The free text of one unit's narrative report for one period, keyed by the seed's numbers."""

    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    sections = models.JSONField("nội dung các mục", default=dict)

    class Meta:
        verbose_name = "dự thảo báo cáo"
        verbose_name_plural = "dự thảo báo cáo"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "start", "end"], name="one_narrative_per_unit_period"
            ),
        ]

    def __str__(self) -> str:
        return f"Báo cáo {self.unit_id} {self.start}–{self.end}"
