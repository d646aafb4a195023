from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_roles(**_: Any) -> None:
    from motcua.accounts.services import ensure_role_groups

    ensure_role_groups()


def _group_str(group: Any) -> str:
    """A role group reads as its Vietnamese name everywhere Django prints it (titles, breadcrumbs,
    filters, delete pages); its stored name stays the code that roles.py checks."""
    from motcua.accounts.roles import Role

    try:
        return Role(group.name).label
    except ValueError:
        return str(group.name)


class AccountsConfig(AppConfig):
    name = "motcua.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và vai trò"

    def ready(self) -> None:
        from django.contrib.auth.models import Group

        post_migrate.connect(_ensure_roles, sender=self)
        Group.__str__ = _group_str  # type: ignore[method-assign]
