"""Who may see which unit's reports — the one place where that is decided (pages and API).

Reports hold figures, not personal data. Statistics officers, leaders and administrators
(`REPORT_ROLES`) see the reports of their own unit, of the units it took over (a merged commune
sees its predecessors', e.g. xã Phú Tân sees thị trấn Phú Mỹ) and of every unit under those (a
province's communes). An administrator without a unit sees every unit.

The policy, as for every object kind: a user whose role lacks the right (or an account without a
unit) is refused — PermissionDenied, 403 on pages and in the API; a unit outside the user's scope
is "not found" — Http404, 404 on pages and in the API, with the same message as an unknown code so
the answer does not reveal that the unit exists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.core.menu import MenuItem
from motcua.units.models import Unit
from motcua.units.tree import units_in_scope

REPORT_ROLES = frozenset({Role.STATISTICS_OFFICER, Role.LEADER, Role.ADMINISTRATOR})
NO_ROLE = "Trang báo cáo dành cho Văn phòng – Thống kê, lãnh đạo, quản trị."
NO_UNIT = "Tài khoản chưa được gán đơn vị."
NOT_FOUND = "Đơn vị không hợp lệ hoặc không thuộc phạm vi báo cáo của bạn."


def may_see_reports(user: object) -> bool:
    return (
        isinstance(user, User) and user.is_authenticated and bool(set(user.roles()) & REPORT_ROLES)
    )


def menu_section(user: User, roles: frozenset[Role]) -> list[MenuItem]:
    """The reports' item of the staff menu (core/menu.py)."""
    return [MenuItem("Báo cáo", reverse("reports:index"))] if may_see_reports(user) else []


def report_unit_ids(user: object) -> set[int] | None:
    """The ids of the units whose reports `user` may see (None: every unit); PermissionDenied
    without a reporting role or, other than for an administrator, without a unit."""
    if not isinstance(user, User) or not may_see_reports(user):
        raise PermissionDenied(NO_ROLE)
    if user.unit is None:
        if Role.ADMINISTRATOR in user.roles():
            return None
        raise PermissionDenied(NO_UNIT)
    return units_in_scope(user.unit)


def reportable_units(user: object) -> QuerySet[Unit]:
    """The units whose reports `user` may see; PermissionDenied as `report_unit_ids`."""
    ids = report_unit_ids(user)
    return Unit.objects.all() if ids is None else Unit.objects.filter(pk__in=ids)


def unit_for_report(user: object, code: str | None) -> Unit:
    """The unit `code` if in the user's scope (no code: the user's own unit, or for a system
    administrator the first top unit); PermissionDenied as `report_unit_ids`, else Http404."""
    units = reportable_units(user)
    if code:
        unit = units.filter(code=code).first()
    else:
        own = user.unit if isinstance(user, User) else None
        unit = own or units.filter(parent__isnull=True).order_by("code").first()
    if unit is None:
        raise Http404(NOT_FOUND)
    return unit
