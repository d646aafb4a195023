"""The JSON API for dossier acts (django-ninja; OpenAPI at /api/docs). It only calls services.

Errors (`{"detail": …}`, declared per operation): 400/422 bad input (Vietnamese message), 403
role not allowed, 404 not found or not visible, 409 the act is not allowed in the dossier's state.
Creating a dossier needs an Idempotency-Key header: a retried request returns the dossier the
first one made. With `"accept": true` the create also accepts the dossier, in the same
transaction and under the same check as `/accept` (dossiers/receiving.py).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja import Status as HttpStatus
from ninja.errors import HttpError

from motcua.accounts.models import User
from motcua.core.api_errors import errors
from motcua.domain.dossier_states import Action, Status, allowed_actions
from motcua.dossiers import processing
from motcua.dossiers.acts import ACTS
from motcua.dossiers.api_schemas import (
    ApproveIn,
    DossierIn,
    DossierOut,
    EvidenceIn,
    ExtendIn,
    HandOverIn,
    ListIn,
    ObligationIn,
    OpinionIn,
    ReasonIn,
    ReasonsIn,
    ResubmitIn,
    ReturnIn,
)
from motcua.dossiers.collection import Collector
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import (
    acting_on,
    get_dossier_for_staff,
    may_receive,
)
from motcua.dossiers.receiving import receive_at_counter
from motcua.dossiers.services import (
    Applicant,
    ComponentIn,
    Intake,
)
from motcua.units.models import Unit

router = Router(tags=["Hồ sơ"])
MAX_KEY = 64
IDEMPOTENT = {  # the header of every create, declared so that clients (and the fuzzer) see it
    "parameters": [
        {
            "in": "header",
            "name": "Idempotency-Key",
            "required": True,
            "description": "Một mã riêng cho mỗi lần tạo; gửi lại cùng mã trả về kết quả lần đầu.",
            "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY},
        }
    ]
}


ACT: dict[Any, Any] = {200: DossierOut, **errors(403, 404, 409, 422)}  # the answers of every act


def out(dossier: Dossier) -> DossierOut:
    status = Status(dossier.status)
    version = dossier.procedure_version
    return DossierOut(
        id=dossier.pk,
        code=dossier.code,
        status=status.value,
        status_label=status.label,
        portal_status=status.portal_code,
        procedure_code=version.procedure.code,
        procedure_name=version.name,
        channel=dossier.channel,
        applicant_name=dossier.applicant_name,
        received_at=dossier.received_at,
        accepted_at=dossier.accepted_at,
        due_at=dossier.due_at,
        original_due_at=dossier.original_due_at,
        extended_due_at=dossier.extended_due_at,
        resolved_at=dossier.resolved_at,
        returned_at=dossier.returned_at,
        allowed_actions=[a.value for a in allowed_actions(status)],
    )


def idempotency_key(request: HttpRequest) -> str:
    """Every create carries one, so that a retried request makes nothing twice."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > MAX_KEY:  # stored as "<user id>:<key>" in 80 characters
        raise HttpError(400, f"Thiếu tiêu đề Idempotency-Key (tối đa {MAX_KEY} ký tự).")
    return key


def staff_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@router.post("/", response={201: DossierOut, **errors(403, 422)}, openapi_extra=IDEMPOTENT)
def create_dossier(request: HttpRequest, payload: DossierIn) -> HttpStatus[DossierOut]:
    user = staff_user(request)
    key = idempotency_key(request)
    if user.unit is None:
        raise HttpError(403, "Tài khoản chưa được gán đơn vị công tác.")
    competent = user.unit
    if payload.competent_unit:
        found = Unit.objects.filter(code=payload.competent_unit).first()
        if found is None:
            raise HttpError(422, f"Không có cơ quan giải quyết mã “{payload.competent_unit}”.")
        competent = found
    if not may_receive(user, competent):
        raise HttpError(403, "Bạn không được tiếp nhận hồ sơ cho cơ quan này.")
    intake = Intake(
        procedure_code=payload.procedure_code,
        receiving_unit=user.unit,
        competent_unit=competent,
        channel=payload.channel,
        applicant=Applicant(**payload.applicant.model_dump()),
        components=[ComponentIn(**c.model_dump()) for c in payload.components],
        result_delivery=payload.result_delivery,
        delivery_address=payload.delivery_address,
        sets_count=payload.sets_count,
    )
    dossier = receive_at_counter(
        intake, actor=user, idempotency_key=f"{user.pk}:{key}", accept=payload.accept
    )
    return HttpStatus(201, out(dossier))


