"""Who may read and write the TTHC control register — the one place where that is decided.

Statistics officers (Văn phòng – Thống kê), leaders and administrators keep the register of their
own unit and of the units within it (a district's communes), including the units their unit took
over (xã Phú Tân keeps thị trấn Phú Mỹ's register). An administrator without a unit manages every
unit. Anyone else gets 403; an entry or unit outside the user's scope is a 404.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.control.models import Registered
from motcua.core.menu import MenuItem
from motcua.units.models import Unit
from motcua.units.tree import units_in_scope

REGISTER_ROLES = frozenset({Role.STATISTICS_OFFICER, Role.LEADER, Role.ADMINISTRATOR})
M = TypeVar("M", bound=Registered)


def menu_section(user: User, roles: frozenset[Role]) -> list[MenuItem]:
    """The register's item of the staff menu (core/menu.py)."""
    return [MenuItem("Kiểm soát TTHC", reverse("control:index"))] if roles & REGISTER_ROLES else []


def register_units(user: User) -> QuerySet[Unit]:
    """The units whose register the user keeps; raises PermissionDenied for other roles."""
    if not user.is_authenticated or not set(user.roles()) & REGISTER_ROLES:
        raise PermissionDenied(
            "Sổ kiểm soát TTHC dành cho Văn phòng – Thống kê, lãnh đạo và quản trị hệ thống."
        )
    if user.unit is None:
        if Role.ADMINISTRATOR in user.roles():
            return Unit.objects.all()
        raise PermissionDenied("Tài khoản chưa được gán đơn vị công tác.")
    return Unit.objects.filter(pk__in=units_in_scope(user.unit))


def unit_for_register(user: User, code: str | None) -> Unit:
    """The unit named by ``code`` (default: the user's own) if the user keeps its register."""
    units = register_units(user)
    if not code:
        if user.unit is not None:
            return user.unit
        first = units.order_by("code").first()
        if first is None:
            raise Http404("Không có đơn vị nào.")
        return first
    unit = units.filter(code=code).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    return unit


def entry_for_register(user: User, model: type[M], pk: int) -> M:
    """A register entry the user may edit; 404 when it is outside the user's units."""
    entry: M | None = model._default_manager.filter(pk=pk, unit__in=register_units(user)).first()
    if entry is None:
        raise Http404("Không tìm thấy mục này trong sổ kiểm soát TTHC.")
    return entry
