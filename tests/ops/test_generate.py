"""The synthetic data is what the services would have written."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.audit.chain import canonical, chain_key, event_hash, jsonable, keyed_hash, verify
from motcua.audit.models import AuditEvent
from motcua.calendars.services import calendar_for, to_local_naive
from motcua.catalog.loader import read_reference
from motcua.catalog.services import load_catalog
from motcua.domain.deadlines import due_at
from motcua.domain.dossier_states import ALLOWED_ACTIONS_BY_STATUS, Action, Status
from motcua.domain.vntime import VN
from motcua.dossiers.clock import time_limit_of
from motcua.dossiers.log_check import disagreements
from motcua.dossiers.models import DailySequence, Dossier, HandOver
from motcua.ops.generate import generate
from motcua.ops.synthetic import (
    STATUS_AFTER,
    canonical_event,
    json_time,
    received_snapshot,
    snapshot,
    string,
)
from motcua.reports.ii06a import ii06a
from motcua.reports.models import ReportCell
from motcua.reports.rebuild import differences
from motcua.units.models import Unit
from motcua.units.services import load_reference_units

NOW = dt.datetime(2024, 12, 20, 10, 0, tzinfo=VN)


@pytest.fixture
def generated(db: None) -> int:
    load_reference_units()
    load_catalog(read_reference())
    summary = generate(dossiers=1500, units=3, years=1, seed=7, now=NOW)
    assert summary.dossiers == 1500
    return summary.events


def test_codes_are_gapless_per_unit_and_day(generated: int) -> None:
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for code in Dossier.objects.exclude(code=None).values_list("code", flat=True):
        assert code is not None
        agency, day, number = code.rsplit("-", 2)
        numbers[(agency, day)].append(int(number))
    assert numbers
    for (agency, day), found in numbers.items():
        assert sorted(found) == list(range(1, len(found) + 1)), (agency, day)
        parsed = dt.datetime.strptime(day, "%y%m%d").date()
        assert DailySequence.objects.get(agency_code=agency, day=parsed).last == len(found)


def test_due_dates_match_the_deadline_engine(generated: int) -> None:
    accepted = Dossier.objects.exclude(accepted_at=None).select_related(
        "procedure_version", "competent_unit"
    )
    calendar = calendar_for(accepted[0].competent_unit)
    kinds = set()
    for dossier in accepted[:400]:
        assert dossier.accepted_at is not None
        expected = due_at(
            calendar,
            to_local_naive(dossier.accepted_at),
            time_limit_of(dossier.procedure_version),
            paper=dossier.channel != "online",
        )
        assert dossier.due_at is not None
        assert to_local_naive(dossier.due_at) == expected
        kinds.add(dossier.procedure_version.time_limit_unit)
    assert {"working_days", "same_day"} <= kinds


def test_audit_chain_and_acts_follow_the_state_machine(generated: int) -> None:
    verdict = verify()
    assert verdict.first_broken is None
    assert verdict.checked == generated == AuditEvent.objects.count()
    assert list(disagreements()) == []  # every row is what its last event says
    times = list(AuditEvent.objects.order_by("seq").values_list("at", flat=True))
    assert times == sorted(times)  # appended in the order of the acts
    status_of = {"receive": Status.RECEIVED}
    by_dossier: dict[str, list[str]] = defaultdict(list)
    for object_id, action in AuditEvent.objects.filter(object_type="dossier").values_list(
        "object_id", "action"
    ):
        by_dossier[object_id].append(action)
    for dossier in Dossier.objects.all():
        acts = by_dossier[str(dossier.pk)]
        assert acts[0] == "receive"
        status = status_of["receive"]
        for action in acts[1:]:
            status = ALLOWED_ACTIONS_BY_STATUS[status][Action(action)]
        assert status.value == dossier.status
        assert (dossier.code is not None) == ("accept" in acts)
        assert dossier.accepted_at is None or dossier.accepted_at <= NOW
    assert HandOver.objects.count() == sum("hand_over" in a for a in by_dossier.values())
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {"returned", "in_progress", "refused_at_intake"} <= statuses


def test_the_report_summary_and_day_columns_are_what_the_acts_would_keep(generated: int) -> None:
    assert differences() == []  # cells and day columns recomputed from the rows
    assert ReportCell.objects.filter(grain="d").exists()
    province = Unit.objects.get(code="BENCH")
    for start, end in [
        (dt.date(2024, 1, 1), dt.date(2024, 12, 20)),
        (dt.date(2024, 3, 15), dt.date(2024, 6, 2)),
        (dt.date(2024, 11, 5), dt.date(2024, 11, 5)),
    ]:
        summary = ii06a(province, start, end, source="summary").as_json()
        assert summary["total"]["c3"] > 0
        assert summary == ii06a(province, start, end, source="rows").as_json()


text = st.text(st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=300, deadline=None)
@given(
    label=text,
    code=st.none() | text,
    procedure=text,
    action=st.sampled_from(sorted(STATUS_AFTER)),
    seq=st.integers(1, 10**12),
    pk=st.integers(1, 10**12),
    actor=st.integers(1, 10**9),
    due=st.none() | st.datetimes(timezones=st.just(VN)),
    at=st.datetimes(),
)
def test_canonical_event_is_what_event_hash_hashes(
    label: str,
    code: str | None,
    procedure: str,
    action: str,
    seq: int,
    pk: int,
    actor: int,
    due: dt.datetime | None,
    at: dt.datetime,
) -> None:
    """The generator's JSON pieces give exactly the canonical JSON of audit.chain.event_hash
    (the oracle: the event as audit.services.record builds it, hashed by event_hash)."""
    status = STATUS_AFTER[action]
    code_json = "null" if code is None else string(code)
    due_json = "null" if due is None else json_time(due)
    before = snapshot(status, code_json, due_json)
    after = received_snapshot(procedure, "online") if action == "receive" else before
    origin = json.dumps({"channel": "bench-generate", "seed": 1}, separators=(",", ":"))
    at_utc = at.replace(tzinfo=dt.UTC)
    ours = canonical_event(
        seq=seq,
        at=at_utc.isoformat(timespec="microseconds"),
        actor=actor,
        actor_label=string(label),
        action=action,
        object_id=str(pk),
        before=before,
        after=after,
        origin=origin,
        prev="a" * 64,
    )
    snap = {"status": status, "code": code, "due_at": due, "original_due_at": due}
    snap["extended_due_at"] = None
    after_value = {**snap, "code": None, "due_at": None, "original_due_at": None}
    after_value |= {"procedure": procedure, "channel": "online"}
    event = AuditEvent(
        seq=seq,
        at=at_utc,
        actor_id=actor,
        actor_label=label,
        action=action,
        object_type="dossier",
        object_id=str(pk),
        before=jsonable(snap),
        after=jsonable(after_value if action == "receive" else snap),
        origin={"channel": "bench-generate", "seed": 1},
        prev_hash="a" * 64,
    )
    assert ours == canonical(event)
    assert keyed_hash(chain_key(), ours) == event_hash(event)
