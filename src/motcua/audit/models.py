"""The tamper-evident audit log: every state change (and every staff read of personal data).

Events form one chain: each stores the hash of the previous one, and its own hash covers its
content and that link. Changing, inserting or deleting a row breaks the chain at that point;
`motcua audit verify` recomputes it and names the first broken event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    seq = models.BigIntegerField("số thứ tự", unique=True)
    at = models.DateTimeField("thời điểm")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name="người thực hiện",
    )
    actor_label = models.CharField("người thực hiện (ghi nhận)", max_length=200)
    action = models.CharField("hành động", max_length=60)
    object_type = models.CharField("loại đối tượng", max_length=40)
    object_id = models.CharField("mã đối tượng", max_length=60)
    before = models.JSONField("trước", null=True, blank=True)
    after = models.JSONField("sau", null=True, blank=True)
    origin = models.JSONField("nguồn yêu cầu", default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "sự kiện kiểm toán"
        verbose_name_plural = "nhật ký kiểm toán"
        ordering = ["seq"]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"], name="audit_object")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """One row: the end of the chain. Locked by every append so the chain stays linear."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "đầu chuỗi kiểm toán"

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"
