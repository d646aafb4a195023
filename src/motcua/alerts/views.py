"""/canh-bao/: the dossiers about to be late, per unit (leaders) or held by me (officers).

The list shows one page of PAGE_SIZE alerts, filtered by kind and by unit (alerts/board.py);
the per-unit table counts every alert of the scope, each cell a link to the list of that unit
and kind. A unit outside the scope is refused (403) and none of its alerts is shown."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.alerts.board import KIND, MINE, PAGE, UNIT, page_of, read_filters
from motcua.alerts.services import KIND_LABELS, counts_by_unit, scan
from motcua.core.querystring import query_with
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
    leader = bool({Role.LEADER, Role.STATISTICS_OFFICER} & set(user.roles()))
    filters = read_filters(request.GET, units, leader=leader)
    alerts = scan(units)
    # the kind's counts under the other filters; none at all for a refused unit
    unkinded = (
        [] if filters.denied else [a for a in alerts if filters.keeps(a, user.pk, kind=False)]
    )
    shown = [a for a in unkinded if not filters.kind or a.kind == filters.kind]
    page = page_of(shown, request.GET.get(PAGE, ""), filters.problems)
    params = request.GET
    by_unit = counts_by_unit(alerts)  # every alert of the scope (a leader's table)
    # the units one may filter by: those with alerts (an officer's: on the dossiers they hold)
    offered = [
        r.unit
        for r in (
            by_unit if leader else counts_by_unit(a for a in alerts if a.holder_id == user.pk)
        )
    ]
    if filters.unit is not None and filters.unit not in offered:
        offered.insert(0, filters.unit)
    context = {
        "alerts": page.rows,
        "page": page,
        "filters": filters,
        "by_unit": by_unit if leader else [],
        "scope_total": len(alerts),
        "kind_totals": {key: sum(r.counts[key] for r in by_unit) for key in KIND_LABELS},
        "kinds": [
            (key, label, sum(1 for a in unkinded if a.kind == key))
            for key, label in KIND_LABELS.items()
        ],
        "units_offered": offered,
        "mine_only": filters.mine,
        "leader": leader,
        "filtered": bool(filters.kind or filters.unit or filters.denied),
        "toggle_query": query_with(
            params, (PAGE, MINE, "cua_toi"), **{MINE: 0 if filters.mine else 1}
        ),
        "clear_query": f"{MINE}=1" if leader and filters.mine else "",
        "previous_query": query_with(params, (PAGE,), **{PAGE: page.number - 1})
        if page.has_previous
        else "",
        "next_query": query_with(params, (PAGE,), **{PAGE: page.number + 1})
        if page.has_next
        else "",
        "keys": {"kind": KIND, "unit": UNIT, "mine": MINE},
    }
    return render(request, "alerts/board.html", context, status=403 if filters.denied else 200)
