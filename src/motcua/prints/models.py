"""A long print (the tracking book of a period) made by the job queue, not inside a request."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PrintState(models.TextChoices):
    QUEUED = "queued", "Đang chờ tạo"
    RUNNING = "running", "Đang tạo"
    DONE = "done", "Đã xong"
    FAILED = "failed", "Không tạo được"


class PrintJob(models.Model):
    kind = models.CharField("loại bản in", max_length=30)
    title = models.CharField("tên bản in", max_length=200)
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, verbose_name="đơn vị")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name="người yêu cầu"
    )
    params = models.JSONField("tham số", default=dict)
    state = models.CharField(
        "trạng thái", max_length=10, choices=PrintState.choices, default=PrintState.QUEUED
    )
    rows = models.PositiveIntegerField("số dòng", default=0)
    file = models.FileField("tệp", upload_to="in-an/", blank=True)
    error = models.CharField("lỗi", max_length=300, blank=True)
    created_at = models.DateTimeField("yêu cầu lúc", auto_now_add=True)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)

    class Meta:
        verbose_name = "bản in dài"
        verbose_name_plural = "bản in dài"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
