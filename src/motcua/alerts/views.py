"""/canh-bao/: the dossiers about to be late, per unit (leaders) or held by me (officers)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.alerts.services import KIND_LABELS, counts_by_unit, scan
from motcua.units.tree import units_served_by, units_within

STAFF = {Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.LEADER, Role.STATISTICS_OFFICER}


def alert_scope(user: User) -> set[int]:
    """The units whose alerts `user` may see: their unit, the units it took over, the units
    within it. The one place this is decided; anyone else is refused (403, as every staff page:
    dossiers.permissions.staff_member)."""
    if not user.is_authenticated or user.unit is None or not set(user.roles()) & STAFF:
        raise PermissionDenied("Trang dành cho cán bộ đã được gán đơn vị và vai trò.")
    return units_served_by(user.unit) | units_within(user.unit)


@login_required
def board(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    units = alert_scope(user)
    alerts = scan(units)
    leader = bool({Role.LEADER, Role.STATISTICS_OFFICER} & set(user.roles()))
    mine_only = request.GET.get("cua_toi") == "1" or not leader
    shown = [a for a in alerts if a.holder_id == user.pk] if mine_only else alerts
    return render(
        request,
        "alerts/board.html",
        {
            "alerts": shown,
            "by_unit": counts_by_unit(alerts) if leader else {},
            "kinds": KIND_LABELS,
            "mine_only": mine_only,
            "leader": leader,
        },
    )
