"""Each act on the register: stored with its audit event; bad input changes nothing."""

import datetime as dt

import pytest

from motcua.audit.models import AuditEvent
from motcua.catalog.models import Procedure
from motcua.control.models import Communication, NarrativeDraft, Plan, Resource, Review
from motcua.control.services import (
    ControlError,
    record_communication,
    record_plan,
    record_resource,
    record_review,
    save_narrative_draft,
)
from motcua.units.models import Unit

pytestmark = pytest.mark.django_db
PLAN = {
    "number": "12/KH-UBND",
    "issued_on": dt.date(2024, 2, 1),
    "subject": "về việc rà soát thủ tục hành chính năm 2024",
    "kind": "review",
}


@pytest.fixture
def unit(reference: None) -> Unit:
    return Unit.objects.get(code="30406-2025")


def _events(kind: str) -> int:
    return AuditEvent.objects.filter(object_type=f"control.{kind}").count()


def test_a_plan_is_recorded_with_its_audit_event(unit: Unit, administrator) -> None:  # type: ignore[no-untyped-def]
    plan = record_plan(unit, PLAN, actor=administrator)
    event = AuditEvent.objects.get(object_type="control.plan", object_id=str(plan.pk))
    assert event.action == "control.plan.create"
    assert event.actor == administrator
    assert event.after is not None
    assert event.after["number"] == "12/KH-UBND"
    assert event.after["unit"] == unit.pk


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"subject": ""}, "Trích yếu"),
        ({"kind": "bogus"}, "Loại kế hoạch"),
        ({"issued_on": None}, "Ngày ban hành"),
        ({"colour": "red"}, "Trường không hợp lệ"),
    ],
)
def test_a_bad_plan_is_refused_in_vietnamese_and_changes_nothing(
    unit: Unit, change: dict[str, object], message: str
) -> None:
    before = (Plan.objects.count(), _events("plan"))
    with pytest.raises(ControlError, match=message):
        record_plan(unit, {**PLAN, **change}, actor=None)
    assert (Plan.objects.count(), _events("plan")) == before


def test_the_same_plan_number_twice_in_one_unit_is_refused(unit: Unit) -> None:
    record_plan(unit, PLAN, actor=None)
    with pytest.raises(ControlError):
        record_plan(unit, PLAN, actor=None)
    assert Plan.objects.filter(unit=unit).count() == 1


def test_a_correction_keeps_before_and_after_and_a_retry_records_nothing(unit: Unit) -> None:
    plan = record_plan(unit, PLAN, actor=None)
    record_plan(unit, {**PLAN, "number": "13/KH-UBND"}, actor=None, plan=plan)
    event = AuditEvent.objects.filter(object_type="control.plan").latest("seq")
    assert event.before is not None
    assert event.after is not None
    assert (event.action, event.before["number"], event.after["number"]) == (
        "control.plan.update",
        "12/KH-UBND",
        "13/KH-UBND",
    )
    count = _events("plan")
    record_plan(unit, {**PLAN, "number": "13/KH-UBND"}, actor=None, plan=plan)
    assert _events("plan") == count


def test_an_entry_of_one_unit_cannot_be_corrected_under_another(unit: Unit) -> None:
    plan = record_plan(unit, PLAN, actor=None)
    with pytest.raises(ControlError, match="đơn vị khác"):
        record_plan(Unit.objects.get(code="30406"), PLAN, actor=None, plan=plan)


def test_a_review_needs_both_its_date_and_its_outcome(unit: Unit) -> None:
    procedure = Procedure.objects.filter(kind="procedure").first()
    before = (Review.objects.count(), _events("review"))
    with pytest.raises(ControlError, match="phương án đơn giản hóa"):
        record_review(unit, {"procedure": procedure, "outcome": "amended"}, actor=None)
    assert (Review.objects.count(), _events("review")) == before
    review = record_review(
        unit,
        {"procedure": procedure, "outcome": "amended", "reviewed_on": dt.date(2024, 3, 1)},
        actor=None,
    )
    assert review.get_outcome_display() == "Sửa đổi, bổ sung"
    assert _events("review") == before[1] + 1


def test_a_review_under_another_units_plan_is_refused(unit: Unit) -> None:
    plan = record_plan(Unit.objects.get(code="30406"), PLAN, actor=None)
    procedure = Procedure.objects.filter(kind="procedure").first()
    with pytest.raises(ControlError, match="cùng đơn vị"):
        record_review(unit, {"procedure": procedure, "plan": plan}, actor=None)


def test_communication_needs_at_least_one_session(unit: Unit) -> None:
    values = {"held_on": dt.date(2024, 1, 2), "form": "meeting", "topic": "Một cửa", "count": 0}
    with pytest.raises(ControlError, match="Số lượt"):
        record_communication(unit, values, actor=None)
    assert not Communication.objects.filter(unit=unit).exists()
    record_communication(unit, {**values, "count": 3}, actor=None)
    assert Communication.objects.get(unit=unit).count == 3


def test_equipment_cannot_have_more_broken_than_it_has(unit: Unit) -> None:
    values = {
        "kind": "equipment",
        "noted_on": dt.date(2024, 1, 2),
        "description": "máy scan",
        "quantity": 1,
        "out_of_order": 2,
    }
    with pytest.raises(ControlError, match="bị hư"):
        record_resource(unit, values, actor=None)
    with pytest.raises(ControlError, match="số tiền"):
        record_resource(unit, {**values, "kind": "budget", "quantity": None}, actor=None)
    assert not Resource.objects.filter(unit=unit).exists()


def test_the_narrative_draft_is_saved_per_unit_and_period_with_audit(unit: Unit) -> None:
    start, end = dt.date(2024, 1, 1), dt.date(2024, 3, 31)
    draft = save_narrative_draft(unit, start, end, {"II.A": "Thiếu máy scan."}, actor=None)
    event = AuditEvent.objects.get(object_type="control.narrative", object_id=str(draft.pk))
    assert event.after == {"II.A": "Thiếu máy scan."}
    save_narrative_draft(unit, start, end, {"II.A": "Thiếu máy scan."}, actor=None)
    assert (
        _events("narrative")
        == 1
        + AuditEvent.objects.filter(object_type="control.narrative")
        .exclude(object_id=str(draft.pk))
        .count()
    )
    save_narrative_draft(unit, start, end, {"II.A": ""}, actor=None)
    assert NarrativeDraft.objects.get(pk=draft.pk).sections == {}


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        ({"IX": "x"}, "Mục không có"),
        ({"issued_on": "2024-05-24"}, "ngày/tháng/năm"),
        ({"III": "x" * 20_001}, "dài quá"),
    ],
)
def test_a_bad_narrative_draft_changes_nothing(
    unit: Unit, sections: dict[str, str], message: str
) -> None:
    with pytest.raises(ControlError, match=message):
        save_narrative_draft(unit, dt.date(2024, 1, 1), dt.date(2024, 3, 31), sections, actor=None)
    assert not NarrativeDraft.objects.filter(unit=unit).exists()
