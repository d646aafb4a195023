"""The JSON API's fee endpoint: POST /api/v1/dossiers/{id}/payments assesses and collects one
fee of a dossier (payments.services.collect_fee, as the desk's page does).

It sits among the dossier routes (motcua/api.py adds this router at /v1/dossiers, tag "Hồ sơ",
its operation id the one it always had) and answers as they do: 403 role, 404 not found or not
visible, 422 bad input; an Idempotency-Key is required, a retry returns the same payment.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError

from motcua.core.api_errors import errors
from motcua.dossiers.api import IDEMPOTENT, idempotency_key, staff_user
from motcua.dossiers.permissions import get_dossier_for_staff
from motcua.payments.services import FeeQuantity, PaymentError, collect_fee

router = Router(tags=["Hồ sơ"])


class PaymentIn(Schema):
    fee_id: int
    pages: int = 1
    copies: int = 1
    units: int = 1
    exemption_reason: str = ""
    method: str = "cash"
    bank_reference: str = ""


class PaymentOut(Schema):
    id: int
    amount: int
    status: str
    method: str
    receipt_number: str


@router.post(
    "/{id:dossier_id}/payments",
    response={201: PaymentOut, **errors(403, 404, 422)},
    openapi_extra=IDEMPOTENT,
    operation_id="motcua_dossiers_api_create_payment",
)
def create_payment(
    request: HttpRequest, dossier_id: int, payload: PaymentIn
) -> HttpStatus[PaymentOut]:
    """Assess and collect one fee. Needs an Idempotency-Key: a retry returns the same payment."""
    user = staff_user(request)
    key = idempotency_key(request)
    dossier = get_dossier_for_staff(user, dossier_id, "collect_fee", log_read=False)
    try:
        payment = collect_fee(
            dossier,
            FeeQuantity(
                fee_id=payload.fee_id,
                pages=payload.pages,
                copies=payload.copies,
                units=payload.units,
                exemption_reason=payload.exemption_reason,
            ),
            actor=user,
            method=payload.method,
            bank_reference=payload.bank_reference,
            idempotency_key=f"{user.pk}:{key}",
        )
    except PaymentError as exc:
        raise HttpError(422, str(exc)) from exc
    return HttpStatus(
        201,
        PaymentOut(
            id=payment.pk,
            amount=payment.amount,
            status=payment.status,
            method=payment.method,
            receipt_number=payment.receipt_number,
        ),
    )
