"""satisfaction_summary and feedback_counts against row-level oracles (hypothesis)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from typing import TypeGuard

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion
from motcua.domain.feedback_rules import CRITERIA_KEYS, NINE_CRITERIA
from motcua.dossiers.models import Dossier
from motcua.feedback.indicators import feedback_counts, satisfaction_summary
from motcua.feedback.models import Petition, Rating
from motcua.feedback.ratings import rate_dossier
from motcua.feedback.services import (
    PetitionIn,
    answer_petition,
    publish_petition,
    rate_answer,
    receive_petition,
)
from motcua.units.models import Unit
from tests.dossiers.conftest import vn

START, END = dt.date(2024, 1, 10), dt.date(2024, 1, 20)
OPTIONAL = {c.key for c in NINE_CRITERIA if c.optional}
SLOW = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def level(key: str) -> st.SearchStrategy[str]:
    levels = ["very_satisfied", "satisfied", "dissatisfied"]
    return st.sampled_from(levels + (["not_applicable"] if key in OPTIONAL else []))


rating_spec = st.fixed_dictionaries(
    {
        "unit": st.integers(0, 1),
        "procedure": st.integers(0, 2),
        "day": st.integers(-3, 14),  # days after START: some before, some after the period
        "officer": st.integers(0, 2),
        "answers": st.fixed_dictionaries({key: level(key) for key in CRITERIA_KEYS}),
    }
)


@pytest.fixture
def world(phumy: Unit, other_unit: Unit, officer: User, specialist: User, leader: User):  # type: ignore[no-untyped-def]
    versions = list(ProcedureVersion.objects.select_related("procedure").order_by("pk")[:3])
    return [phumy, other_unit], versions, [officer, specialist, leader]


@SLOW
@given(specs=st.lists(rating_spec, max_size=12))
def test_the_satisfaction_summary_equals_the_row_by_row_count(world, specs) -> None:  # type: ignore[no-untyped-def]
    units, versions, officers = world
    Rating.objects.all().delete()
    Dossier.objects.all().delete()
    for index, spec in enumerate(specs):
        day = START + dt.timedelta(days=spec["day"])
        dossier = Dossier.objects.create(
            code=f"T-{index}",
            procedure_version=versions[spec["procedure"]],
            receiving_unit=units[spec["unit"]],
            competent_unit=units[spec["unit"]],
            channel="counter",
            status="returned",
            applicant_name="Người thử",
            received_at=vn(day.year, day.month, day.day, 8),
            returned_at=vn(day.year, day.month, day.day, 9),
            received_by=officers[spec["officer"]],
            assignee=officers[(spec["officer"] + 1) % 3],
        )
        rate_dossier(dossier, spec["answers"], at=vn(day.year, day.month, day.day, 23, 59))
    summary = satisfaction_summary([units[0].pk], START, END)
    # The oracle: plain Python over the specs.
    kept = [s for s in specs if s["unit"] == 0 and START <= START + dt.timedelta(s["day"]) <= END]
    good = [s for s in kept if "dissatisfied" not in s["answers"].values()]
    assert (summary.rated, summary.satisfied) == (len(kept), len(good))
    assert summary.rate == (Decimal(len(good)) / len(kept) if kept else None)
    expected: dict[str, Counter[str]] = defaultdict(Counter)
    for s in kept:
        for key, value in s["answers"].items():
            expected[key][value] += 1
    assert {k: v for k, v in summary.criteria.items() if v} == {
        k: dict(v) for k, v in expected.items()
    }
    by_procedure = Counter(versions[s["procedure"]].procedure.code for s in kept)
    assert {g.key: g.rated for g in summary.by_procedure} == dict(by_procedure)
    by_officer: Counter[int] = Counter()
    for s in kept:
        for who in {s["officer"], (s["officer"] + 1) % 3}:
            by_officer[officers[who].pk] += 1
    assert {int(g.key): g.rated for g in summary.by_officer} == dict(by_officer)
    assert sum(g.rated for g in summary.by_unit) == len(kept)


petition_spec = st.fixed_dictionaries(
    {
        "received": st.integers(-20, 10),  # days after START
        "answer_after": st.none() | st.integers(0, 30),
        "kind": st.sampled_from(["regulation", "behaviour"]),
        # after the answer (days): published, and rated by the submitter (satisfied or not)
        "published_after": st.none() | st.integers(0, 15),
        "rated": st.none() | st.tuples(st.integers(0, 15), st.booleans()),
    }
)


@SLOW
@given(specs=st.lists(petition_spec, max_size=10))
def test_the_pakn_counts_equal_the_row_by_row_count(world, specs) -> None:  # type: ignore[no-untyped-def]
    units, _, officers = world
    Petition.objects.all().delete()
    rows = []
    answers: list[tuple[dt.date | None, dt.date | None, dt.date | None, bool | None]] = []
    for spec in specs:
        day = START + dt.timedelta(days=spec["received"])
        petition = receive_petition(
            PetitionIn(
                unit=units[0],
                kind=spec["kind"],
                name="Người phản ánh",
                subject="Tiêu đề",
                content="Nội dung phản ánh đủ dài để được nhận.",
                phone="0912345678",
            ),
            at=vn(day.year, day.month, day.day, 9),
        )
        due = petition.due_at.astimezone(vn(2024, 1, 1).tzinfo).date()
        answered = published = rated = None
        if spec["answer_after"] is not None:
            answered = day + dt.timedelta(days=spec["answer_after"])
            answer_petition(
                petition,
                actor=officers[2],
                answer="Trả lời",
                at=vn(answered.year, answered.month, answered.day, 10),
            )
            if spec["published_after"] is not None:
                published = answered + dt.timedelta(days=spec["published_after"])
                publish_petition(
                    petition,
                    actor=officers[2],
                    public_question="Câu hỏi công khai",
                    at=vn(published.year, published.month, published.day, 11),
                )
            if spec["rated"] is not None:
                rated = answered + dt.timedelta(days=spec["rated"][0])
                rate_answer(
                    petition,
                    satisfied=spec["rated"][1],
                    at=vn(rated.year, rated.month, rated.day, 12),
                )
        rows.append((day, answered, due, spec["kind"]))
        answers.append((answered, published, rated, spec["rated"] and spec["rated"][1]))
    counts = feedback_counts([units[0].pk], START, END)

    def in_period(d: dt.date | None) -> TypeGuard[dt.date]:
        return d is not None and START <= d <= END

    new = [r for r in rows if in_period(r[0])]
    carried = [r for r in rows if r[0] < START and (r[1] is None or r[1] >= START)]
    received = new + carried
    pending = [r for r in received if r[1] is None or r[1] > END]
    assert counts["received_new"] == len(new)
    assert counts["carried_over"] == len(carried)
    assert counts["received"] == len(received)
    assert counts["answered_on_time"] == sum(1 for r in rows if in_period(r[1]) and r[1] <= r[2])
    assert counts["answered_late"] == sum(1 for r in rows if in_period(r[1]) and r[1] > r[2])
    assert counts["pending"] == len(pending)
    assert counts["pending_overdue"] == sum(1 for r in pending if r[2] < END)
    assert (
        counts["received"]
        == counts["answered_on_time"] + counts["answered_late"] + counts["pending"]
    )
    assert counts["published"] == sum(
        1 for a, p, _, _ in answers if in_period(a) and p is not None and p <= END
    )
    assert counts["answer_rated"] == sum(1 for _, _, r, _ in answers if in_period(r))
    assert counts["answer_satisfied"] == sum(1 for _, _, r, ok in answers if in_period(r) and ok)
    assert counts["by_kind"] == {
        "regulation": sum(1 for r in received if r[3] == "regulation"),
        "behaviour": sum(1 for r in received if r[3] == "behaviour"),
    }
