"""The only write path for feedback (phản ánh, kiến nghị — PAKN; NĐ 20/2008/NĐ-CP):
receive → route → answer (within PAKN_ANSWER_RULES, in working days of the unit's calendar) →
publish (without personal data) → the submitter rates the answer. One function per act, each in
one transaction with its audit event (object_type "petition"). Bad input raises FeedbackError
(Vietnamese message) and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.calendars.services import calendar_for, to_aware, to_local_naive
from motcua.catalog.models import Procedure
from motcua.core.links import public_url
from motcua.domain.feedback_rules import PetitionKind, answer_rule_on, answered_on_time
from motcua.domain.identity import IdentityError, normalise_phone
from motcua.domain.text import nfc
from motcua.dossiers.models import Dossier
from motcua.feedback.models import Petition, PetitionChannel, PetitionState
from motcua.notifications.services import notify_person
from motcua.units.models import Unit

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CONTENT_MIN, CONTENT_MAX = 20, 5000


class FeedbackError(ValueError):
    """Input a feedback act cannot take; the message is for the citizen or officer."""


class IllegalPetitionAct(FeedbackError):  # noqa: N818  (answered 409)
    """The act is not allowed in the petition's state."""


@dataclass(frozen=True)
class PetitionIn:
    unit: Unit
    kind: str
    name: str
    subject: str
    content: str
    phone: str = ""
    email: str = ""
    address: str = ""
    procedure_code: str = ""
    dossier_code: str = ""


def snapshot(petition: Petition) -> dict[str, Any]:
    return {
        "state": petition.state,
        "handler": petition.handler_id,
        "due_at": petition.due_at,
        "answered_at": petition.answered_at,
        "published_at": petition.published_at,
    }


def _text(value: str, label: str, limit: int) -> str:
    text = nfc(value).strip()
    if not text:
        raise FeedbackError(f"Chưa nhập {label}.")
    if len(text) > limit:
        raise FeedbackError(f"{label[:1].upper()}{label[1:]} quá dài (tối đa {limit} ký tự).")
    return text


def _checked(data: PetitionIn) -> dict[str, Any]:
    if data.kind not in {kind.value for kind in PetitionKind}:
        raise FeedbackError("Chưa chọn loại phản ánh, kiến nghị.")
    content = _text(data.content, "nội dung phản ánh, kiến nghị", CONTENT_MAX)
    if len(content) < CONTENT_MIN:
        raise FeedbackError(f"Nội dung phản ánh, kiến nghị cần ít nhất {CONTENT_MIN} ký tự.")
    try:
        phone = normalise_phone(data.phone) if data.phone.strip() else ""
    except IdentityError as exc:
        raise FeedbackError(str(exc)) from exc
    email = data.email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise FeedbackError("Địa chỉ thư điện tử không hợp lệ.") from None
    if not phone and not email:
        raise FeedbackError("Cần số điện thoại hoặc thư điện tử để cơ quan trả lời.")
    procedure = None
    if data.procedure_code.strip():
        procedure = Procedure.objects.filter(code=data.procedure_code.strip()).first()
        if procedure is None:
            raise FeedbackError(f"Không có thủ tục mã “{data.procedure_code.strip()}”.")
    dossier = None
    if data.dossier_code.strip():
        dossier = Dossier.objects.filter(code=data.dossier_code.strip().upper()).first()
    return {
        "kind": data.kind,
        "submitter_name": _text(data.name, "họ tên người phản ánh", 200),
        "submitter_phone": phone,
        "submitter_email": email,
        "submitter_address": nfc(data.address).strip()[:300],
        "subject": _text(data.subject, "tiêu đề", 200),
        "content": content,
        "procedure": procedure,
        "dossier": dossier,
    }


def new_code(day: dt.date) -> str:
    """PA-yymmdd-XXXXXX: unguessable (30 random bits), so it can serve to follow up."""
    suffix = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
    return f"PA-{day:%y%m%d}-{suffix}"


def due_date(unit: Unit, received_at: dt.datetime) -> tuple[dt.datetime, str]:
    local = to_local_naive(received_at)
    rule = answer_rule_on(local.date())
    return to_aware(calendar_for(unit).add_working_days(local, rule.working_days)), rule.source


@transaction.atomic
def receive_petition(
    data: PetitionIn,
    *,
    channel: str = PetitionChannel.WEB,
    actor: User | None = None,
    at: dt.datetime | None = None,
    idempotency_key: str | None = None,
) -> Petition:
    """Receive a PAKN: from the web form (no actor) or recorded by an officer (phone, e-mail,
    in person, post). The answer deadline is fixed at receipt."""
    if idempotency_key:
        existing = Petition.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if channel not in PetitionChannel.values:
        raise FeedbackError("Hình thức tiếp nhận không hợp lệ.")
    if actor is None and channel != PetitionChannel.WEB:
        raise FeedbackError("Phản ánh qua điện thoại, thư điện tử do cán bộ ghi nhận.")
    at = at or timezone.now()
    if not data.unit.is_active_on(timezone.localtime(at).date()):
        raise FeedbackError(f"{data.unit.name} không còn hoạt động.")
    due_at, source = due_date(data.unit, at)
    petition = Petition(
        unit=data.unit,
        channel=channel,
        received_at=at,
        received_by=actor,
        due_at=due_at,
        deadline_source=source,
        idempotency_key=idempotency_key or None,
        **_checked(data),
    )
    for _ in range(5):
        petition.code = new_code(timezone.localtime(at).date())
        try:
            with transaction.atomic():
                petition.save()
            break
        except IntegrityError:
            if (
                idempotency_key
                and Petition.objects.filter(idempotency_key=idempotency_key).exists()
            ):
                return Petition.objects.get(idempotency_key=idempotency_key)
    else:  # pragma: no cover  (five collisions of 30 random bits)
        raise FeedbackError("Không tạo được mã phản ánh, vui lòng gửi lại.")
    record(
        actor=actor,
        actor_label=None if actor else "người phản ánh (trang thông tin điện tử)",
        action="receive_petition",
        object_type="petition",
        object_id=petition.pk,
        after={**snapshot(petition), "channel": channel, "kind": petition.kind},
    )
    return petition


