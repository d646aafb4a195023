"""The staff pages' main queries read the indexes made for them (EXPLAIN), on both engines: the
open dossiers' due dates (dashboard "overdue now", alerts), the desk's open tab, the tracking
book's range of acceptance. On PostgreSQL sequential scans are switched off for the check: on
a test database's few rows the planner would rightly prefer them; what is checked is that the
index CAN serve the query (its condition is implied by the query's); which index the planner
takes on real data is in the page benchmark's plans (bench/bench_pages.py)."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.db.models import Q, QuerySet

from motcua.accounts.roles import Role
from motcua.alerts.services import _receivers
from motcua.domain.status_groups import OPEN
from motcua.dossiers import desk_search, keyset
from motcua.dossiers.countdown import overdue_q, running_q, start_of
from motcua.dossiers.desk_filters import DeskFilters
from motcua.dossiers.desk_query import parts_of
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import visible_parts

TODAY = dt.date(2024, 3, 20)
UNITS = [1, 2, 3]


@pytest.fixture(autouse=True)
def _no_sequential_scans(db: None) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")


def _plan(queryset: QuerySet[Dossier, Any]) -> str:
    return queryset.explain()


def test_overdue_now_reads_the_open_due_dates_only() -> None:
    plan = _plan(Dossier.objects.filter(overdue_q(TODAY), competent_unit_id__in=UNITS))
    assert "dossier_open_due" in plan, plan


def test_the_alerts_read_the_open_due_dates_of_both_units() -> None:
    scope = Q(receiving_unit_id__in=UNITS) | Q(competent_unit_id__in=UNITS)
    query = Dossier.objects.filter(
        scope & running_q(), due_at__lt=start_of(TODAY + dt.timedelta(days=2))
    )
    plan = _plan(query)
    assert "dossier_open_due" in plan, plan
    if connection.vendor == "sqlite":  # (PostgreSQL on an empty table may take one for both)
        assert "dossier_open_due_receiving" in plan, plan


def test_the_alerts_find_their_receiving_units_among_the_open_due_dates() -> None:
    received, decided = (_plan(query) for query in _receivers(UNITS))
    assert "dossier_open_due" in received, received
    assert "dossier_open_due" in decided, decided
    if connection.vendor == "sqlite":  # (PostgreSQL on an empty table may take either)
        assert "dossier_open_due_receiving" in received, received


def test_the_desks_open_tab_reads_the_open_dossiers_only() -> None:
    scope = Q(receiving_unit_id__in=UNITS) | Q(competent_unit_id__in=UNITS)
    tab = DeskFilters(group=OPEN).status_q()
    plan = _plan(Dossier.objects.filter(scope).filter(tab).order_by("-received_at")[:51])
    assert "dossier_open_" in plan, plan
    assert "dossier_open_due" not in plan, plan
    if connection.vendor == "sqlite":  # the open rows of the unit: by status, or the partial one
        assert re.search(r"dossier_open_receiving|dossier_receiving_status \(.*status=", plan)
        assert "dossier_open_competent" in plan, plan


def _parts(units: list[int]) -> list[str]:
    user = SimpleNamespace(is_authenticated=True, unit=object(), roles=lambda: [Role.LEADER])
    with mock.patch("motcua.dossiers.permissions.units_served_by", return_value=set(units)):
        parts = visible_parts(user)  # type: ignore[arg-type]
    newest = keyset.ordering(keyset.ORDERS["nhan-moi"], reverse=False)
    return [_plan(q.order_by(*newest)[:51]) for q in parts_of(parts, Q())]


def test_the_lists_parts_each_walk_their_own_index_over_every_status() -> None:
    # no dossier decided here but received elsewhere, none held: SQLite looks that part up
    # first and leaves it out; PostgreSQL keeps it as a condition (permissions.visible_parts)
    parts = _parts([7])
    assert len(parts) == (1 if connection.vendor == "sqlite" else 2), parts
    own = parts[0]
    assert "Seq Scan" not in own
    own_q = Q(receiving_unit_id__in=[7])
    decided = _plan(
        Dossier.objects.filter(competent_unit_id__in=[7], receiving_unit__isnull=False)
        .exclude(own_q)
        .values("pk")
    )
    if connection.vendor == "sqlite":  # (PostgreSQL on an empty table takes any index)
        assert "dossier_receiving_received" in own, own
        assert "TEMP B-TREE" not in own, own  # one commune: in the list's order, stopped at 51
        assert "COVERING INDEX dossier_decided_elsewhere" in decided, decided


def test_the_search_box_reads_the_trigram_and_exact_indexes() -> None:
    numbers = _plan(Dossier.objects.filter(desk_search._numbers_q("0912345678")))
    for index in ("applicant_id_number", "dossier_representative_id", "_phone"):
        assert index in numbers, numbers
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            sql = desk_search._TRIGRAM_SQL["applicant_name_fold"]
            cursor.execute("EXPLAIN QUERY PLAN " + sql, ("%van an%", 10))
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "dossiers_search VIRTUAL TABLE" in plan, plan
    else:
        assert "dossier_search_code" in _plan(Dossier.objects.filter(code__icontains="0001"))
        name = _plan(Dossier.objects.filter(applicant_name_fold__contains="van an"))
        assert "dossier_search_name" in name, name