@router.get("/{id:dossier_id}", response={200: DossierOut, **errors(404)})
def get_dossier(request: HttpRequest, dossier_id: int) -> DossierOut:
    return out(get_dossier_for_staff(staff_user(request), dossier_id))


def _act(request: HttpRequest, dossier_id: int, action: Action, **kwargs: Any) -> DossierOut:
    """One act through the registry's service (dossiers/acts.py), as the dossier page does."""
    user = staff_user(request)
    with acting_on(user, dossier_id, action) as dossier:  # one locked read, checked
        done = ACTS[action].service(dossier, actor=user, **kwargs)
    if isinstance(done, Dossier) and done.pk == dossier.pk:  # the row as the act left it
        return out(done)
    dossier.refresh_from_db()
    return out(dossier)


@router.post("/{id:dossier_id}/accept", response=ACT)
def accept(request: HttpRequest, dossier_id: int) -> DossierOut:
    return _act(request, dossier_id, Action.ACCEPT)


@router.post("/{id:dossier_id}/intake-supplement", response=ACT)
def intake_supplement(request: HttpRequest, dossier_id: int, payload: ListIn) -> DossierOut:
    return _act(
        request,
        dossier_id,
        Action.REQUEST_INTAKE_SUPPLEMENT,
        missing=payload.missing,
        reason=payload.reason,
    )


@router.post("/{id:dossier_id}/refuse-intake", response=ACT)
def refuse_intake(request: HttpRequest, dossier_id: int, payload: ReasonsIn) -> DossierOut:
    return _act(request, dossier_id, Action.REFUSE_AT_INTAKE, reasons=payload.reasons)


@router.post("/{id:dossier_id}/hand-over", response=ACT)
def hand_over(request: HttpRequest, dossier_id: int, payload: HandOverIn) -> DossierOut:
    user = staff_user(request)
    with acting_on(user, dossier_id, Action.HAND_OVER) as dossier:  # one locked read, checked
        to_user = User.objects.filter(username=payload.to_username, unit=user.unit).first()
        if to_user is None:
            raise HttpError(422, f"Không có cán bộ “{payload.to_username}” trong đơn vị.")
        processing.hand_over(
            dossier, actor=user, to_user=to_user, step_order=payload.step_order, note=payload.note
        )
    dossier.refresh_from_db()
    return out(dossier)


@router.post("/{id:dossier_id}/resubmit", response=ACT)
def resubmit(request: HttpRequest, dossier_id: int, payload: ResubmitIn) -> DossierOut:
    components = [ComponentIn(**c.model_dump()) for c in payload.components]
    return _act(request, dossier_id, Action.RESUBMIT, components=components)


@router.post("/{id:dossier_id}/request-supplement", response=ACT)
def request_supplement(request: HttpRequest, dossier_id: int, payload: ListIn) -> DossierOut:
    return _act(
        request,
        dossier_id,
        Action.REQUEST_SUPPLEMENT,
        missing=payload.missing,
        reason=payload.reason,
    )


@router.post("/{id:dossier_id}/receive-supplement", response=ACT)
def receive_supplement(request: HttpRequest, dossier_id: int) -> DossierOut:
    return _act(request, dossier_id, Action.RECEIVE_SUPPLEMENT)


@router.post("/{id:dossier_id}/close", response=ACT)
def close(request: HttpRequest, dossier_id: int) -> DossierOut:
    return _act(request, dossier_id, Action.CLOSE_WITHOUT_SUPPLEMENT)


