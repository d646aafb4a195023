"""The alerts board at province scale: computed in SQL for its scope, one calendar per distinct
calendar; the same figures as walking every running dossier; a query count that does not grow
with the number of communes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.alerts.services import scan
from motcua.calendars.services import calendar_for, to_local_naive
from motcua.catalog.loader import read_reference
from motcua.catalog.services import load_catalog
from motcua.domain.dossier_states import Status
from motcua.domain.vntime import VN
from motcua.dossiers.countdown import countdown, running_q
from motcua.dossiers.models import Dossier
from motcua.ops.generate import generate
from motcua.ops.synthetic import PROVINCE
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from motcua.units.tree import units_served_by, units_within

NOW = dt.datetime(2024, 12, 20, 10, 0, tzinfo=VN)
PASSWORD = "mat-khau-thu-nghiem-2026"


def _generated(units: int, dossiers: int, seed: int = 11, now: dt.datetime | None = NOW) -> Unit:
    if not Unit.objects.filter(code=PROVINCE).exists():
        load_reference_units()
        load_catalog(read_reference())
    generate(dossiers=dossiers, units=units, years=1, seed=seed, now=now)
    return Unit.objects.get(code=PROVINCE)


def _reopen(per_commune: int, now: dt.datetime) -> None:
    """Put some finished dossiers of every commune back in progress, due from 10 days before
    `now` to 5 days after (the generated history is mostly finished)."""
    for unit_id in Unit.objects.filter(code__startswith=f"{PROVINCE}-").values_list(
        "pk", flat=True
    ):
        ids = Dossier.objects.filter(receiving_unit_id=unit_id).values_list("pk", flat=True)
        for i, pk in enumerate(ids.order_by("pk")[:per_commune]):
            Dossier.objects.filter(pk=pk).update(
                status=Status.IN_PROGRESS.value,
                resolved_at=None,
                due_at=now + dt.timedelta(days=i % 16 - 10, hours=i % 5),
            )


def _walk_every_running_dossier(unit_ids: set[int], now: dt.datetime) -> list[tuple[str, int]]:
    """The board's first two kinds as they were computed before: every running dossier in scope
    loaded, one calendar per receiving unit, the next working day of that calendar."""
    today = to_local_naive(now).date()
    scope = Dossier.objects.filter(receiving_unit_id__in=unit_ids) | Dossier.objects.filter(
        competent_unit_id__in=unit_ids
    )
    found = []
    for dossier in scope.filter(running_q()).select_related("receiving_unit"):
        assert dossier.due_at is not None
        standing = countdown(dossier, today)
        if standing == "overdue":
            found.append(("overdue", dossier.pk))
            continue
        horizon = calendar_for(dossier.receiving_unit).next_working_day(today)
        if standing == "due_today" or to_local_naive(dossier.due_at).date() <= horizon:
            found.append(("due_soon", dossier.pk))
    return sorted(found)


@pytest.mark.django_db
@pytest.mark.summary_drift  # dossiers put back in progress directly in the rows
def test_the_board_in_sql_finds_what_walking_every_running_dossier_found() -> None:
    province = _generated(units=5, dossiers=1200)
    _reopen(12, NOW)
    scope = set(units_within(province))
    # NOW is a Friday: Friday, Saturday (the next working day is Monday), then later and later
    moments = [NOW, NOW + dt.timedelta(days=1)]
    moments += [NOW + dt.timedelta(days=days) for days in (3, 6, 12, 40)]
    compared, kinds = 0, set()
    for moment in moments:
        expected = _walk_every_running_dossier(scope, moment)
        got = sorted(
            (a.kind, a.dossier.pk) for a in scan(scope, moment) if a.kind in {"overdue", "due_soon"}
        )
        assert got == expected, moment
        compared += len(expected)
        kinds |= {kind for kind, _ in expected}
        # …and one commune alone
        commune = Unit.objects.get(code=f"{PROVINCE}-0002")
        alone = units_served_by(commune)
        assert sorted(
            (a.kind, a.dossier.pk) for a in scan(alone, moment) if a.kind in {"overdue", "due_soon"}
        ) == _walk_every_running_dossier(alone, moment)
    assert compared > 100  # the fixture exercises both kinds
    assert kinds == {"overdue", "due_soon"}


def _board_queries(communes: int) -> tuple[int, int]:
    province = _generated(units=communes, dossiers=20 * communes, seed=communes, now=None)
    _reopen(8, timezone.now())
    create_or_update_staff(
        username="lanhdao-tinh",
        full_name="Lãnh đạo tỉnh",
        role=Role.LEADER,
        password=PASSWORD,
        unit=province,
    )
    client = Client()
    assert client.login(username="lanhdao-tinh", password=PASSWORD)
    url = reverse("alerts:board")
    client.get(url)  # warm: the session, the calendar cache
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    return len(queries.captured_queries), page.context["page"].total


@pytest.mark.django_db
@pytest.mark.summary_drift  # dossiers put back in progress directly in the rows
def test_the_province_leaders_board_sends_as_many_queries_for_20_communes_as_for_2() -> None:
    two, two_alerts = _board_queries(2)
    # ten times the communes (18 more, and more dossiers in the first two)
    twenty, twenty_alerts = _board_queries(20)
    assert twenty_alerts > two_alerts > 0  # the board does show more alerts …
    assert twenty == two  # … with the same statements
    assert twenty <= 30
