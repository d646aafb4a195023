"""The only write path of the TTHC control register: one function per act, each in a transaction
with its audit event. Bad input raises ControlError (Vietnamese) and changes nothing.

Each ``record_*`` records a new entry, or corrects an existing one when given it (the audit
event keeps the before and after). Entries belong to one unit; an entry is never moved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.control.models import (
    Communication,
    Initiative,
    Inspection,
    NarrativeDraft,
    Plan,
    Registered,
    Resource,
    ResourceKind,
    Review,
)
from motcua.control.sections import KEYS, MAX_LENGTH
from motcua.domain.text import nfc
from motcua.units.models import Unit

M = TypeVar("M", bound=Registered)


class ControlError(ValueError):
    """An act on the register that cannot be done; the message is Vietnamese."""


FIELDS: dict[type[Registered], tuple[str, ...]] = {
    Plan: ("number", "issued_on", "subject", "kind"),
    Review: ("procedure", "plan", "basis", "reviewed_on", "outcome", "note"),
    Communication: ("held_on", "form", "topic", "audience", "count", "note"),
    Inspection: ("held_on", "subject", "inspected", "findings"),
    Initiative: ("proposed_on", "title", "description", "adopted"),
    Resource: ("kind", "noted_on", "description", "amount", "quantity", "out_of_order"),
}
NAMES: dict[type[Registered], str] = {
    Plan: "plan",
    Review: "review",
    Communication: "communication",
    Inspection: "inspection",
    Initiative: "initiative",
    Resource: "resource",
}


def _message(exc: ValidationError, model: type[Registered]) -> str:
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    parts = []
    for name, errors in exc.error_dict.items():
        label = ""
        if name != "__all__":
            field = model._meta.get_field(name)
            label = str(getattr(field, "verbose_name", name)).capitalize() + ": "
        parts.append(label + " ".join(m for e in errors for m in e.messages))
    return " ".join(parts)


def _snapshot(entry: Registered) -> dict[str, Any]:
    return dict(model_to_dict(entry, fields=[*FIELDS.get(type(entry), ()), "unit"]))


def _check(entry: Registered) -> None:
    """Rules the fields alone do not state."""
    if isinstance(entry, Review):
        if (
            entry.plan_id is not None
            and entry.plan is not None
            and entry.plan.unit_id != entry.unit_id
        ):
            raise ControlError("Kế hoạch rà soát phải là kế hoạch của cùng đơn vị.")
        if bool(entry.outcome) != bool(entry.reviewed_on):
            raise ControlError(
                "Thủ tục đã rà soát xong cần cả ngày hoàn thành và phương án đơn giản hóa; "
                "chưa rà soát xong thì để trống cả hai."
            )
    if isinstance(entry, Communication) and entry.count < 1:
        raise ControlError("Số lượt tuyên truyền phải từ 1 trở lên.")
    if isinstance(entry, Resource):
        if entry.kind == ResourceKind.BUDGET and not entry.amount:
            raise ControlError("Khoản kinh phí cần ghi số tiền.")
        if entry.kind == ResourceKind.EQUIPMENT and not entry.quantity:
            raise ControlError("Trang thiết bị cần ghi số lượng.")
        if entry.out_of_order > (entry.quantity or 0):
            raise ControlError("Số thiết bị bị hư không được lớn hơn số lượng.")


def _record(
    model: type[M], unit: Unit, values: Mapping[str, Any], actor: User | None, entry: M | None
) -> M:
    unknown = set(values) - set(FIELDS[model])
    if unknown:
        raise ControlError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        before = None
        if entry is None:
            target = model(unit=unit)
        else:
            target = model._default_manager.select_for_update().get(pk=entry.pk)
            if target.unit_id != unit.pk:
                raise ControlError("Mục này thuộc đơn vị khác.")
            before = _snapshot(target)
        for name, value in values.items():
            setattr(target, name, nfc(value).strip() if isinstance(value, str) else value)
        target.recorded_by = actor
        try:
            target.full_clean()
        except ValidationError as exc:
            raise ControlError(_message(exc, model)) from exc
        _check(target)
        target.save()
        after = _snapshot(target)
        if before == after:
            return target  # a retried or empty correction: nothing to record
        verb = "create" if before is None else "update"
        record(
            actor=actor,
            action=f"control.{NAMES[model]}.{verb}",
            object_type=f"control.{NAMES[model]}",
            object_id=target.pk,
            before=before,
            after=after,
        )
    return target


def record_plan(
    unit: Unit, values: Mapping[str, Any], *, actor: User | None, plan: Plan | None = None
) -> Plan:
    """A plan (kế hoạch) the unit issued: number, date, subject, kind."""
    return _record(Plan, unit, values, actor, plan)


def record_review(
    unit: Unit, values: Mapping[str, Any], *, actor: User | None, review: Review | None = None
) -> Review:
    """A procedure to review (planned), or its review done with the simplification outcome."""
    return _record(Review, unit, values, actor, review)


def record_communication(
    unit: Unit,
    values: Mapping[str, Any],
    *,
    actor: User | None,
    communication: Communication | None = None,
) -> Communication:
    """A communication activity (tuyên truyền): date, form, audience, number of sessions."""
    return _record(Communication, unit, values, actor, communication)


def record_inspection(
    unit: Unit,
    values: Mapping[str, Any],
    *,
    actor: User | None,
    inspection: Inspection | None = None,
) -> Inspection:
    """An inspection of TTHC control (kiểm tra) and its findings."""
    return _record(Inspection, unit, values, actor, inspection)


def record_initiative(
    unit: Unit,
    values: Mapping[str, Any],
    *,
    actor: User | None,
    initiative: Initiative | None = None,
) -> Initiative:
    """An initiative to reform procedures (sáng kiến cải cách TTHC)."""
    return _record(Initiative, unit, values, actor, initiative)


def record_resource(
    unit: Unit,
    values: Mapping[str, Any],
    *,
    actor: User | None,
    resource: Resource | None = None,
) -> Resource:
    """Budget (amount) or equipment (quantity, out of order) of the one-stop desk."""
    return _record(Resource, unit, values, actor, resource)


def _clean_sections(sections: Mapping[str, str]) -> dict[str, str]:
    unknown = set(sections) - KEYS
    if unknown:
        raise ControlError(f"Mục không có trong báo cáo: {', '.join(sorted(unknown))}.")
    cleaned = {}
    for key, given in sections.items():
        text = nfc(str(given)).replace("\r\n", "\n").strip()
        if len(text) > MAX_LENGTH:
            raise ControlError(f"Mục {key} dài quá {MAX_LENGTH} ký tự.")
        cleaned[key] = text
    issued = cleaned.get("issued_on")
    if issued:
        try:
            dt.datetime.strptime(issued, "%d/%m/%Y")
        except ValueError:
            raise ControlError(
                "Ngày ban hành phải có dạng ngày/tháng/năm, ví dụ 24/05/2024."
            ) from None
    return cleaned


def save_narrative_draft(
    unit: Unit,
    start: dt.date,
    end: dt.date,
    sections: Mapping[str, str],
    *,
    actor: User | None,
) -> NarrativeDraft:
    """Save the free-text parts of the unit's narrative report for [start, end].

    Only the given keys change; an empty text goes back to the generated default. Saving the
    same text again records nothing (a retried form).
    """
    if end < start:
        raise ControlError("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.")
    cleaned = _clean_sections(sections)
    with transaction.atomic():
        draft = NarrativeDraft.objects.select_for_update().filter(
            unit=unit, start=start, end=end
        ).first() or NarrativeDraft(unit=unit, start=start, end=end, sections={})
        before = dict(draft.sections)
        after = {**before, **cleaned}
        after = {key: text for key, text in after.items() if text}
        if after == before:
            return draft
        draft.sections = after
        draft.recorded_by = actor
        draft.save()
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        record(
            actor=actor,
            action="control.narrative.save",
            object_type="control.narrative",
            object_id=draft.pk,
            before={k: before.get(k, "") for k in changed},
            after={k: after.get(k, "") for k in changed},
        )
    return draft
