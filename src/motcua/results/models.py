"""The register of electronic results and of electronic certified copies.

`IssuedResult` is one signed PDF issued by a unit: a dossier's electronic result, a copy
certified electronically from an original (chứng thực bản sao điện tử từ bản chính), or the
document of one step of an inter-linked dossier (issued by the unit that performed the step).
The stored bytes, their SHA-256 and an unguessable token (the QR's verification address) are
the record; nothing here is edited after issue. `CertificationEntry` is the copy's row in the
certification book (sổ chứng thực), numbered per unit and year without gaps. Only
results/services.py writes a result (`record_signed_result`, for results/certification.py and
results/step_results.py too); the book's rows are written by results/certification.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ResultKind(models.TextChoices):
    RESULT = "result", "Kết quả giải quyết thủ tục hành chính (bản điện tử)"
    CERTIFIED_COPY = "certified_copy", "Bản sao điện tử được chứng thực từ bản chính"
    # a document one agency's step of an inter-linked dossier produced (the birth certificate,
    # the residence notice), signed with that agency's certificate (bundles.StepOutput.document)
    STEP_RESULT = "step_result", "Kết quả của một bước liên thông (bản điện tử)"


class IssuedResult(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="electronic_results",
        verbose_name="hồ sơ",
    )
    kind = models.CharField("loại", max_length=20, choices=ResultKind.choices)
    title = models.CharField("tên văn bản", max_length=300)
    number = models.CharField("số", max_length=100, blank=True)
    issuer_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị phát hành"
    )
    holder_name = models.CharField("người được cấp", max_length=200)
    issued_at = models.DateTimeField("thời điểm phát hành")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người phát hành",
    )
    file = models.FileField("tệp đã ký số", upload_to="ket-qua-dien-tu/%Y/%m/")
    sha256 = models.CharField("mã băm SHA-256", max_length=64, db_index=True)
    token = models.CharField("mã xác minh", max_length=64, unique=True)
    signer_subject = models.CharField("chủ thể chứng thư số", max_length=300)
    signer_fingerprint = models.CharField("dấu vân tay chứng thư số", max_length=64)
    event = models.ForeignKey(
        "audit.AuditEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="sự kiện phát hành",
    )

    class Meta:
        verbose_name = "kết quả điện tử đã phát hành"
        verbose_name_plural = "kết quả điện tử đã phát hành"
        ordering = ["issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(kind="result"),
                name="one_electronic_result_per_dossier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})" if self.number else self.title


class CertificationSequence(models.Model):
    """The last number of a unit's certification book in a year (rolls back with the act)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "số thứ tự chứng thực"
        verbose_name_plural = "số thứ tự chứng thực"
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_certification_book_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


class CertificationEntry(models.Model):
    """One row of the certification book for copies from originals (sổ chứng thực bản sao)."""

    result = models.OneToOneField(
        IssuedResult,
        on_delete=models.PROTECT,
        related_name="certification",
        verbose_name="bản sao điện tử",
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị chứng thực"
    )
    year = models.PositiveSmallIntegerField("năm")
    serial = models.PositiveIntegerField("số chứng thực")
    book = models.CharField("quyển số", max_length=40)
    certified_on = models.DateField("ngày chứng thực", db_index=True)
    document_name = models.CharField("giấy tờ, văn bản được chứng thực", max_length=300)
    pages = models.PositiveSmallIntegerField("số trang bản chính")
    copies = models.PositiveSmallIntegerField("số bản", default=1)
    fee_amount = models.PositiveIntegerField("phí chứng thực (đồng)", default=0)
    payment = models.ForeignKey(
        "payments.Payment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="khoản thu",
    )
    compared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người đối chiếu với bản chính",
    )
    idempotency_key = models.CharField(
        max_length=100, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = "sổ chứng thực bản sao điện tử"
        verbose_name_plural = "sổ chứng thực bản sao điện tử"
        ordering = ["unit", "year", "serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "serial"], name="one_certification_number"
            ),
        ]

    def __str__(self) -> str:
        return f"Số {self.serial}, quyển số {self.book}"
