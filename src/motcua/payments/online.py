"""Online payment of a dossier's fees through the configured gateway (payments/gateway.py).

Four acts, each in one transaction with its audit event:
- `request_online_payment`: the desk assesses a fee and asks for it to be paid online;
- `start_online_payment`: one attempt (OnlinePayment) covering the dossier's waiting fees;
- `settle`: the gateway's word on an attempt (callback, or the answer to a query) — idempotent:
  a repeated or late callback changes nothing once the attempt is settled, so a fee is never
  collected twice; an amount that differs from ours is refused;
- `reconcile_pending`: the periodic job that queries the gateway about attempts still pending
  (lost or late callbacks) and settles them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.dossiers.models import Dossier
from motcua.payments.gateway import OFF_MESSAGE, GatewayError, GatewayResult, offered
from motcua.payments.models import Method, OnlinePayment, OnlineState, Payment, PaymentStatus
from motcua.payments.selection import gateway
from motcua.payments.services import FeeQuantity, PaymentError, assess_fees, record_payment

GATEWAY_LABEL = "Cổng thanh toán trực tuyến"
RECONCILE_AFTER = dt.timedelta(minutes=15)  # a callback later than this is presumed lost


def _snapshot(attempt: OnlinePayment) -> dict[str, object]:
    return {
        "order_id": attempt.order_id,
        "dossier": attempt.dossier.code,
        "amount": attempt.amount,
        "state": attempt.state,
        "gateway_ref": attempt.gateway_ref,
        "callbacks": attempt.callbacks,
    }


@transaction.atomic
def request_online_payment(dossier: Dossier, quantity: FeeQuantity, *, actor: User) -> Payment:
    """The desk assesses a fee of the dossier (any fee of its procedure) and asks the applicant
    to pay it online: the fee waits for the gateway (`start_online_payment`, from "Hồ sơ của
    tôi" or /thanh-toan/), and what it pays for is not released before it is paid."""
    if not offered():
        raise PaymentError(OFF_MESSAGE)
    [payment] = assess_fees(dossier, [quantity], actor=actor)
    if payment.amount <= 0:
        raise PaymentError("Khoản thu bằng 0 đồng (được miễn): không cần thanh toán trực tuyến.")
    record(
        actor=actor,
        action="request_online_payment",
        object_type="payment",
        object_id=payment.pk,
        after={"dossier": dossier.pk, "amount": payment.amount},
    )
    return payment


@transaction.atomic
def start_online_payment(
    dossier: Dossier, *, return_url: str, actor: User | None = None
) -> tuple[OnlinePayment, str]:
    """Open an attempt for the dossier's waiting fees; give the gateway URL for the citizen."""
    if not offered():
        raise PaymentError(OFF_MESSAGE)
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    waiting = list(Payment.objects.filter(dossier=locked, status=PaymentStatus.WAITING))
    if not waiting:
        raise PaymentError("Hồ sơ không có khoản phí, lệ phí nào đang chờ thanh toán.")
    amount = sum(p.amount for p in waiting)
    if amount <= 0:
        raise PaymentError("Các khoản chờ thanh toán đều bằng 0 đồng; không cần thanh toán.")
    number = OnlinePayment.objects.filter(dossier=locked).count() + 1
    attempt = OnlinePayment.objects.create(
        order_id=f"{locked.code or locked.pk}-TT{number:02d}",
        dossier=locked,
        amount=amount,
        gateway=gateway().name,
    )
    attempt.payments.set(waiting)
    description = f"Thanh toan ho so {locked.code or locked.pk}"
    url = gateway().start(attempt.order_id, amount, description, return_url)
    record(
        actor=actor,
        action="start_online_payment",
        object_type="online_payment",
        object_id=attempt.pk,
        after=_snapshot(attempt),
        actor_label=None if actor else "Người nộp hồ sơ",
    )
    return attempt, url


@transaction.atomic
def settle(result: GatewayResult, *, via: str) -> OnlinePayment:
    """Apply what the gateway says about an attempt. Safe to call any number of times."""
    attempt = (
        OnlinePayment.objects.select_for_update()
        .select_related("dossier")
        .filter(order_id=result.order_id)
        .first()
    )
    if attempt is None:
        raise GatewayError(f"Không có giao dịch {result.order_id}.")
    if result.amount != attempt.amount:
        raise GatewayError(
            f"Số tiền cổng thanh toán báo ({result.amount}) khác số tiền của giao dịch "
            f"({attempt.amount}); không ghi nhận."
        )
    before = _snapshot(attempt)
    if via == "callback":
        attempt.callbacks += 1
    attempt.last_checked_at = timezone.now()
    if attempt.state == OnlineState.PAID or result.state == "open":
        attempt.save(update_fields=["callbacks", "last_checked_at"])
        return attempt
    if result.state == "paid":
        for payment in attempt.payments.filter(status=PaymentStatus.WAITING):
            record_payment(
                payment,
                actor=None,
                method=Method.ONLINE,
                bank_reference=result.gateway_ref or attempt.order_id,
                actor_label=GATEWAY_LABEL,
            )
        attempt.state = OnlineState.PAID
    else:
        attempt.state = OnlineState.FAILED
    attempt.gateway_ref = result.gateway_ref
    attempt.settled_at = timezone.now()
    attempt.save()
    record(
        actor=None,
        action="settle_online_payment",
        object_type="online_payment",
        object_id=attempt.pk,
        before=before,
        after={**_snapshot(attempt), "via": via},
        actor_label=GATEWAY_LABEL,
    )
    return attempt


def handle_callback(params: Mapping[str, str]) -> OnlinePayment:
    """The gateway's server-to-server notice (the IPN endpoint and the sandbox both call this)."""
    return settle(gateway().verify(params), via="callback")


def reconcile_one(attempt: OnlinePayment) -> OnlinePayment:
    answer = gateway().query(attempt.order_id)
    if answer is None:
        return attempt
    return settle(answer, via="query")


def reconcile_pending(now: dt.datetime | None = None) -> int:
    """Query the gateway about attempts pending for longer than RECONCILE_AFTER; settle them."""
    if not offered():  # nothing to ask: a gateway turned off leaves its attempts to the staff
        return 0
    cutoff = (now or timezone.now()) - RECONCILE_AFTER
    settled = 0
    for attempt in OnlinePayment.objects.filter(
        state=OnlineState.PENDING, created_at__lte=cutoff
    ).order_by("created_at"):
        if reconcile_one(attempt).state != OnlineState.PENDING:
            settled += 1
    return settled
