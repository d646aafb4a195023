"""gather_inputs by SQL equals a row-by-row oracle on random dossiers; publications likewise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.catalog.models import ProcedureVersion, Publication, TimeUnit
from motcua.catalog.services import load_catalog, publish_for_unit
from motcua.domain.indicators import Ratio
from motcua.domain.vntime import VN
from motcua.dossiers.models import Dossier
from motcua.payments.models import Payment
from motcua.reports.indicators import gather_inputs
from motcua.reports.rebuild import rebuild
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog

START, END = dt.date(2024, 1, 1), dt.date(2024, 1, 31)


def _at(offset: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2023, 12, 20, hour, tzinfo=VN) + dt.timedelta(days=offset)


@dataclass(frozen=True)
class Spec:
    accepted: int | None  # None: submitted, never accepted
    due: int | None
    outcome: str
    finish: int
    channel: str
    level: str
    procedure: str
    digitised: bool
    reused: bool
    fee: int
    owes: bool  # an assessed, unpaid fee (a waiting payment row)
    paid_online: bool
    e_copies: int
    electronic_result: bool
    other_unit: bool
    hour: int


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    received = draw(st.integers(-20, 50))
    accepted = draw(st.one_of(st.just(received), st.none()))
    channel = draw(st.sampled_from(["counter", "online", "postal"]))
    fee = draw(st.sampled_from([0, 0, 8000, 20000]))
    return Spec(
        accepted if accepted is not None else None,
        draw(st.one_of(st.none(), st.integers(0, 20).map(lambda d: received + d))),
        draw(st.sampled_from(["open", "resolved", "ended"])),
        received + draw(st.integers(0, 40)),
        channel,
        draw(st.sampled_from(["full", "partial"])) if channel == "online" else "",
        draw(st.sampled_from(["CT", "HT"])),
        draw(st.booleans()),
        draw(st.booleans()),
        fee,
        draw(st.booleans()),
        fee > 0 and draw(st.booleans()),
        draw(st.sampled_from([0, 0, 2])),
        draw(st.booleans()),
        draw(st.booleans()),
        draw(st.sampled_from([0, 9, 23])),
    )


def _day(offset: int | None, hour: int) -> dt.date | None:
    return None if offset is None else _at(offset, hour).date()


def _oracle(rows: list[Spec]) -> dict[str, tuple[int, int]]:
    """Each measure's (numerator, denominator), counted one dossier at a time."""
    counts: dict[str, list[int]] = {}
    fee_procs: set[str] = set()
    paid_procs: set[str] = set()

    def add(key: str, hit: bool) -> None:
        pair = counts.setdefault(key, [0, 0])
        pair[0] += int(hit)
        pair[1] += 1

    for s in rows:
        if s.other_unit:
            continue
        accepted = _day(s.accepted, s.hour)
        due = _day(s.due, 17)
        finish = _day(s.finish, s.hour) if s.accepted is not None else None
        resolved = finish if s.outcome == "resolved" else None
        ended = finish if s.outcome == "ended" else None
        if accepted is not None:
            done = resolved or ended
            if resolved is not None and START <= resolved <= END:
                add("on_time", due is None or resolved <= due)
                add("electronic_results", s.electronic_result)
            if accepted <= END and (done is None or done > END):
                add("on_time", due is None or due >= END)
            if START <= accepted <= END:
                add("online_dossiers", s.channel == "online")
                add("digitised", s.digitised)
                add("reused", s.reused)
                if s.fee or s.owes:
                    add("paid_online", s.paid_online)
                    fee_procs.add(s.procedure)
                    if s.paid_online:
                        paid_procs.add(s.procedure)
                if s.procedure == "CT":
                    add("e_certified", s.e_copies > 0)
    result = {key: (n, d) for key, (n, d) in counts.items()}
    result["procedures_paid_online"] = (len(paid_procs), len(fee_procs))
    return result


@pytest.fixture
def world(db: None) -> tuple[Unit, Unit, dict[str, ProcedureVersion]]:
    load_reference_units()
    load_catalog(catalog())
    versions = {
        "CT": ProcedureVersion.objects.get(procedure__code="2.000815"),
        "HT": ProcedureVersion.objects.get(procedure__code="1.000894"),
    }
    other = Unit.objects.exclude(code="30406").filter(kind="commune").first()
    assert other is not None
    return Unit.objects.get(code="30406"), other, versions


