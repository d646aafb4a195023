"""The only write path for dossiers: one function per legal act (NĐ 118/2025 Art. 16–22).

Each function checks its input, asks the state machine (domain.dossier_states) whether the act
is allowed, changes the dossier and appends the audit event — all in one transaction. Bad input
raises DossierError (Vietnamese message) and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.audit.services import record
from motcua.calendars.services import to_local_naive
from motcua.catalog.models import ProcedureVersion
from motcua.core.limits import too_long
from motcua.documents.formsets import FormKind
from motcua.domain.dossier_states import Action, IllegalTransition, Status, transition
from motcua.domain.identity import IdentityError, check_personal_id, normalise_phone
from motcua.domain.text import fold, nfc
from motcua.dossiers import locking
from motcua.dossiers.clock import apply_clock_event
from motcua.dossiers.codes import dossier_code_for
from motcua.dossiers.components import (
    ComponentIn,
    build_components,
    reject_control_characters,
    save_components,
)
from motcua.dossiers.errors import DossierError, IllegalAct
from motcua.dossiers.events import dossier_act
from motcua.dossiers.forms import receipt_context, refusal_context, supplement_context
from motcua.dossiers.issued import issue
from motcua.dossiers.models import Channel, Delivery, Dossier, DossierComponent, Sex
from motcua.dossiers.touched import touch_locked
from motcua.units.models import Unit

__all__ = [  # ComponentIn, DossierError and IllegalAct are re-exported for the callers
    "Applicant",
    "ComponentIn",
    "DossierError",
    "IllegalAct",
    "Intake",
    "accept_dossier",
    "act",
    "receive_dossier",
    "record_act",
    "refuse_at_intake",
    "request_intake_supplement",
    "resubmit_dossier",
    "snapshot",
]


@dataclass(frozen=True)
class Applicant:
    name: str
    id_number: str = ""
    birth_date: dt.date | None = None
    sex: str = ""  # models.Sex, "" when not given
    address: str = ""
    address_unit: Unit | None = None
    phone: str = ""
    email: str = ""
    kind: str = "person"
    representative_name: str = ""
    representative_id_number: str = ""
    representative_phone: str = ""


@dataclass(frozen=True)
class Intake:
    procedure_code: str
    receiving_unit: Unit
    competent_unit: Unit
    channel: str
    applicant: Applicant
    components: list[ComponentIn] = field(default_factory=list)
    result_delivery: str = Delivery.DESK
    delivery_address: str = ""
    sets_count: int = 1


def snapshot(dossier: Dossier) -> dict[str, Any]:
    return {
        "status": dossier.status,
        "code": dossier.code,
        "due_at": dossier.due_at,
        "original_due_at": dossier.original_due_at,
        "extended_due_at": dossier.extended_due_at,
    }


def _reject_control_characters(intake: Intake) -> None:
    """NUL and other control characters are never part of a name, a code or an address (and
    PostgreSQL cannot store NUL): refused with a clear message before anything is written."""
    texts = [intake.procedure_code, intake.delivery_address]
    texts += [v for v in vars(intake.applicant).values() if isinstance(v, str)]
    reject_control_characters(texts)


def _version_for(code: str, day: dt.date) -> ProcedureVersion:
    # Procedure.version_on in one query, with the procedure (the code is unique).
    version = (
        ProcedureVersion.objects.select_related("procedure")
        .filter(procedure__code=code, valid_from__lte=day)
        .order_by("-valid_from")
        .first()
    )
    if version is None:
        raise DossierError(f"Không có thủ tục mã “{code}” áp dụng ngày {day:%d/%m/%Y}.")
    return version


def _check_applicant(applicant: Applicant) -> dict[str, Any]:
    name = nfc(applicant.name).strip()
    if not name:
        raise DossierError("Chưa nhập họ tên người nộp hồ sơ.")
    try:
        id_number = (
            check_personal_id(applicant.id_number, applicant.birth_date)
            if applicant.kind == "person" and applicant.id_number
            else applicant.id_number.strip()
        )
        phone = normalise_phone(applicant.phone) if applicant.phone else ""
        rep_phone = (
            normalise_phone(applicant.representative_phone)
            if applicant.representative_phone
            else ""
        )
        rep_id = (
            check_personal_id(applicant.representative_id_number)
            if applicant.representative_id_number
            else ""
        )
    except IdentityError as exc:
        raise DossierError(str(exc)) from exc
    if applicant.sex and applicant.sex not in Sex.values:
        raise DossierError("Giới tính không hợp lệ.")
    if applicant.kind == "person" and not id_number:
        raise DossierError("Chưa nhập số định danh cá nhân của người nộp hồ sơ.")
    return {
        "applicant_kind": applicant.kind,
        "applicant_name": name,
        "applicant_name_fold": fold(name),
        "applicant_id_number": id_number,
        "applicant_birth_date": applicant.birth_date,
        "applicant_sex": applicant.sex,
        "applicant_address": nfc(applicant.address).strip(),
        "applicant_address_unit": applicant.address_unit,
        "applicant_phone": phone,
        "applicant_email": applicant.email.strip(),
        "representative_name": nfc(applicant.representative_name).strip(),
        "representative_id_number": rep_id,
        "representative_phone": rep_phone,
    }


def _check_intake(intake: Intake, version: ProcedureVersion, *, via_portal: bool) -> None:
    if intake.channel not in Channel.values:
        raise DossierError("Kênh nộp hồ sơ không hợp lệ.")
    if (intake.channel == Channel.ONLINE) != via_portal:
        raise DossierError("Hồ sơ trực tuyến được tiếp nhận qua Cổng dịch vụ công.")
    if version.channels and intake.channel not in version.channels:
        raise DossierError(f"Thủ tục “{version.name}” không nhận hồ sơ qua kênh này.")
    if intake.result_delivery not in Delivery.values:
        raise DossierError("Hình thức nhận kết quả không hợp lệ.")
    if version.result_delivery and intake.result_delivery not in version.result_delivery:
        raise DossierError(f"Thủ tục “{version.name}” không trả kết quả theo hình thức này.")
    if intake.result_delivery == Delivery.POST and not intake.delivery_address.strip():
        raise DossierError("Nhận kết quả qua bưu chính cần địa chỉ nhận.")
    if not 1 <= intake.sets_count <= 20:
        raise DossierError("Số bộ hồ sơ phải từ 1 đến 20.")


@transaction.atomic
def receive_dossier(
    intake: Intake,
    *,
    actor: User,
    at: dt.datetime | None = None,
    idempotency_key: str | None = None,
    via_portal: bool = False,
) -> Dossier:
    """Record a dossier handed in at the counter or by post (not yet accepted: no clock).

    Online dossiers come only through a portal — motcua's citizens' pages
    (citizens.submission.submit_draft) or Cổng DVCQG (portal.services.receive_from_portal) —
    with `via_portal=True`, which takes only online dossiers."""
    if idempotency_key:
        existing = Dossier.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    at = at or timezone.now()
    day = timezone.localtime(at).date()
    _reject_control_characters(intake)
    version = _version_for(intake.procedure_code, day)
    _check_intake(intake, version, via_portal=via_portal)
    for unit in (intake.receiving_unit, intake.competent_unit):
        if not unit.is_active_on(day):
            raise DossierError(
                f"{unit.name} không còn hoạt động vào ngày {day:%d/%m/%Y}"
                f"{f'; đơn vị kế thừa: {unit.successor}' if unit.successor else ''}."
            )
    dossier = Dossier(
        procedure_version=version,
        time_limit_value=version.time_limit_value,
        time_limit_unit=version.time_limit_unit,
        receiving_unit=intake.receiving_unit,
        competent_unit=intake.competent_unit,
        channel=intake.channel,
        status=Status.RECEIVED.value,
        sets_count=intake.sets_count,
        result_delivery=intake.result_delivery,
        delivery_address=intake.delivery_address.strip(),
        received_at=at,
        received_by=actor,
        idempotency_key=idempotency_key or None,
        online_level=version.online_level if intake.channel == Channel.ONLINE else "",
        has_digitised_components=any(c.digitised for c in intake.components),
        has_reused_data=any(c.reused for c in intake.components),
        **_check_applicant(intake.applicant),
    )
    if problem := too_long(dossier):
        raise DossierError(problem)
    components = build_components(dossier, intake.components, actor)
    if dossier.channel == Channel.ONLINE and not intake.competent_unit.agency_code:
        raise DossierError(
            f"Cơ quan giải quyết “{intake.competent_unit.name}” chưa có mã định danh."
        )
    try:
        with transaction.atomic():  # a number drawn here is given back with the savepoint
            if dossier.channel == Channel.ONLINE:  # the citizen follows it from submission
                dossier.code = dossier_code_for(intake.competent_unit.agency_code, day)
            dossier.save()
    except IntegrityError:  # the same idempotency key committed meanwhile by another request
        return Dossier.objects.get(idempotency_key=idempotency_key)
    save_components(dossier, components)
    record_act(
        dossier,
        "receive",
        actor,
        None,
        extra={
            "procedure": version.procedure.code,
            "channel": dossier.channel,
            "components": len(intake.components),
        },
    )
    return dossier


def record_act(
    locked: Dossier,
    action: Action | str,
    actor: User,
    before: dict[str, Any] | None,
    extra: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append the audit event of an act on a dossier (its state before and after), announce
    the act to the subscribers of `events.dossier_act` and note the dossier for the report
    summary (dossiers/touched.py; resynced before the transaction commits, reports/touched.py)."""
    event = record(
        actor=actor,
        action=str(action),
        object_type="dossier",
        object_id=locked.pk,
        before=before,
        after={**snapshot(locked), **(extra or {})},
    )
    dossier_act.send(sender=Dossier, dossier=locked, action=str(action), event=event)
    # The summary at the end of the transaction, after every receiver and every later write:
    # its QĐ 766 flags read what they wrote (the outbox's new pending message changes "synced",
    # reports/flags.py).
    touch_locked(locked)
    return event


