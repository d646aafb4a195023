"""The acts inside the internal process (one function per act, like processing.py): the
specialist's appraisal with an optional draft result, sending the dossier back to the previous
step, and an inter-linked agency returning its step to the competent unit.

They are internal to the process: the legal clock runs on (no clock event; only a supplement
request, a suspension or a financial obligation stop it, domain.dossier_states.CLOCK_STOPPED).
Each checks its input, asks the state machine, writes and appends its audit event in one
transaction; bad input raises DossierError (Vietnamese message) and writes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from motcua.accounts.models import User
from motcua.accounts.roles import HOLDING_ROLES
from motcua.domain.dossier_states import Action
from motcua.domain.text import nfc
from motcua.domain.uploads import UploadError, check_upload, safe_name
from motcua.dossiers.models import Dossier, HandOver, Opinion, OpinionKind
from motcua.dossiers.processing import _finish_open_step, _now, _step_due
from motcua.dossiers.services import DossierError, IllegalAct, act, record_act
from motcua.units.tree import units_served_by

NOTE_LIMIT = 300  # HandOver.note
TEXT_LIMIT = 4000


def _text(value: str, message: str) -> str:
    cleaned = nfc(value).strip()
    if not cleaned:
        raise DossierError(message)
    if len(cleaned) > TEXT_LIMIT:
        raise DossierError(f"Nội dung dài quá {TEXT_LIMIT} ký tự.")
    if any(ord(c) < 32 and c not in "\r\n\t" for c in cleaned):
        raise DossierError("Nội dung có ký tự điều khiển không hợp lệ.")
    return cleaned


def _open_step(dossier: Dossier) -> HandOver | None:
    return dossier.hand_overs.filter(finished_at__isnull=True).order_by("-seq").first()


def _held_by(dossier: Dossier, actor: User, action: Action) -> HandOver:
    """The open step, which must be the actor's (the page and the API refuse it before)."""
    step = _open_step(dossier)
    if step is None or step.to_user_id != actor.pk or dossier.assignee_id != actor.pk:
        raise IllegalAct(
            f"Hồ sơ không ở bước của bạn: chỉ người đang giữ hồ sơ mới được {action.label}."
        )
    return step


def _checked_draft(draft: UploadedFile | None) -> tuple[UploadedFile, str] | None:
    if draft is None:
        return None
    try:
        _, extension = check_upload(draft.read(8), draft.size or 0)
    except UploadError as exc:
        raise DossierError(f"Dự thảo kết quả: {exc}") from exc
    draft.seek(0)
    return draft, safe_name(draft.name or "du-thao", extension)


@transaction.atomic
def appraise(
    dossier: Dossier,
    *,
    actor: User,
    opinion: str,
    draft: UploadedFile | None = None,
    at: dt.datetime | None = None,
) -> Opinion:
    """The specialist's appraisal opinion (ý kiến thẩm định), with an optional draft result
    (PDF or image, checked by content and size as every upload), for the leader."""
    text = _text(opinion, "Phải ghi ý kiến thẩm định.")
    checked = _checked_draft(draft)
    locked, before = act(dossier, Action.APPRAISE)
    _held_by(locked, actor, Action.APPRAISE)
    written = Opinion(
        dossier=locked, kind=OpinionKind.APPRAISAL, text=text, author=actor, at=_now(at)
    )
    if checked is not None:
        upload, name = checked
        written.draft_file.save(f"{locked.code}-{name}", upload, save=False)
    written.save()
    locked.save()
    record_act(
        locked,
        Action.APPRAISE,
        actor,
        before,
        extra={"opinion": text, "draft_file": bool(written.draft_file)},
    )
    return written


def _earlier_step_of(dossier: Dossier, holder: User, before_seq: int) -> HandOver | None:
    """The hand-over that gave `holder` the dossier before (the step they did), if any."""
    return (
        dossier.hand_overs.filter(seq__lt=before_seq, to_user=holder)
        .order_by("-seq")
        .select_related("to_unit")
        .first()
    )


