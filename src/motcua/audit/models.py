"""The tamper-evident audit log: every state change (and every staff read of personal data).

Events form chains, one per partition (audit/partitions.py; one partition unless
MOTCUA_AUDIT_PARTITIONS says more): each event stores the hash of the previous one of its
partition, and its own hash covers its content and that link. Changing, inserting or deleting a
row breaks its partition's chain at that point; `motcua audit verify` recomputes every partition
and names the first broken event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F

# The chain's order. An event gets its seq when its transaction commits (audit/seal.py): inside
# that transaction it has none yet and comes after every sealed event, in the order recorded.
# seq counts within a partition; all events of one object are in one partition, so an object's
# history in this order is its commit order.
CHAIN_ORDER = (F("seq").asc(nulls_last=True), "id")
REVERSE_CHAIN_ORDER = (F("seq").desc(nulls_first=True), "-id")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def in_chain_order(self, *, reverse: bool = False) -> AuditEventQuerySet:
        return self.order_by(*(REVERSE_CHAIN_ORDER if reverse else CHAIN_ORDER))


class AuditEvent(models.Model):
    # seq, prev_hash and hash are filled by the seal at commit (audit/seal.py); a committed
    # event always has them. partition is chosen when the event is recorded (audit/partitions.py).
    partition = models.PositiveSmallIntegerField("phần chuỗi", default=0)
    seq = models.BigIntegerField("số thứ tự", null=True)
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
    prev_hash = models.CharField("mã băm sự kiện trước", max_length=64, blank=True)
    hash = models.CharField("mã băm", max_length=64, unique=True, null=True)  # noqa: DJ001  (unique: NULL until sealed)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "sự kiện kiểm toán"
        verbose_name_plural = "nhật ký kiểm toán"
        ordering = CHAIN_ORDER
        indexes = [models.Index(fields=["object_type", "object_id", "seq"], name="audit_object")]
        constraints = [
            models.UniqueConstraint(fields=["partition", "seq"], name="audit_one_seq_per_partition")
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """One row per partition (row id = partition + 1): the end of that partition's chain. Locked
    by every seal that appends to the partition, so each partition's chain stays linear."""

    partition = models.PositiveSmallIntegerField(unique=True, default=0)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = "đầu chuỗi kiểm toán"

    def __str__(self) -> str:
        return f"[{self.partition}] #{self.last_seq} {self.last_hash[:12]}"


class PersonalDataRead(models.Model):
    """A staff read of personal data (who saw whose data, when, from where): an append-only
    access log beside the chain, so that reads never wait on the chain's head. Each row carries
    a keyed hash of its content (audit/access_log.py): a row changed without the key no longer
    verifies (`motcua audit verify` checks them)."""

    at = models.DateTimeField("thời điểm")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="người xem",
    )
    actor_label = models.CharField("người xem (ghi nhận)", max_length=200)
    object_type = models.CharField("loại đối tượng", max_length=40)
    object_id = models.CharField("mã đối tượng", max_length=60)
    detail = models.JSONField("dữ liệu đã xem", default=dict)
    origin = models.JSONField("nguồn yêu cầu", default=dict)
    hash = models.CharField("mã băm", max_length=64)

    class Meta:
        verbose_name = "lượt xem dữ liệu cá nhân"
        verbose_name_plural = "nhật ký xem dữ liệu cá nhân"
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="read_object")]

    def __str__(self) -> str:
        return f"{self.actor_label} xem {self.object_type}:{self.object_id}"