def act(dossier: Dossier, action: Action) -> tuple[Dossier, dict[str, Any]]:
    """Lock the dossier row and check the act against the state machine (the row as the
    caller locked it in this transaction, when it did: dossiers/locking.py)."""
    locked = locking.take(dossier) or locking.lock(dossier.pk)
    before = snapshot(locked)
    try:
        locked.status = transition(Status(locked.status), action).value
    except IllegalTransition as exc:
        raise IllegalAct(str(exc)) from exc
    return locked, before


@transaction.atomic
def accept_dossier(dossier: Dossier, *, actor: User, at: dt.datetime | None = None) -> Dossier:
    """Accept a complete dossier: the code (an online dossier has had it since submission),
    the due date, and the clock starts (Art. 17.3)."""
    locked, before = act(dossier, Action.ACCEPT)
    at = at or timezone.now()
    unit = locked.competent_unit
    if not unit.agency_code:
        raise DossierError(f"Cơ quan giải quyết “{unit.name}” chưa có mã định danh.")
    if not locked.code:
        locked.code = dossier_code_for(unit.agency_code, to_local_naive(at).date())
    locked.accepted_at = at
    apply_clock_event(locked, "accepted", at)
    locked.save()
    # The components, read once for the portal payload (record_act) and the receipt.
    prefetch_related_objects(
        [locked], Prefetch("components", DossierComponent.objects.order_by("pk"))
    )
    event = record_act(locked, Action.ACCEPT, actor, before)
    issue(locked, FormKind.RECEIPT, receipt_context(locked, str(actor)), event)
    return locked


