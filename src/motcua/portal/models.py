"""Sync with Cổng Dịch vụ công quốc gia: the outbox of status messages and the portal's dossiers.

Only portal/outbox.py (inside the dossier act's transaction), portal/delivery.py (the workers)
and portal/services.py (operator acts, inbound dossiers) write here. docs/portal-sync.md.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class MessageState(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    SENT = "sent", "Cổng đã nhận"
    DEAD = "dead", "Dừng gửi (lỗi)"


class OutboxMessage(models.Model):
    """One state of one dossier to tell the portal, in order (seq) per dossier."""

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="portal_messages",
        verbose_name="hồ sơ",
    )
    seq = models.PositiveIntegerField("thứ tự cập nhật của hồ sơ")
    idempotency_key = models.CharField("khóa chống trùng", max_length=80, unique=True)
    portal_code = models.CharField("MaHoSo gửi Cổng", max_length=60, db_index=True)
    action = models.CharField("thao tác", max_length=40)
    status_code = models.PositiveSmallIntegerField("TrangThaiHoSo")
    payload = models.JSONField("nội dung gửi")
    state = models.CharField(
        "trạng thái gửi",
        max_length=10,
        choices=MessageState.choices,
        default=MessageState.PENDING,
    )
    attempts = models.PositiveIntegerField("số lần đã gửi", default=0)
    created_at = models.DateTimeField("thời điểm tạo", default=timezone.now)
    next_attempt_at = models.DateTimeField("gửi lần tới từ", default=timezone.now)
    lease_token = models.CharField(max_length=32, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField("thời điểm Cổng xác nhận", null=True, blank=True)
    portal_receipt = models.CharField("mã xác nhận của Cổng", max_length=100, blank=True)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    dead_at = models.DateTimeField("thời điểm dừng gửi", null=True, blank=True)

    class Meta:
        verbose_name = "tin đồng bộ"
        verbose_name_plural = "tin đồng bộ Cổng DVCQG"
        ordering = ["dossier", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "seq"], name="one_portal_message_per_seq"),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="portal_due"),
        ]

    def __str__(self) -> str:
        return self.idempotency_key


class PortalDossier(models.Model):
    """A dossier submitted on the portal: its MaHoSo there, so a re-sent one is recognised."""

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="portal_origin",
        verbose_name="hồ sơ",
    )
    portal_code = models.CharField("MaHoSo trên Cổng", max_length=60, unique=True)
    via = models.CharField("nhận qua", max_length=10)  # api | file
    received_at = models.DateTimeField("thời điểm nhận", default=timezone.now)
    payload = models.JSONField("dữ liệu Cổng gửi")

    class Meta:
        verbose_name = "hồ sơ nộp trên Cổng DVCQG"
        verbose_name_plural = "hồ sơ nộp trên Cổng DVCQG"

    def __str__(self) -> str:
        return self.portal_code