def _make(unit: Unit, other: Unit, versions: dict[str, ProcedureVersion], rows: list[Spec]) -> None:
    Payment.objects.all().delete()
    Dossier.objects.all().delete()
    made = []
    for i, s in enumerate(rows):
        received = _at(s.accepted if s.accepted is not None else s.finish, s.hour)
        accepted = _at(s.accepted, s.hour) if s.accepted is not None else None
        finish = _at(s.finish, s.hour) if accepted else None
        place = other if s.other_unit else unit
        made.append(
            Dossier(
                code=f"T-{i}",
                procedure_version=versions[s.procedure],
                receiving_unit=place,
                competent_unit=place,
                channel=s.channel,
                online_level=s.level,
                status="returned" if s.outcome == "resolved" else "in_progress",
                applicant_name="A",
                applicant_name_fold="a",
                received_at=received,
                accepted_at=accepted,
                due_at=_at(s.due, 17) if s.due is not None and accepted else None,
                resolved_at=finish if s.outcome == "resolved" else None,
                ended_at=finish if s.outcome == "ended" else None,
                has_digitised_components=s.digitised,
                has_reused_data=s.reused,
                fees_collected=s.fee,
                paid_online=s.paid_online,
                e_certified_copies=s.e_copies,
                electronic_result=s.electronic_result,
            )
        )
    Dossier.objects.bulk_create(made)
    Payment.objects.bulk_create(
        Payment(dossier=d, kind="le_phi", description="Lệ phí", amount=5000)
        for d, s in zip(Dossier.objects.order_by("pk"), rows, strict=True)
        if s.owes
    )
    rebuild()  # written in bulk: the summary is recomputed as after an import


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(specs(), max_size=30))
def test_the_sql_inputs_equal_the_row_by_row_oracle(
    world: tuple[Unit, Unit, dict[str, ProcedureVersion]], rows: list[Spec]
) -> None:
    unit, other, versions = world
    _make(unit, other, versions, rows)
    for source in ("summary", "rows"):
        _check(unit, other, rows, source)


def _check(unit: Unit, other: Unit, rows: list[Spec], source: str) -> None:
    inputs = gather_inputs({unit.pk}, START, END, source)
    expected = _oracle(rows)
    for key in (
        "on_time",
        "electronic_results",
        "online_dossiers",
        "digitised",
        "reused",
        "paid_online",
        "procedures_paid_online",
        "e_certified",
    ):
        assert inputs.get(key) == Ratio(*expected.get(key, (0, 0))), key
    mine = [s for s in rows if not s.other_unit]
    submitted = [
        s
        for s in mine
        if s.channel == "online"
        and START <= _at(s.accepted if s.accepted is not None else s.finish, s.hour).date() <= END
    ]
    assert inputs.figures["submitted_full"] == sum(s.level == "full" for s in submitted)
    assert inputs.figures["submitted_online"] == len(submitted)
    # the roll-up of both units counts every dossier once
    both = gather_inputs({unit.pk, other.pk}, START, END, source)
    assert both.figures["accepted"] == sum(
        s.accepted is not None and START <= _at(s.accepted, s.hour).date() <= END for s in rows
    )


@pytest.mark.django_db
def test_publication_measures_read_the_version_in_force_at_the_period_end(
    world: tuple[Unit, Unit, dict[str, ProcedureVersion]],
) -> None:
    unit, _, _ = world
    publish_for_unit(unit, day=END)
    Publication.objects.filter(procedure__code="1.000894").update(on_portal=False)
    in_force_now = [p.procedure.version_on(END) for p in Publication.objects.filter(unit=unit)]
    complete_now = [v for v in in_force_now if v is not None and v.legal_basis and v.result_types]
    assert len(complete_now) >= 2
    first, second = complete_now[:2]
    later = ProcedureVersion.objects.get(pk=first.pk)
    later.pk = None
    later.valid_from = END + dt.timedelta(days=1)
    later.online_level = "partial"
    later.save()  # in force only after the period: the period still reads `first`
    # Each way of being incomplete on its own (the count must notice every one), then none.
    breaks: list[Callable[[], object]] = [
        lambda: ProcedureVersion.objects.filter(pk=second.pk).update(legal_basis=[]),
        lambda: ProcedureVersion.objects.filter(pk=second.pk).update(result_types=[]),
        lambda: second.components.all().delete(),
        lambda: ProcedureVersion.objects.filter(pk=second.pk).update(
            time_limit_value=0, time_limit_unit=TimeUnit.WORKING_DAYS, online_level="partial"
        ),
        lambda: 0,
    ]
    for index, make_incomplete in enumerate(breaks):
        with transaction.atomic():
            make_incomplete()
            _check_publications(unit, second, incomplete=index < len(breaks) - 1)
            transaction.set_rollback(True)


def _check_publications(unit: Unit, changed: ProcedureVersion, incomplete: bool) -> None:
    inputs = gather_inputs({unit.pk}, START, END)
    publications = Publication.objects.filter(unit=unit, procedure__kind="procedure")
    versions = [p.procedure.version_on(END) for p in publications]
    in_force = [(p, v) for p, v in zip(publications, versions, strict=True) if v is not None]
    complete = [
        v
        for _, v in in_force
        if v.components.exists()
        and v.legal_basis
        and v.result_types
        and (v.time_limit_value > 0 or v.time_limit_unit == TimeUnit.SAME_DAY)
    ]
    total = len(in_force)
    assert total > 0
    assert inputs.publicised == Ratio(sum(p.at_desk and p.on_portal for p, _ in in_force), total)
    assert inputs.publicised is not None
    assert inputs.publicised.numerator == total - 1
    assert inputs.content_full == Ratio(len(complete), total)
    assert (changed.pk not in {v.pk for v in complete}) is incomplete
    online = [v for _, v in in_force if v.online_level in ("full", "partial")]
    assert inputs.online_services == Ratio(len(online), total)
    assert inputs.full_online_services == Ratio(
        sum(v.online_level == "full" for v in online), len(online)
    )
    for empty in ("synced", "satisfaction", "pakn_on_time", "pakn_satisfaction"):
        assert inputs.get(empty) == Ratio(0, 0)  # wired to their apps; nothing in this period
