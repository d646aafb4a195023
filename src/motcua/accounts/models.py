"""The user model: staff and (later) citizens share one table; roles are groups."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

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

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        self.__dict__.pop("_roles", None)
        super().refresh_from_db(*args, **kwargs)

    def roles(self) -> list[Role]:
        """The user's roles, read once per user object (a request's `request.user` is loaded
        per request); a change of the user's groups forgets them (`_forget_roles`)."""
        cached: list[Role] | None = self.__dict__.get("_roles")
        if cached is None:
            names = set(self.groups.values_list("name", flat=True))
            cached = self.__dict__["_roles"] = [role for role in Role if role.value in names]
        return list(cached)


@receiver(m2m_changed, sender=User.groups.through)
def _forget_roles(sender: object, instance: object, **kwargs: object) -> None:
    if isinstance(instance, User):
        instance.__dict__.pop("_roles", None)
