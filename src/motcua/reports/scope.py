"""Who may see which units' reports — the one place where that is decided.

Leaders, statistics officers and administrators see the reports of their unit, of the units it
took over (a merged commune keeps its predecessors' records) and of every unit under those. An
administrator without a unit (the system administrator) sees every unit. Everyone else sees none;
pages and the API answer 404 for a unit outside the scope, so they do not reveal that it exists.
"""

from __future__ import annotations

from django.http import Http404

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.units.models import Unit
from motcua.units.tree import units_served_by, units_within

REPORT_ROLES = frozenset({Role.LEADER, Role.STATISTICS_OFFICER, Role.ADMINISTRATOR})


def may_see_reports(user: object) -> bool:
    return (
        isinstance(user, User) and user.is_authenticated and bool(set(user.roles()) & REPORT_ROLES)
    )


def units_for(user: object) -> set[int]:
    """The ids of the units whose reports `user` may see (empty: none)."""
    if not isinstance(user, User) or not may_see_reports(user):
        return set()
    if user.unit is None:
        if Role.ADMINISTRATOR in user.roles():
            return set(Unit.objects.values_list("pk", flat=True))
        return set()
    scope: set[int] = set()
    for pk in units_served_by(user.unit):
        if pk not in scope:
            scope |= units_within(Unit.objects.get(pk=pk))
    return scope


def unit_for(user: object, code: str | None) -> Unit:
    """The unit `code` if in the user's scope (default: the user's own unit), else 404."""
    scope = units_for(user)
    if not scope:
        raise Http404("Không tìm thấy đơn vị")
    if not code:
        own = user.unit if isinstance(user, User) else None
        unit = (
            own or Unit.objects.filter(pk__in=scope, parent__isnull=True).order_by("code").first()
        )
    else:
        unit = Unit.objects.filter(code=code).first()
    if unit is None or unit.pk not in scope:
        raise Http404("Không tìm thấy đơn vị")
    return unit
