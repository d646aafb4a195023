"""The user model: staff and (later) citizens share one table; roles are groups."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from motcua.accounts.roles import Role


class User(AbstractUser):
    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    position = models.CharField(
        "chức vụ",
        max_length=100,
        blank=True,
        help_text=(
            "Chức vụ in ở khối chữ ký văn bản (Nghị định 30/2020/NĐ-CP, Phụ lục I), ví dụ "
            "“Chủ tịch”, “Phó Chủ tịch”, “Q. Chủ tịch”. Để trống nếu cán bộ không ký văn bản."
        ),
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="đơn vị công tác",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text="Cán bộ chỉ xem và xử lý hồ sơ của đơn vị mình.",
    )

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.full_name or self.username

    def roles(self) -> list[Role]:
        names = set(self.groups.values_list("name", flat=True))
        return [role for role in Role if role.value in names]