@transaction.atomic
def request_intake_supplement(
    dossier: Dossier, *, actor: User, missing: list[str], reason: str
) -> Dossier:
    """Incomplete at intake: everything missing listed at once; not accepted, no clock."""
    items = [nfc(item).strip() for item in missing if item.strip()]
    if not items:
        raise DossierError("Phải liệt kê đầy đủ các giấy tờ cần bổ sung (một lần).")
    locked, before = act(dossier, Action.REQUEST_INTAKE_SUPPLEMENT)
    locked.save()
    event = record_act(
        locked,
        Action.REQUEST_INTAKE_SUPPLEMENT,
        actor,
        before,
        extra={"missing": items, "reason": nfc(reason).strip()},
    )
    context = supplement_context(locked, str(actor), items, reason, phone=actor.phone)
    issue(locked, FormKind.SUPPLEMENT, context, event)
    return locked


@transaction.atomic
def resubmit_dossier(dossier: Dossier, *, actor: User, components: list[ComponentIn]) -> Dossier:
    """The applicant hands in what the intake supplement list asked for: received again, to be
    checked (still no code, no clock). The new components, checked as at receipt
    (`build_components`), are added to the dossier."""
    if not components:
        raise DossierError("Phải nộp ít nhất một giấy tờ bổ sung, có tên giấy tờ.")
    locked, before = act(dossier, Action.RESUBMIT)
    rows = build_components(locked, components, actor)
    locked.has_digitised_components |= any(c.digitised for c in components)
    locked.has_reused_data |= any(c.reused for c in components)
    locked.save()
    save_components(locked, rows)
    record_act(locked, Action.RESUBMIT, actor, before, extra={"components": len(components)})
    return locked


@transaction.atomic
def refuse_at_intake(dossier: Dossier, *, actor: User, reasons: str) -> Dossier:
    """Refuse to accept, with the reasons (Phiếu từ chối tiếp nhận)."""
    if not reasons.strip():
        raise DossierError("Phải nêu rõ lý do từ chối tiếp nhận.")
    locked, before = act(dossier, Action.REFUSE_AT_INTAKE)
    locked.ended_at = timezone.now()
    locked.save()
    event = record_act(
        locked, Action.REFUSE_AT_INTAKE, actor, before, extra={"reasons": nfc(reasons).strip()}
    )
    issue(locked, FormKind.REFUSAL, refusal_context(locked, str(actor), reasons), event)
    return locked
