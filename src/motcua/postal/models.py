"""Postal shipments (bưu chính công ích, QĐ 45/2016/QĐ-TTg): dossiers that arrive by post and
results sent by post, with the operator's tracking number and dates."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Direction(models.TextChoices):
    INBOUND = "in", "Hồ sơ gửi đến qua bưu chính"
    OUTBOUND = "out", "Kết quả gửi đi qua bưu chính"


class ShipmentState(models.TextChoices):
    IN_TRANSIT = "transit", "Đang chuyển phát"
    DELIVERED = "delivered", "Đã phát thành công"
    RETURNED = "returned", "Chuyển hoàn (không phát được)"


class Shipment(models.Model):
    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="shipments"
    )
    direction = models.CharField("chiều", max_length=3, choices=Direction.choices)
    operator = models.CharField(
        "doanh nghiệp bưu chính", max_length=100, default="Bưu điện Việt Nam"
    )
    tracking_number = models.CharField("số hiệu bưu gửi", max_length=40, db_index=True)
    handed_at = models.DateTimeField("ngày giao cho bưu chính")
    delivered_at = models.DateTimeField("ngày phát / ngày nhận", null=True, blank=True)
    state = models.CharField(
        "trạng thái", max_length=10, choices=ShipmentState.choices, default=ShipmentState.IN_TRANSIT
    )
    note = models.CharField("ghi chú", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "bưu gửi"
        verbose_name_plural = "bưu gửi"
        constraints = [
            models.UniqueConstraint(
                fields=["direction", "tracking_number"], name="one_shipment_per_tracking_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number} ({self.get_direction_display()})"
