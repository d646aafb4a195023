"""Who may see which unit's reports — the one place where that is decided.

Reports hold figures, not personal data. Statistics officers, leaders and administrators see the
reports of their own unit, of every unit within it (a province's communes) and of the units it took
over (a merged commune sees its predecessors', e.g. xã Phú Tân sees thị trấn Phú Mỹ). An
administrator without a unit sees every unit. Everyone else is refused (403).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.units.models import Unit
from motcua.units.tree import units_served_by, units_within

REPORT_ROLES = frozenset({Role.STATISTICS_OFFICER, Role.LEADER, Role.ADMINISTRATOR})


class UnitNotAllowedError(ValueError):
    """The unit is unknown or outside the user's scope (the message does not say which)."""


def may_see_reports(user: object) -> bool:
    return (
        isinstance(user, User) and user.is_authenticated and bool(set(user.roles()) & REPORT_ROLES)
    )


def reportable_units(user: User) -> QuerySet[Unit]:
    """The units whose reports `user` may see; PermissionDenied without a reporting role."""
    if not may_see_reports(user):
        raise PermissionDenied("Trang báo cáo dành cho Văn phòng – Thống kê, lãnh đạo, quản trị.")
    if user.unit is None:
        if Role.ADMINISTRATOR in user.roles():
            return Unit.objects.all()
        raise PermissionDenied("Tài khoản chưa được gán đơn vị.")
    allowed: set[int] = set()
    for pk in units_served_by(user.unit):
        allowed |= units_within(Unit.objects.get(pk=pk))
    return Unit.objects.filter(pk__in=allowed)


def unit_for_report(user: User, code: str) -> Unit:
    unit = reportable_units(user).filter(code=code).first()
    if unit is None:
        raise UnitNotAllowedError("Đơn vị không hợp lệ hoặc không thuộc phạm vi báo cáo của bạn.")
    return unit
