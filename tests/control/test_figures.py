"""Figures of the narrative computed from live records (acts done in motcua, not imported), and
the review arithmetic against an independent oracle."""

import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.accounts.models import User
from motcua.catalog.models import Fee, Procedure
from motcua.control.models import Outcome
from motcua.control.narrative import build_context
from motcua.control.services import record_plan, record_review
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.payments.services import FeeQuantity, assess_fees, record_payment
from motcua.reports.ii06a import ii06a
from motcua.units.models import Unit
from tests.dossiers.conftest import intake, vn

pytestmark = pytest.mark.django_db
MARCH = (dt.date(2024, 3, 1), dt.date(2024, 3, 31))


@pytest.fixture
def in_march_2024() -> Iterator[None]:
    with time_machine.travel(vn(2024, 3, 4, 8, 0), tick=True):
        yield


def _paid(code: str, channel: str, method: str, officer: User) -> None:
    dossier = receive_dossier(intake(code, channel=channel), actor=officer, at=vn(2024, 3, 4, 8))
    dossier = accept_dossier(dossier, actor=officer, at=vn(2024, 3, 4, 8))
    fee = Fee.objects.get(version=dossier.procedure_version)
    [payment] = assess_fees(dossier, [FeeQuantity(fee.pk, pages=3, copies=2)], actor=officer)
    reference = "" if method == "cash" else f"GD-{dossier.pk}"
    record_payment(
        payment, actor=officer, method=method, bank_reference=reference, at=vn(2024, 3, 4, 9)
    )


def test_live_dossiers_and_payments_give_the_received_and_fee_figures(
    reference: None, in_march_2024: None, receiving_officer: User
) -> None:
    unit = Unit.objects.get(code="30406")
    receiving_officer.unit = unit
    receiving_officer.save()
    _paid("2.000815", "counter", "cash", receiving_officer)
    _paid("2.000815", "counter", "transfer", receiving_officer)
    _paid("2.000815", "counter", "online", receiving_officer)  # paid through the portal
    ctx = build_context(unit, *MARCH)
    annex = ii06a(unit, *MARCH).total
    assert (ctx.dossiers.received, ctx.dossiers.online, ctx.dossiers.counter_postal) == (
        annex["c3"],
        annex["c4"],
        annex["c5"],
    )
    assert (ctx.dossiers.received, ctx.dossiers.counter_postal) == (3, 3)
    assert ctx.dossiers.pending == 3
    assert ctx.dossiers.fee_desk == 20_000  # cash and transfer at the desk, 10.000 each
    assert (ctx.dossiers.fee_online, ctx.dossiers.fee_online_dossiers) == (10_000, 1)
    assert ctx.dossiers.fully_online + ctx.dossiers.partly_online == 0
    april = build_context(unit, dt.date(2024, 4, 1), dt.date(2024, 4, 30))
    assert april.dossiers.fee_desk == 0  # paid in March
    assert april.dossiers.carried_over == 3


REVIEW = st.tuples(
    st.sampled_from(["plan", "letter", "none"]),
    st.sampled_from([*Outcome.values, ""]),
    st.integers(min_value=-40, max_value=40),  # days from the period start
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(REVIEW, max_size=12))
def test_review_figures_match_an_independent_count(
    reference: None, rows: list[tuple[str, str, int]]
) -> None:
    """The fixture's units and catalogue are only read; each example rolls its rows back."""
    start, end = dt.date(2024, 1, 1), dt.date(2024, 1, 31)
    procedure = Procedure.objects.filter(kind="procedure").first()
    with transaction.atomic():
        unit = Unit.objects.get(code="30406")
        plan = record_plan(
            unit,
            {"number": "1/KH", "issued_on": start, "subject": "rà soát", "kind": "review"},
            actor=None,
        )
        for source, outcome, offset in rows:
            values: dict[str, object] = {"procedure": procedure, "outcome": outcome}
            if outcome:
                values["reviewed_on"] = start + dt.timedelta(days=offset)
            if source == "plan":
                values["plan"] = plan
            elif source == "letter":
                values["basis"] = "Công văn số 1/VP"
            record_review(unit, values, actor=None)
        figures = build_context(unit, start, end).reviews
        transaction.set_rollback(True)
    counted = [
        (source, outcome)
        for source, outcome, offset in rows
        if not outcome or 0 <= offset <= (end - start).days
    ]
    outcomes = Counter(outcome for _, outcome in counted if outcome)
    assert figures.reviewed == sum(outcomes.values())
    assert dict(figures.by_outcome) == {o: outcomes.get(o, 0) for o in Outcome.values}
    assert figures.planned == sum(1 for source, _ in counted if source != "none")
    assert figures.planned_done == sum(1 for s, o in counted if s != "none" and o)
    assert figures.outstanding == sum(1 for _, o in counted if not o)
