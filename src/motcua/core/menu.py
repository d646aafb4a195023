"""The staff menu shown on every page to a signed-in official: the pages their roles use, with
the number of dossiers that need them (overdue in their scope, held by them, waiting for their
signature, results ready to hand over).

core knows no app: each app adds its section from its AppConfig.ready (`add_section`), and the
menu lists the sections in their order — the desk (dossiers/menu.py, 10), reports (20),
procedure control (30), the catalogue (40), the admin site (50, here), DVCQG sync (portal, 60).
The links follow each role's rights (accounts/roles.py; the pages check again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse


@dataclass
class MenuItem:
    label: str
    url: str
    count: int | None = None  # shown when > 0
    urgent: bool = False  # the count is of late dossiers
    current: bool = False


# a section: (the signed-in official, their roles) -> its items
Section = Callable[[Any, frozenset[Any]], list[MenuItem]]
_SECTIONS: dict[str, tuple[int, Section]] = {}


def add_section(key: str, order: int, section: Section) -> None:
    """Add (or replace) the section `key`, shown at its `order` (smaller first)."""
    _SECTIONS[key] = (order, section)


def _admin_site(user: Any, roles: frozenset[Any]) -> list[MenuItem]:
    return [MenuItem("Quản trị", reverse("admin:index"))] if user.is_staff else []


add_section("admin", 50, _admin_site)


def menu_for(user: object, path: str) -> list[MenuItem]:
    """The menu of `user` (empty for citizens and the public) with the item of `path` marked."""
    if not isinstance(user, get_user_model()) or not user.is_authenticated:
        return []
    roles = frozenset(user.roles())
    if not roles and not user.is_staff:
        return []
    items: list[MenuItem] = []
    for _, section in sorted(_SECTIONS.values(), key=lambda entry: entry[0]):
        items += section(user, roles)
    _mark_current(items, path)
    return items


def _mark_current(items: list[MenuItem], full_path: str) -> None:
    """The item whose link is this page exactly, else the longest link the path starts with."""
    exact = [item for item in items if item.url == full_path]
    if exact:
        exact[0].current = True
        return
    path = full_path.split("?", 1)[0]
    prefixes = [i for i in items if "?" not in i.url and path.startswith(i.url) and i.url != "/"]
    if prefixes:
        max(prefixes, key=lambda item: len(item.url)).current = True
