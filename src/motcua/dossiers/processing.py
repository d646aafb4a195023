"""Processing acts after acceptance (NĐ 118/2025 Art. 18–22): one function per legal act.

Like services.py: check, ask the state machine, change, append the audit event — one transaction.
The deadline clock (dossiers/clock.py) refuses what the law refuses (a second extension, an
extension less than one working day before the deadline, …) and nothing is written then.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.roles import HOLDING_ROLES
from motcua.accounts.signers import letter_signer
from motcua.calendars.services import calendar_for, to_aware, to_local_naive
from motcua.documents.formsets import FormKind
from motcua.domain.deadlines import DeadlineError, TimeLimitUnit, classify_by_time
from motcua.domain.dossier_states import Action
from motcua.domain.text import nfc
from motcua.domain.uploads import UploadError, check_upload, safe_name
from motcua.dossiers.clock import apply_clock_event, limit_given
from motcua.dossiers.collection import Collector, check_nothing_owed, checked_collector
from motcua.dossiers.forms import apology_context, stop_context, supplement_context
from motcua.dossiers.issued import issue
from motcua.dossiers.models import Delivery, Dossier, HandOver, Opinion, OpinionKind
from motcua.dossiers.services import DossierError, IllegalAct, act, record_act
from motcua.units.models import Unit

SUPPLEMENT_WAIT_DAYS = 15  # NĐ 118/2025 Art. 19.5: closed when not completed within 15 days


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


def _text(value: str, message: str) -> str:
    cleaned = nfc(value).strip()
    if not cleaned:
        raise DossierError(message)
    return cleaned


def _clock(
    dossier: Dossier, kind: str, at: dt.datetime, new_due: dt.datetime | None = None
) -> None:
    try:
        apply_clock_event(dossier, kind, at, new_due)
    except DeadlineError as exc:
        raise IllegalAct(str(exc)) from exc


def _finish_open_step(dossier: Dossier, at: dt.datetime) -> HandOver | None:
    """Close the step in progress and judge it early / on time / late against its deadline."""
    step = dossier.hand_overs.filter(finished_at__isnull=True).order_by("-seq").first()
    if step is not None:
        step.finished_at = at
        step.timeliness = classify_by_time(to_local_naive(at), to_local_naive(step.step_due_at))
        step.save(update_fields=["finished_at", "timeliness"])
    return step


def _step_due(dossier: Dossier, step_share: Decimal | None, at: dt.datetime) -> dt.datetime:
    """The step's deadline: its share of the time limit in working hours, capped at the due date."""
    due = dossier.due_at
    assert due is not None  # an accepted dossier in progress has a due date
    limit = limit_given(dossier)
    if step_share is None or limit.unit not in (
        TimeLimitUnit.WORKING_DAYS,
        TimeLimitUnit.WORKING_HOURS,
    ):
        return due
    hours = float(Decimal(limit.working_hours()) * step_share)
    calendar = calendar_for(dossier.competent_unit)
    step_due = to_aware(calendar.add_working_hours(to_local_naive(at), hours))
    return min(step_due, due)


