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
        verbose_name = "số thứ tự biên lai"
        verbose_name_plural = "số thứ tự biên lai"
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_receipt_sequence_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


class OnlineState(models.TextChoices):
    PENDING = "pending", "Chờ cổng thanh toán xác nhận"
    PAID = "paid", "Đã thanh toán"
    FAILED = "failed", "Không thành công"


class OnlinePayment(models.Model):
    """One attempt to pay a dossier's waiting fees through a payment gateway (our side)."""

    order_id = models.CharField("mã giao dịch của hệ thống", max_length=60, unique=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="online_payments"
    )
    payments = models.ManyToManyField(Payment, related_name="online_attempts")
    amount = models.PositiveIntegerField("số tiền (đồng)")
    gateway = models.CharField("cổng thanh toán", max_length=30)
    state = models.CharField(
        "trạng thái", max_length=10, choices=OnlineState.choices, default=OnlineState.PENDING
    )
    gateway_ref = models.CharField("mã giao dịch của cổng", max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    callbacks = models.PositiveIntegerField("số lần cổng báo kết quả", default=0)
    last_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "giao dịch thanh toán trực tuyến"
        verbose_name_plural = "giao dịch thanh toán trực tuyến"

    def __str__(self) -> str:
        return f"{self.order_id} ({self.get_state_display()})"


class SandboxCharge(models.Model):
    """THE SANDBOX GATEWAY's own record of a charge (stands for the outside system's database)."""

    order_id = models.CharField(max_length=60, unique=True)
    amount = models.PositiveIntegerField()
    description = models.CharField(max_length=300)
    return_url = models.CharField(max_length=500)
    state = models.CharField(max_length=10, default="open")  # open | paid | failed
    gateway_ref = models.CharField(max_length=80, blank=True)
    callbacks_due = models.PositiveSmallIntegerField(default=0)
    callback_due_at = models.DateTimeField(null=True, blank=True)
    callbacks_sent = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "giao dịch của cổng thử nghiệm (sandbox)"
        verbose_name_plural = "giao dịch của cổng thử nghiệm (sandbox)"

    def __str__(self) -> str:
        return f"sandbox {self.order_id} {self.state}"
