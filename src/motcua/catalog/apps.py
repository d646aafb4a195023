from typing import Any

from django.apps import AppConfig
from django.urls import reverse

from motcua.core.menu import MenuItem, add_section


def _menu_section(user: Any, roles: frozenset[Any]) -> list[MenuItem]:
    """The catalogue's item of the staff menu (core/menu.py), for every official."""
    return [MenuItem("Thủ tục", reverse("catalog:list"))]


class CatalogConfig(AppConfig):
    name = "motcua.catalog"
    label = "catalog"
    verbose_name = "Danh mục thủ tục hành chính"

    def ready(self) -> None:
        add_section("catalog", 40, _menu_section)
