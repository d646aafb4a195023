"""Small shared tables that belong to no business area."""

from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """Attempts of one client address in one bucket in the current window (core/ratelimit.py)."""

    key = models.CharField(max_length=200, unique=True)  # "<bucket>:<address>"
    window_end = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "bộ đếm giới hạn truy cập"
        verbose_name_plural = "bộ đếm giới hạn truy cập"

    def __str__(self) -> str:
        return f"{self.key} {self.count}"
