"""The report summary stays equal to the row-level computation through the real write paths
(the acts and writes of tests/reports/summary_world.py, in random order and periods)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.reports.cells import events
from motcua.reports.ii06a import ii06a
from motcua.reports.indicators import gather_inputs, timeliness_counts
from motcua.reports.read import totals_by_period
from motcua.reports.rebuild import differences
from motcua.reports.touched import flush
from motcua.units.models import Unit
from motcua.units.tree import units_within
from tests.reports.summary_world import BASE, FATES, Act, Extra, Row, run_acts

ACTS = st.builds(
    Act,
    st.integers(0, 30),
    st.sampled_from([8, 10, 15]),
    st.sampled_from(FATES),
    st.integers(0, 12),
    st.sampled_from(["1.000894", "2.000815"]),
    st.sampled_from(["counter", "online", "postal"]),
)
EXTRAS = st.builds(
    Extra,
    st.sampled_from(
        ["deliver", "replay", "pay_cash", "pay_online", "assess", "refund", "cancel", "move"]
    ),
    st.integers(0, 7),
    st.integers(0, 3),
)
ROWS = st.builds(
    Row,
    st.integers(1, 6),  # few numbers: re-imports update earlier rows
    st.integers(-20, 30),
    st.one_of(st.none(), st.integers(0, 10)),
    st.integers(0, 15),
    st.sampled_from([4, 7, 9, 10]),
    st.sampled_from(["1", "2", "3"]),
)
PERIODS = st.tuples(st.integers(-25, 50), st.integers(0, 70))


def _same_indicators(unit: Unit, start: dt.date, end: dt.date) -> None:
    """The QĐ 766 inputs from the summary equal those from the rows (with imported dossiers
    counted as synced or not)."""
    for imported_as_synced in (True, False):
        conf = dataclasses.replace(
            django_settings.MOTCUA_PORTAL, imported_as_synced=imported_as_synced
        )
        with override_settings(MOTCUA_PORTAL=conf):
            ours = gather_inputs(units_within(unit), start, end, "summary")
            oracle = gather_inputs(units_within(unit), start, end, "rows")
        assert ours == oracle


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(ACTS, max_size=8),
    st.lists(st.lists(ROWS, max_size=4), max_size=3),
    st.lists(PERIODS, min_size=1, max_size=4),
    st.lists(EXTRAS, max_size=8),
)
def test_the_summary_equals_the_rows_through_the_real_acts(
    world: dict[str, Any],
    acts: list[Act],
    imports: list[list[Row]],
    periods: list[tuple[int, int]],
    extras: list[Extra],
) -> None:
    with transaction.atomic():  # each example starts from no dossier
        run_acts(world, acts, imports, extras)
        flush()  # the resync every act's commit would run (reports/touched.py)
        assert differences() == []
        commune: Unit = world["unit"]
        commune.refresh_from_db()
        for unit in (commune, world["province"], world["other"]):
            spans = []
            for offset, length in periods:
                start = (BASE + dt.timedelta(days=offset)).date()
                end = start + dt.timedelta(days=length)
                spans.append((start, end))
                summary = ii06a(unit, start, end, source="summary").as_json()
                assert summary == ii06a(unit, start, end, source="rows").as_json()
                _same_indicators(unit, start, end)
            # The dashboard's months: all periods in one read.
            rows = [timeliness_counts(units_within(unit), a, b, "rows") for a, b in spans]
            assert totals_by_period([unit.pk], spans) == rows
        transaction.set_rollback(True)


def test_events_make_every_interval_count() -> None:
    """The cumulative events of a dossier: accepted 1/3, due 5/3, resolved 8/3 (late)."""
    day = dt.date(2024, 3, 1)
    got = events(False, (day, day.replace(day=5), day.replace(day=8), None))
    eighth = day.replace(day=8)
    assert got == [(2, day), (3, eighth), (6, eighth), (8, day.replace(day=6)), (9, eighth)]