@transaction.atomic
def send_back(
    dossier: Dossier, *, actor: User, reason: str, at: dt.datetime | None = None
) -> HandOver:
    """Send the dossier back to whoever handed it to the actor (the leader to the specialist,
    the specialist to the receiving officer), with the reason. The clock runs on."""
    text = _text(reason, "Phải ghi lý do trả lại bước trước.")
    locked, before = act(dossier, Action.SEND_BACK)
    step = _held_by(locked, actor, Action.SEND_BACK)
    previous = step.from_user
    if not (
        previous.is_active
        and HOLDING_ROLES & set(previous.roles())
        and previous.unit_id == actor.unit_id
        and previous.pk != actor.pk
    ):
        raise DossierError(
            f"Không trả lại được: {previous} không còn là cán bộ xử lý hồ sơ của đơn vị; "
            "hãy chuyển xử lý cho người khác."
        )
    at = _now(at)
    earlier = _earlier_step_of(locked, previous, step.seq)
    _finish_open_step(locked, at)
    process_step = (
        locked.procedure_version.steps.filter(order=earlier.step_order).first()
        if earlier is not None and earlier.step_order is not None
        else None
    )
    returned = HandOver.objects.create(
        dossier=locked,
        seq=locked.hand_overs.count() + 1,
        step_order=earlier.step_order if earlier else None,
        step_name=(
            f"Trả lại: {earlier.step_name.removeprefix('Trả lại: ')}"
            if earlier
            else "Trả lại bước trước"
        ),
        from_user=actor,
        to_user=previous,
        to_unit=earlier.to_unit if earlier else step.to_unit,
        at=at,
        step_due_at=_step_due(locked, process_step.share if process_step else None, at),
        note=text[:NOTE_LIMIT],
    )
    Opinion.objects.create(
        dossier=locked, kind=OpinionKind.SEND_BACK, text=text, author=actor, at=at
    )
    locked.assignee = previous
    locked.save()
    record_act(
        locked,
        Action.SEND_BACK,
        actor,
        before,
        extra={"reason": text, "to_user": previous.username, "step": returned.step_order},
    )
    return returned


@transaction.atomic
def return_step(
    dossier: Dossier, *, actor: User, reason: str, at: dt.datetime | None = None
) -> HandOver:
    """An inter-linked agency (police, social insurance) returns the step it holds to the
    competent unit, with the reason: the officer who handed it on holds the dossier again and
    hands it on once the matter is settled (bundles: complete the step). The clock runs on."""
    text = _text(reason, "Phải ghi lý do trả bước về cơ quan giải quyết.")
    version = dossier.procedure_version
    if version.interlinked_group is None or version.interlinked_order is not None:
        raise IllegalAct("Hồ sơ này không phải hồ sơ liên thông.")
    locked, before = act(dossier, Action.RETURN_STEP)
    step = _open_step(locked)
    if (
        step is None
        or actor.unit is None
        or step.to_unit_id not in units_served_by(actor.unit)
        or step.to_unit_id in (locked.competent_unit_id, locked.receiving_unit_id)
    ):
        raise IllegalAct("Chỉ cơ quan liên thông đang thực hiện bước mới trả bước được.")
    at = _now(at)
    earlier = (
        locked.hand_overs.filter(seq__lt=step.seq, to_unit=locked.competent_unit)
        .order_by("-seq")
        .first()
    )
    sender = step.from_user
    back_to = sender if sender.unit_id == locked.competent_unit_id and sender.is_active else None
    _finish_open_step(locked, at)
    returned = HandOver.objects.create(
        dossier=locked,
        seq=locked.hand_overs.count() + 1,
        step_order=earlier.step_order if earlier else None,
        step_name=f"{actor.unit.name} trả lại: {step.step_name}",
        from_user=actor,
        to_user=back_to,
        to_unit=locked.competent_unit,
        at=at,
        step_due_at=_step_due(locked, None, at),
        note=text[:NOTE_LIMIT],
    )
    Opinion.objects.create(
        dossier=locked, kind=OpinionKind.STEP_RETURNED, text=text, author=actor, at=at
    )
    locked.assignee = back_to
    locked.save()
    record_act(
        locked,
        Action.RETURN_STEP,
        actor,
        before,
        extra={"reason": text, "step": step.step_order, "agency": actor.unit.name},
    )
    return returned