def _lock(petition: Petition, allowed: set[str], act: str) -> tuple[Petition, dict[str, Any]]:
    locked = Petition.objects.select_for_update().get(pk=petition.pk)
    if locked.state not in allowed:
        raise IllegalPetitionAct(
            f"Không thể {act}: phản ánh, kiến nghị đang ở tình trạng "
            f"“{locked.get_state_display()}”."
        )
    return locked, snapshot(locked)


def _audit(locked: Petition, action: str, actor: User | None, before: dict[str, Any]) -> None:
    record(
        actor=actor,
        actor_label=None if actor else "người phản ánh",
        action=action,
        object_type="petition",
        object_id=locked.pk,
        before=before,
        after=snapshot(locked),
    )


@transaction.atomic
def route_petition(
    petition: Petition,
    *,
    actor: User,
    handler: User,
    handling_unit: Unit | None = None,
    at: dt.datetime | None = None,
) -> Petition:
    """Assign the PAKN to the officer (and unit) who will answer it; re-routing is allowed."""
    locked, before = _lock(petition, {PetitionState.RECEIVED, PetitionState.ROUTED}, "chuyển xử lý")
    if handler.unit_id is None or not handler.roles():
        raise FeedbackError("Người được giao phải là cán bộ có đơn vị công tác.")
    locked.handler = handler
    locked.handling_unit = handling_unit or handler.unit
    locked.routed_at = at or timezone.now()
    locked.state = PetitionState.ROUTED
    locked.save()
    _audit(locked, "route_petition", actor, before)
    return locked


@transaction.atomic
def answer_petition(
    petition: Petition, *, actor: User, answer: str, at: dt.datetime | None = None
) -> Petition:
    """Answer the PAKN; on time when answered on or before the due day."""
    text = _text(answer, "nội dung trả lời", CONTENT_MAX)
    locked, before = _lock(petition, {PetitionState.RECEIVED, PetitionState.ROUTED}, "trả lời")
    at = at or timezone.now()
    if at < locked.received_at:
        raise FeedbackError("Thời điểm trả lời không thể trước thời điểm tiếp nhận.")
    locked.answer = text
    locked.answered_at = at
    locked.answered_by = actor
    locked.on_time = answered_on_time(
        timezone.localtime(at).date(), timezone.localtime(locked.due_at).date()
    )
    locked.state = PetitionState.ANSWERED
    locked.save()
    _audit(locked, "answer_petition", actor, before)
    notify_person(  # written in this transaction, sent after commit (notifications app)
        "feedback_answered",
        f"pakn:{locked.pk}",
        email=locked.submitter_email,
        phone=locked.submitter_phone,
        context={
            "number": locked.code,
            "agency": locked.unit.name,
            "url": public_url(reverse("feedback:follow_up")),
        },
    )
    return locked


@transaction.atomic
def publish_petition(
    petition: Petition, *, actor: User, public_question: str, at: dt.datetime | None = None
) -> Petition:
    """Publish the question (as rewritten without personal data) and the answer (NĐ 20/2008:
    công khai kết quả xử lý)."""
    question = _text(public_question, "nội dung công khai", CONTENT_MAX)
    locked, before = _lock(petition, {PetitionState.ANSWERED}, "công khai")
    if locked.published_at is not None:
        raise IllegalPetitionAct("Phản ánh, kiến nghị này đã được công khai.")
    for private in (locked.submitter_name, locked.submitter_phone, locked.submitter_email):
        if private and private.casefold() in question.casefold():
            raise FeedbackError(
                "Nội dung công khai không được chứa họ tên, điện thoại, thư điện tử."
            )
    locked.public_question = question
    locked.published_at = at or timezone.now()
    locked.save()
    _audit(locked, "publish_petition", actor, before)
    return locked


@transaction.atomic
def rate_answer(petition: Petition, *, satisfied: bool, at: dt.datetime | None = None) -> Petition:
    """The submitter says whether the answer satisfied them; once."""
    locked, before = _lock(petition, {PetitionState.ANSWERED}, "đánh giá")
    if locked.answer_rated_at is not None:
        raise IllegalPetitionAct("Trả lời này đã được đánh giá; mỗi trả lời chỉ đánh giá một lần.")
    locked.answer_satisfied = satisfied
    locked.answer_rated_at = at or timezone.now()
    locked.save()
    _audit(locked, "rate_petition_answer", None, before)
    return locked
