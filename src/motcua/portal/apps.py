from typing import Any

from django.apps import AppConfig
from django.urls import reverse

from motcua.accounts.roles import Role
from motcua.core.menu import MenuItem, add_section


def _menu_section(user: Any, roles: frozenset[Any]) -> list[MenuItem]:
    """The sync dashboard's item of the staff menu (core/menu.py), for system administrators."""
    if user.is_staff and Role.ADMINISTRATOR in roles:
        return [MenuItem("Đồng bộ DVCQG", reverse("portal:dashboard"))]
    return []


class PortalConfig(AppConfig):
    name = "motcua.portal"
    label = "portal"
    verbose_name = "Đồng bộ Cổng Dịch vụ công quốc gia"

    def ready(self) -> None:
        from motcua.dossiers.events import dossier_act
        from motcua.portal.outbox import on_dossier_act

        add_section("portal", 60, _menu_section)
        dossier_act.connect(on_dossier_act, dispatch_uid="portal.outbox")
