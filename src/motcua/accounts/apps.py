from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_roles(**_: Any) -> None:
    from motcua.accounts.services import ensure_role_groups

    ensure_role_groups()


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và vai trò"

    def ready(self) -> None:
        post_migrate.connect(_ensure_roles, sender=self)