@router.post("/{id:dossier_id}/suspend", response=ACT)
def suspend(request: HttpRequest, dossier_id: int, payload: ReasonIn) -> DossierOut:
    return _act(request, dossier_id, Action.SUSPEND, reason=payload.reason)


@router.post("/{id:dossier_id}/resume", response=ACT)
def resume(request: HttpRequest, dossier_id: int) -> DossierOut:
    return _act(request, dossier_id, Action.RESUME)


@router.post("/{id:dossier_id}/extend", response=ACT)
def extend(request: HttpRequest, dossier_id: int, payload: ExtendIn) -> DossierOut:
    return _act(
        request,
        dossier_id,
        Action.EXTEND,
        new_due=payload.new_due,
        reason=payload.reason,
    )


@router.post("/{id:dossier_id}/request-financial-obligation", response=ACT)
def request_financial_obligation(
    request: HttpRequest, dossier_id: int, payload: ObligationIn
) -> DossierOut:
    return _act(
        request, dossier_id, Action.REQUEST_FINANCIAL_OBLIGATION, obligation=payload.obligation
    )


@router.post("/{id:dossier_id}/fulfil-financial-obligation", response=ACT)
def fulfil_financial_obligation(
    request: HttpRequest, dossier_id: int, payload: EvidenceIn
) -> DossierOut:
    return _act(request, dossier_id, Action.FULFIL_FINANCIAL_OBLIGATION, evidence=payload.evidence)


@router.post("/{id:dossier_id}/appraise", response=ACT)
def appraise(request: HttpRequest, dossier_id: int, payload: OpinionIn) -> DossierOut:
    """The specialist's appraisal opinion (a draft result file is attached on the page)."""
    return _act(request, dossier_id, Action.APPRAISE, opinion=payload.opinion)


@router.post("/{id:dossier_id}/send-back", response=ACT)
def send_back(request: HttpRequest, dossier_id: int, payload: ReasonIn) -> DossierOut:
    return _act(request, dossier_id, Action.SEND_BACK, reason=payload.reason)


@router.post("/{id:dossier_id}/return-step", response=ACT)
def return_step(request: HttpRequest, dossier_id: int, payload: ReasonIn) -> DossierOut:
    """An inter-linked agency returns the step it holds to the competent unit."""
    return _act(request, dossier_id, Action.RETURN_STEP, reason=payload.reason)


APPROVE_BODY = {  # optional: a bare POST approves without a comment
    "requestBody": {
        "required": False,
        "content": {"application/json": {"schema": ApproveIn.model_json_schema()}},
    }
}


@router.post("/{id:dossier_id}/approve", response=ACT, openapi_extra=APPROVE_BODY)
def approve(request: HttpRequest, dossier_id: int) -> DossierOut:
    """Approve, with the leader's optional approval comment ({"comment": "…"})."""
    comment = ""
    if request.content_type == "application/json" and request.body.strip():
        try:
            comment = ApproveIn.model_validate_json(request.body).comment
        except ValueError:
            raise HttpError(422, 'Ý kiến phê duyệt phải là {"comment": "…"}.') from None
    return _act(request, dossier_id, Action.APPROVE, comment=comment)


@router.post("/{id:dossier_id}/refuse", response=ACT)
def refuse(request: HttpRequest, dossier_id: int, payload: ReasonsIn) -> DossierOut:
    return _act(request, dossier_id, Action.REFUSE, reasons=payload.reasons)


@router.post("/{id:dossier_id}/return", response=ACT)
def return_result(request: HttpRequest, dossier_id: int, payload: ReturnIn) -> DossierOut:
    return _act(
        request,
        dossier_id,
        Action.RETURN_RESULT,
        method=payload.method,
        tracking_number=payload.tracking_number,
        collector=Collector(
            name=payload.collector_name,
            id_number=payload.collector_id_number,
            role=payload.collector_role,
        )
        if payload.method == "desk"
        else None,
    )


@router.post("/{id:dossier_id}/withdraw", response=ACT)
def withdraw(request: HttpRequest, dossier_id: int, payload: ReasonIn) -> DossierOut:
    return _act(request, dossier_id, Action.WITHDRAW, reason=payload.reason)
