"""Citizen ratings of returned dossiers and feedback (phản ánh, kiến nghị — PAKN).

Only feedback/ratings.py and feedback/services.py write here; every write appends an audit event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from motcua.domain.feedback_rules import LEVEL_LABELS, PetitionKind

LEVEL_CHOICES = [(level.value, label) for level, label in LEVEL_LABELS.items()]


class Rating(models.Model):
    """The applicant's rating of one returned dossier (once per dossier)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="rating", verbose_name="hồ sơ"
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan giải quyết"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", on_delete=models.PROTECT, related_name="+", verbose_name="thủ tục"
    )
    rated_at = models.DateTimeField("thời điểm đánh giá", db_index=True)
    channel = models.CharField("kênh đánh giá", max_length=10, default="web")
    satisfied = models.BooleanField("hài lòng")
    other_text = models.TextField("ý kiến khác", blank=True)
    scheme_source = models.CharField("căn cứ phiếu đánh giá", max_length=200)

    class Meta:
        verbose_name = "đánh giá hồ sơ"
        verbose_name_plural = "đánh giá hồ sơ"
        indexes = [models.Index(fields=["unit", "rated_at"], name="rating_unit_rated")]

    def __str__(self) -> str:
        return f"Đánh giá {self.dossier}"


class RatingAnswer(models.Model):
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="answers")
    criterion = models.CharField("nội dung", max_length=20)
    level = models.CharField("mức", max_length=20, choices=LEVEL_CHOICES)

    class Meta:
        verbose_name = "câu trả lời đánh giá"
        verbose_name_plural = "câu trả lời đánh giá"
        constraints = [
            models.UniqueConstraint(fields=["rating", "criterion"], name="one_answer_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.level}"


class RatedOfficer(models.Model):
    """An officer who handled the rated dossier: received it, held a step, or was assigned."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="rated_officers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    part = models.CharField("vai trò trong hồ sơ", max_length=20)

    class Meta:
        verbose_name = "cán bộ được đánh giá"
        verbose_name_plural = "cán bộ được đánh giá"
        constraints = [
            models.UniqueConstraint(fields=["rating", "user"], name="one_row_per_rated_officer")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ({self.part})"


class PetitionState(models.TextChoices):
    RECEIVED = "received", "Đã tiếp nhận"
    ROUTED = "routed", "Đang xử lý"
    ANSWERED = "answered", "Đã trả lời"


class PetitionChannel(models.TextChoices):
    WEB = "web", "Trang thông tin điện tử"
    PHONE = "phone", "Điện thoại"
    EMAIL = "email", "Thư điện tử"
    DIRECT = "direct", "Trực tiếp"
    POST = "post", "Văn bản, bưu chính"


KIND_CHOICES = [(kind.value, kind.label) for kind in PetitionKind]


class Petition(models.Model):
    """A phản ánh, kiến nghị (NĐ 20/2008/NĐ-CP) and its handling."""

    code = models.CharField("mã phản ánh", max_length=30, unique=True)
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan tiếp nhận"
    )
    kind = models.CharField("loại", max_length=12, choices=KIND_CHOICES)
    channel = models.CharField("hình thức", max_length=10, choices=PetitionChannel.choices)
    state = models.CharField(
        "tình trạng",
        max_length=10,
        choices=PetitionState.choices,
        default=PetitionState.RECEIVED,
        db_index=True,
    )
    # Personal data: shown to the handling staff only, never published.
    submitter_name = models.CharField("họ tên người phản ánh", max_length=200)
    submitter_phone = models.CharField("điện thoại", max_length=20, blank=True)
    submitter_email = models.EmailField("thư điện tử", blank=True)
    submitter_address = models.CharField("địa chỉ", max_length=300, blank=True)
    subject = models.CharField("tiêu đề", max_length=200)
    content = models.TextField("nội dung")
    procedure = models.ForeignKey(
        "catalog.Procedure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="thủ tục liên quan",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="hồ sơ liên quan",
    )
    received_at = models.DateTimeField("thời điểm tiếp nhận", db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ghi nhận",
    )
    due_at = models.DateTimeField("hạn trả lời")
    deadline_source = models.CharField("căn cứ thời hạn", max_length=300)
    handling_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đơn vị xử lý",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cán bộ xử lý",
    )
    routed_at = models.DateTimeField("thời điểm chuyển xử lý", null=True, blank=True)
    answer = models.TextField("nội dung trả lời", blank=True)
    answered_at = models.DateTimeField("thời điểm trả lời", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người trả lời",
    )
    on_time = models.BooleanField("trả lời đúng hạn", null=True, blank=True)
    published_at = models.DateTimeField("thời điểm công khai", null=True, blank=True)
    public_question = models.TextField(
        "nội dung công khai (không có thông tin cá nhân)", blank=True
    )
    answer_satisfied = models.BooleanField("hài lòng với trả lời", null=True, blank=True)
    answer_rated_at = models.DateTimeField("thời điểm đánh giá trả lời", null=True, blank=True)
    idempotency_key = models.CharField(
        max_length=80, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["unit", "received_at"], name="petition_unit_received")]

    def __str__(self) -> str:
        return f"{self.code} — {self.subject}"
