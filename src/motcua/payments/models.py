"""Fees assessed on a dossier and their payment (docs/domain.md §7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PaymentStatus(models.TextChoices):
    WAITING = "waiting", "Chờ thanh toán"
    PAID = "paid", "Đã thanh toán"
    REFUNDED = "refunded", "Đã hoàn trả"
    CANCELLED = "cancelled", "Đã hủy"


class Method(models.TextChoices):
    CASH = "cash", "Tiền mặt tại Bộ phận Một cửa"
    TRANSFER = "transfer", "Chuyển khoản"
    ONLINE = "online", "Thanh toán trực tuyến"


class Payment(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="payments", verbose_name="hồ sơ"
    )
    fee = models.ForeignKey(
        "catalog.Fee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="khoản thu theo danh mục",
    )
    kind = models.CharField("loại", max_length=10)  # phi | le_phi
    description = models.CharField("nội dung thu", max_length=300)
    quantity_note = models.CharField("cách tính", max_length=200, blank=True)
    amount = models.PositiveIntegerField("số tiền (đồng)")
    exemption_reason = models.CharField("lý do miễn", max_length=300, blank=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.WAITING
    )
    method = models.CharField("hình thức", max_length=10, choices=Method.choices, blank=True)
    receipt_number = models.CharField("số biên lai", max_length=40, blank=True, db_index=True)
    bank_reference = models.CharField("mã giao dịch", max_length=80, blank=True)
    paid_at = models.DateTimeField("thời điểm thu", null=True, blank=True, db_index=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thu",
    )
    closed_at = models.DateTimeField("thời điểm hoàn trả/hủy", null=True, blank=True)
    close_reason = models.CharField("lý do hoàn trả/hủy", max_length=300, blank=True)
    idempotency_key = models.CharField(
        max_length=100, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = "khoản thu"
        verbose_name_plural = "phí, lệ phí"

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"


class ReceiptSequence(models.Model):
    """Receipt numbers per unit and year, gapless like dossier codes."""

    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_receipt_sequence_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"
