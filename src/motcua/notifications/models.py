"""Messages to applicants (email, SMS, Zalo), written in the same transaction as the act that
causes them and sent after commit by the job queue (notifications/services.py)."""

from __future__ import annotations

from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "Thư điện tử"
    SMS = "sms", "Tin nhắn SMS"
    ZALO = "zalo", "Zalo"


class Kind(models.TextChoices):
    ACCEPTED = "accepted", "Hồ sơ đã được tiếp nhận"
    SUPPLEMENT = "supplement", "Cần bổ sung hồ sơ"
    RESULT_READY = "result_ready", "Đã có kết quả"
    EXTENDED = "extended", "Gia hạn và xin lỗi"
    PAYMENT_RECEIVED = "payment_received", "Đã nhận thanh toán"
    FEEDBACK_ANSWERED = "feedback_answered", "Phản ánh, kiến nghị đã được trả lời"
    REFUSED = "refused", "Hồ sơ không được tiếp nhận hoặc bị từ chối"
    STAFF_ALERT = "staff_alert", "Cảnh báo hạn xử lý (cho cán bộ)"
    ONLINE_RECEIVED = "online_received", "Có hồ sơ trực tuyến mới (cho cán bộ)"
    ACCOUNT_CLOSED = (
        "account_closed",
        "Tài khoản tự đăng ký bị đóng (số định danh đã được xác thực)",
    )


class State(models.TextChoices):
    QUEUED = "queued", "Chờ gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi không được"


class Notification(models.Model):
    kind = models.CharField("loại", max_length=20, choices=Kind.choices)
    channel = models.CharField("kênh", max_length=10, choices=Channel.choices)
    address = models.CharField("địa chỉ nhận", max_length=200)
    subject = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung")
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
    )
    dedupe_key = models.CharField("khóa chống gửi trùng", max_length=120, unique=True)
    state = models.CharField(
        "trạng thái", max_length=10, choices=State.choices, default=State.QUEUED
    )
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    last_error = models.CharField("lỗi gần nhất", max_length=300, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        indexes = [models.Index(fields=["state", "created_at"], name="notification_queue")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.address}"


class RecordedMessage(models.Model):
    """What the RECORDING SMS/Zalo backend 'sent' (development and tests; no operator is called)."""

    channel = models.CharField("kênh", max_length=10, choices=Channel.choices)
    address = models.CharField("địa chỉ nhận", max_length=200)
    body = models.TextField("nội dung")
    at = models.DateTimeField("lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tin nhắn đã ghi lại (môi trường thử)"
        verbose_name_plural = "tin nhắn đã ghi lại (môi trường thử)"

    def __str__(self) -> str:
        return f"{self.channel} {self.address}"