@transaction.atomic
def hand_over(
    dossier: Dossier,
    *,
    actor: User,
    to_user: User | None,
    to_unit: Unit | None = None,
    step_order: int | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> HandOver:
    """Hand the dossier to the next officer or agency along the internal process."""
    locked, before = act(dossier, Action.HAND_OVER)
    at = _now(at)
    steps = {s.order: s for s in locked.procedure_version.steps.all()}
    if step_order is not None and step_order not in steps:
        raise DossierError(f"Quy trình nội bộ không có bước {step_order}.")
    if to_user is None and to_unit is None:
        raise DossierError("Phải chọn người hoặc cơ quan nhận hồ sơ.")
    if to_user is not None and not (
        to_user.is_active
        and HOLDING_ROLES & set(to_user.roles())
        and to_user.unit_id == actor.unit_id
    ):
        raise DossierError(
            f"{to_user} không phải cán bộ xử lý hồ sơ của đơn vị, không chuyển được."
        )
    previous = _finish_open_step(locked, at)
    step = steps.get(step_order) if step_order is not None else None
    handed = HandOver.objects.create(
        dossier=locked,
        seq=locked.hand_overs.count() + 1,
        step_order=step_order,
        step_name=step.name if step else "Chuyển xử lý",
        from_user=actor,
        to_user=to_user,
        to_unit=to_unit or locked.competent_unit,
        at=at,
        step_due_at=_step_due(locked, step.share if step else None, at),
        note=nfc(note).strip(),
    )
    locked.assignee = to_user
    locked.save()
    record_act(
        locked,
        Action.HAND_OVER,
        actor,
        before,
        extra={
            "to_user": to_user.username if to_user else None,
            "step": step_order,
            "step_due_at": handed.step_due_at,
            "previous_step": previous.timeliness if previous else None,
        },
    )
    return handed


@transaction.atomic
def request_supplement(
    dossier: Dossier, *, actor: User, missing: list[str], reason: str, at: dt.datetime | None = None
) -> Dossier:
    """Return for supplement after appraisal: the clock stops; it restarts from zero later."""
    items = [nfc(item).strip() for item in missing if item.strip()]
    if not items:
        raise DossierError("Phải liệt kê đầy đủ các nội dung cần bổ sung, hoàn thiện (một lần).")
    locked, before = act(dossier, Action.REQUEST_SUPPLEMENT)
    at = _now(at)
    _clock(locked, "supplement_requested", at)
    locked.save()
    event = record_act(
        locked,
        Action.REQUEST_SUPPLEMENT,
        actor,
        before,
        extra={"missing": items, "reason": nfc(reason).strip()},
    )
    context = supplement_context(locked, str(actor), items, reason, phone=actor.phone)
    issue(locked, FormKind.SUPPLEMENT, context, event)
    return locked


@transaction.atomic
def receive_supplement(dossier: Dossier, *, actor: User, at: dt.datetime | None = None) -> Dossier:
    """The completed dossier is back: a full new time limit from now (Art. 19.5)."""
    locked, before = act(dossier, Action.RECEIVE_SUPPLEMENT)
    _clock(locked, "supplement_received", _now(at))
    locked.save()
    record_act(locked, Action.RECEIVE_SUPPLEMENT, actor, before)
    return locked


@transaction.atomic
def close_without_supplement(
    dossier: Dossier, *, actor: User, at: dt.datetime | None = None
) -> Dossier:
    """Stop a dossier whose supplement did not come within 15 days of the request."""
    at = _now(at)
    locked, before = act(dossier, Action.CLOSE_WITHOUT_SUPPLEMENT)
    requested = [e for e in locked.clock_events if e["kind"] == "supplement_requested"]
    if requested:
        since = dt.datetime.fromisoformat(requested[-1]["at"]).date()
        waited = (to_local_naive(at).date() - since).days
        if waited < SUPPLEMENT_WAIT_DAYS:
            raise IllegalAct(
                f"Mới chờ bổ sung {waited} ngày; chỉ dừng giải quyết khi quá "
                f"{SUPPLEMENT_WAIT_DAYS} ngày (NĐ 118/2025, Điều 19)."
            )
    locked.ended_at = at
    locked.save()
    event = record_act(locked, Action.CLOSE_WITHOUT_SUPPLEMENT, actor, before)
    issue(
        locked,
        FormKind.STOP,
        stop_context(
            locked,
            letter_signer(locked.receiving_unit, actor),
            "Không bổ sung hồ sơ trong thời hạn 15 ngày",
            requested=False,
        ),
        event,
    )
    return locked


@transaction.atomic
def suspend(
    dossier: Dossier, *, actor: User, reason: str, at: dt.datetime | None = None
) -> Dossier:
    """Pause for verification; the paused working time does not count (NĐ 123/2015 Art. 3.4)."""
    reason = _text(reason, "Phải ghi lý do tạm dừng.")
    locked, before = act(dossier, Action.SUSPEND)
    _clock(locked, "suspended", _now(at))
    locked.save()
    record_act(locked, Action.SUSPEND, actor, before, extra={"reason": reason})
    return locked


@transaction.atomic
def resume(dossier: Dossier, *, actor: User, at: dt.datetime | None = None) -> Dossier:
    locked, before = act(dossier, Action.RESUME)
    _clock(locked, "resumed", _now(at))
    locked.save()
    record_act(locked, Action.RESUME, actor, before)
    return locked


@transaction.atomic
def extend_deadline(
    dossier: Dossier,
    *,
    actor: User,
    new_due: dt.datetime,
    reason: str,
    at: dt.datetime | None = None,
) -> Dossier:
    """One extension with an apology, asked at least one working day before the deadline."""
    reason = _text(reason, "Phải ghi lý do chậm trễ trong văn bản xin lỗi.")
    locked, before = act(dossier, Action.EXTEND)
    _clock(locked, "extended", _now(at), new_due)
    locked.save()
    event = record_act(locked, Action.EXTEND, actor, before, extra={"reason": reason})
    issue(
        locked,
        FormKind.APOLOGY,
        apology_context(locked, letter_signer(locked.receiving_unit, actor), reason),
        event,
    )
    return locked


@transaction.atomic
def approve(
    dossier: Dossier,
    *,
    actor: User,
    at: dt.datetime | None = None,
    result: UploadedFile | None = None,
    electronic_result: bool = False,
    electronic_certified_copy: bool = False,
    comment: str = "",
    last_step: str = "",
) -> Dossier:
    """The leader approves the result (PDF/image) with an optional comment; resolved. Or the
    last agency step of a bundle finishes the process (`last_step`: not an agency's approval)."""
    comment = nfc(comment).strip()
    stored_name = ""
    if result is not None:
        try:
            _, extension = check_upload(result.read(8), result.size or 0)
        except UploadError as exc:
            raise DossierError(str(exc)) from exc
        result.seek(0)
        stored_name = safe_name(result.name or "ket-qua", extension)
    locked, before = act(dossier, Action.APPROVE)
    at = _now(at)
    _finish_open_step(locked, at)
    locked.resolved_at = at
    locked.electronic_result = electronic_result or result is not None
    locked.electronic_certified_copy = electronic_certified_copy
    if result is not None:
        locked.result_file.save(f"{locked.code}-{stored_name}", result, save=False)
    locked.save()
    if comment:
        Opinion.objects.create(
            dossier=locked, kind=OpinionKind.APPROVAL, text=comment, author=actor, at=at
        )
    record_act(
        locked,
        Action.APPROVE,
        actor,
        before,
        extra={
            "resolved_at": at,
            "result_file": locked.result_file.name,
            "electronic_result": locked.electronic_result,
            "electronic_certified_copy": locked.electronic_certified_copy,
            "comment": comment,
            "last_step": last_step,
        },
    )
    return locked


@transaction.atomic
def refuse(
    dossier: Dossier, *, actor: User, reasons: str, at: dt.datetime | None = None
) -> Dossier:
    """Refusal after appraisal: the written refusal is the result."""
    reasons = _text(reasons, "Phải nêu rõ lý do từ chối giải quyết.")
    locked, before = act(dossier, Action.REFUSE)
    at = _now(at)
    _finish_open_step(locked, at)
    locked.resolved_at = at
    locked.save()
    record_act(locked, Action.REFUSE, actor, before, extra={"reasons": reasons})
    return locked


@transaction.atomic
def return_result(
    dossier: Dossier,
    *,
    actor: User,
    method: str,
    tracking_number: str = "",
    collector: Collector | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Hand the result over: at the desk (to the applicant or the person they authorised, whose
    name and ID number are recorded), to the postal service (tracking number), or online. Not
    while a fee is still waiting to be paid (collection.py)."""
    if method not in Delivery.values:
        raise DossierError("Hình thức trả kết quả không hợp lệ.")
    if method == Delivery.POST and not tracking_number.strip():
        raise DossierError("Trả kết quả qua bưu chính cần số hiệu bưu gửi.")
    locked, before = act(dossier, Action.RETURN_RESULT)
    taker = checked_collector(collector) if method == Delivery.DESK else None
    check_nothing_owed(locked)
    at = _now(at)
    locked.returned_at = at
    if taker is not None:
        locked.collector_name, locked.collector_id_number = taker.name, taker.id_number
        locked.collector_role = taker.role
    locked.save()
    extra: dict[str, object] = {"method": method, "tracking_number": tracking_number}
    if taker is not None:
        extra["collector"] = {"name": taker.name, "id_number": taker.id_number, "role": taker.role}
    record_act(locked, Action.RETURN_RESULT, actor, before, extra=extra)
    return locked


@transaction.atomic
def withdraw(
    dossier: Dossier, *, actor: User, reason: str, at: dt.datetime | None = None
) -> Dossier:
    """Stop at the applicant's request (Thông báo dừng giải quyết, TT 03/2025 Mẫu 05)."""
    reason = _text(reason, "Phải ghi lý do dừng giải quyết.")
    locked, before = act(dossier, Action.WITHDRAW)
    at = _now(at)
    _finish_open_step(locked, at)
    locked.ended_at = at
    locked.save()
    event = record_act(locked, Action.WITHDRAW, actor, before, extra={"reason": reason})
    issue(
        locked,
        FormKind.STOP,
        stop_context(locked, letter_signer(locked.receiving_unit, actor), reason, requested=True),
        event,
    )
    return locked
