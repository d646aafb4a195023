"""The staff pages' main queries read the indexes made for them (EXPLAIN), on both engines: the
open dossiers' due dates (dashboard "overdue now", alerts), the desk's open tab, the tracking
book's range of acceptance. On PostgreSQL sequential scans are switched off for the check: on
a test database's few rows the planner would rightly prefer them; what is checked is that the
index CAN serve the query (its condition is implied by the query's); which index the planner
takes on real data is in the page benchmark's plans (bench/bench_pages.py). One choice is
checked as the planner makes it, after ANALYZE, on a table shaped like real data: the dossiers
a unit decides that another unit received, which are few."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.db.models import Q, QuerySet

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.alerts.services import _receivers
from motcua.domain.status_groups import ALL, OPEN
from motcua.dossiers import desk_search, keyset, permissions
from motcua.dossiers.countdown import overdue_q, running_q, start_of
from motcua.dossiers.desk_filters import DeskFilters
from motcua.dossiers.desk_query import COUNT_CAP, parts_of
from motcua.dossiers.indexes import UNITS_DIFFER
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import visible_parts
from motcua.units.models import Unit
from motcua.units.tree import units_served_by
from tests.dossiers.desk_helpers import make_dossier

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
    # as one "received OR decided" condition SQLite read every dossier of the units
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL on an empty table takes any index: checked on analysed data")
    received, decided = (_plan(query) for query in _receivers(UNITS))
    assert "dossier_open_due_receiving" in received, received
    assert "dossier_open_due" in decided, decided


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
    # no dossier decided here but received elsewhere, none held: that part is looked up first
    # and left out (permissions.visible_parts)
    parts = _parts([7])
    assert len(parts) == 1, parts
    own = parts[0]
    assert "Seq Scan" not in own
    decided = _plan(
        Dossier.objects.filter(Q(competent_unit_id__in=[7]) & UNITS_DIFFER)
        .exclude(receiving_unit_id__in=[7])
        .values("pk")
    )
    assert "dossier_decided_elsewhere" in decided, decided
    if connection.vendor == "sqlite":  # (PostgreSQL on an empty table takes any index)
        assert "dossier_receiving_received" in own, own
        assert "TEMP B-TREE" not in own, own  # one commune: in the list's order, stopped at 51


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


def _skewed_table(officer: User, here: Unit, other: Unit, rows: int, elsewhere: int) -> None:
    """`rows` more dossiers by SQL, half decided `here`, half by `other`, each received where it
    is decided but for `elsewhere` of them, decided here and received by `other`; analysed."""
    officer.unit = here
    officer.save()
    seed = make_dossier(officer)
    columns = [f.column for f in Dossier._meta.concrete_fields if f.column != "id"]
    made = {
        "code": "'P-' || g",
        "idempotency_key": "NULL",
        "status": "'returned'",
        "received_at": "received_at - g * interval '1 minute'",
        "receiving_unit_id": f"CASE WHEN g %% 2 = 0 AND g > {2 * elsewhere} THEN %s ELSE %s END",
        "competent_unit_id": "CASE WHEN g %% 2 = 0 THEN %s ELSE %s END",
    }
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    values = ", ".join(made.get(column, connection.ops.quote_name(column)) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO dossiers_dossier ({quoted}) SELECT {values} "
            "FROM dossiers_dossier, generate_series(1, %s) AS g WHERE id = %s",
            [here.pk, other.pk, here.pk, other.pk, rows, seed.pk],
        )
        cursor.execute("ANALYZE dossiers_dossier")


@pytest.fixture
def skewed(reference: None, receiving_officer: User) -> tuple[Unit, Unit]:
    """PostgreSQL only: 20 000 analysed dossiers of thị trấn Phú Mỹ, 10 of them received by
    another unit (`_skewed_table`), with the planner free to read the table; (here, other)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's choice on analysed data (SQLite keeps no statistics)")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = on")  # the planner's own choice
    here = Unit.objects.get(code="30406")
    other = Unit.objects.exclude(pk__in=units_served_by(here)).first()
    assert other is not None
    _skewed_table(receiving_officer, here, other, rows=20_000, elsewhere=10)
    return here, other


@pytest.mark.summary_drift  # (rows copied by SQL)
def test_postgresql_knows_that_few_dossiers_are_decided_elsewhere(
    skewed: tuple[Unit, Unit], receiving_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a table where the two units are the same on nearly every row, the dossiers decided
    here but received elsewhere are read from their partial index, never by reading the table
    (PostgreSQL's estimate comes from the statistics on UNITS_DIFFER, migration 0018)."""
    here, other = skewed
    decided_ids = set(
        Dossier.objects.filter(competent_unit=here, receiving_unit=other).values_list(
            "pk", flat=True
        )
    )
    assert len(decided_ids) == 10
    parts = visible_parts(receiving_officer)
    assert str(parts[1]).startswith("(AND: ('pk__in', ")  # looked up, named by their ids
    assert set(Dossier.objects.filter(parts[1]).values_list("pk", flat=True)) == decided_ids
    monkeypatch.setattr(permissions, "FEW", 5)  # more than FEW: the part stays a condition
    decided = Dossier.objects.filter(visible_parts(receiving_officer)[1])
    assert set(decided.values_list("pk", flat=True)) == decided_ids
    # the look-up, and the archive tabs' capped counts of the part (desk_query.tab_counts)
    for query in (
        decided.order_by().values("pk")[: permissions.FEW + 1],
        decided.filter(status__literal_in=["returned"]).order_by().values("pk")[: COUNT_CAP + 1],
    ):
        plan = query.explain()
        assert "Seq Scan" not in plan, plan
        assert "dossier_decided_elsewhere" in plan, plan


@pytest.mark.summary_drift  # (rows copied by SQL)
def test_postgresql_reads_a_units_newest_dossiers_from_its_index_over_every_status(
    skewed: tuple[Unit, Unit], receiving_officer: User
) -> None:
    """The own part's first page over every status walks dossier_receiving_received backwards
    and stops at the page, rather than sorting the unit's every row (keyset.ordering)."""
    every_status = DeskFilters(group=ALL).status_q()
    (own, *_) = parts_of(visible_parts(receiving_officer), every_status)
    newest = keyset.ordering(keyset.ORDERS["nhan-moi"], reverse=False)
    plan = _plan(own.order_by(*newest)[:51])
    assert "Index Scan Backward using dossier_receiving_received" in plan, plan


@pytest.mark.summary_drift  # (rows copied by SQL)
def test_postgresql_finds_the_alerts_receiving_units_among_the_open_due_dates(
    skewed: tuple[Unit, Unit], receiving_officer: User
) -> None:
    """On a table of mostly finished dossiers, the alerts' receiving units are read from the
    partial indexes of running due dates, not from every dossier of the units."""
    here, other = skewed
    with connection.cursor() as cursor:  # the copies finished, as most of a unit's history
        cursor.execute(
            "UPDATE dossiers_dossier SET resolved_at = received_at WHERE code LIKE 'P-%%'"
        )
        cursor.execute("ANALYZE dossiers_dossier")
    for query in _receivers([here.pk, other.pk]):
        plan = _plan(query)
        assert "dossier_open_due" in plan, plan
