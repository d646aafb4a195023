"""The staff pages' main queries read the indexes made for them (EXPLAIN), on both engines: the
open dossiers' due dates (dashboard "overdue now", alerts), the desk's open tab, the tracking
book's range of acceptance. On PostgreSQL sequential scans are switched off for the check: on
a test database's few rows the planner would rightly prefer them; what is checked is that the
index CAN serve the query (its condition is implied by the query's); which index the planner
takes on real data is in the page benchmark's plans (bench/bench_pages.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Q, QuerySet

from motcua.domain.status_groups import OPEN
from motcua.domain.vntime import VN
from motcua.dossiers.countdown import overdue_q, running_q, start_of
from motcua.dossiers.desk_filters import DeskFilters
from motcua.dossiers.models import Dossier

TODAY = dt.date(2024, 3, 20)
UNITS = [1, 2, 3]


@pytest.fixture(autouse=True)
def _no_sequential_scans(db: None) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")


def _plan(queryset: QuerySet[Dossier]) -> str:
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


def test_the_desks_open_tab_reads_the_open_dossiers_only() -> None:
    scope = Q(receiving_unit_id__in=UNITS) | Q(competent_unit_id__in=UNITS)
    tab = DeskFilters(group=OPEN).status_q()
    plan = _plan(Dossier.objects.filter(scope).filter(tab).order_by("-received_at")[:51])
    assert "dossier_open_" in plan, plan
    assert "dossier_open_due" not in plan, plan
    if connection.vendor == "sqlite":
        assert "dossier_open_receiving" in plan, plan
        assert "dossier_open_competent" in plan, plan


def test_the_tracking_book_reads_a_range_of_acceptance() -> None:
    start = dt.datetime(2024, 3, 1, tzinfo=VN)
    query = Dossier.objects.filter(
        receiving_unit_id__in=UNITS,
        accepted_at__gte=start,
        accepted_at__lt=start + dt.timedelta(days=31),
    ).order_by("accepted_at")
    plan = _plan(query)
    assert "_accepted" in plan, plan  # a range on an index of the moment of acceptance
    if connection.vendor == "sqlite":
        assert "dossier_receiving_accepted" in plan, plan
