"""THE SANDBOX PAYMENT GATEWAY — a simulator of an outside system, for demos and tests.

It keeps its own table (SandboxCharge, standing for the gateway's database), shows a payment
page with the switches a tester needs, signs everything it sends with the shared secret, and
delivers its callback through the job queue (payments/tasks.py `deliver_callbacks`) to
`online.handle_callback` (the function behind the real IPN endpoint), so that a callback is
never part of the citizen's request:

- outcome: paid or failed;
- callback: at once, delayed (delivered by the periodic tick after SANDBOX_DELAY), repeated
  (sent twice), or lost (never sent — only the reconciliation query will find the payment).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Mapping

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from motcua.payments.gateway import GatewayError, GatewayResult, check_signed, signed
from motcua.payments.models import SandboxCharge

SANDBOX_DELAY = dt.timedelta(minutes=2)
CALLBACK_MODES = {
    "now": "Báo kết quả ngay",
    "delayed": "Báo kết quả chậm (sau 2 phút)",
    "twice": "Báo kết quả hai lần",
    "lost": "Không báo kết quả (mất thông báo)",
}


def _secret() -> str:
    return str(settings.MOTCUA_PAYMENT.secret)


def _message(charge: SandboxCharge) -> dict[str, str]:
    return signed(
        {
            "merchant": settings.MOTCUA_PAYMENT.merchant,
            "order_id": charge.order_id,
            "amount": str(charge.amount),
            "state": charge.state,
            "gateway_ref": charge.gateway_ref,
        },
        _secret(),
    )


def open_charge(order_id: str, amount: int, description: str, return_url: str) -> SandboxCharge:
    charge, _ = SandboxCharge.objects.get_or_create(
        order_id=order_id,
        defaults={"amount": amount, "description": description, "return_url": return_url},
    )
    return charge


def answer_query(order_id: str) -> dict[str, str] | None:
    charge = SandboxCharge.objects.filter(order_id=order_id).first()
    return None if charge is None else _message(charge)


@transaction.atomic
def finish_charge(
    order_id: str, *, paid: bool, callback: str, deliver: Callable[[], object] | None = None
) -> SandboxCharge:
    """The tester's choice on the sandbox page. Returns the charge; callbacks due at once go
    after commit through `deliver` (the page passes the job that sends them)."""
    if callback not in CALLBACK_MODES:
        raise GatewayError("Chế độ báo kết quả không hợp lệ.")
    charge = SandboxCharge.objects.select_for_update().get(order_id=order_id)
    if charge.state != "open":
        raise GatewayError("Giao dịch này đã kết thúc trên cổng thanh toán.")
    charge.state = "paid" if paid else "failed"
    charge.gateway_ref = f"SBX{secrets.token_hex(6).upper()}"
    charge.finished_at = timezone.now()
    charge.callbacks_due = {"now": 1, "delayed": 1, "twice": 2, "lost": 0}[callback]
    charge.callback_due_at = charge.finished_at + (
        SANDBOX_DELAY if callback == "delayed" else dt.timedelta(0)
    )
    charge.save()
    if callback in ("now", "twice") and deliver is not None:
        transaction.on_commit(deliver)
    return charge


def return_params(charge: SandboxCharge) -> dict[str, str]:
    """The signed parameters the sandbox puts on the citizen's way back to us."""
    return _message(charge)


def deliver_due(handle: Callable[[dict[str, str]], object]) -> int:
    """Send every callback that is due to `handle` (our callback endpoint's function)."""
    sent = 0
    now = timezone.now()
    due = SandboxCharge.objects.filter(callbacks_due__gt=0, callback_due_at__lte=now)
    for charge in due.order_by("callback_due_at"):
        while charge.callbacks_due > 0:
            handle(_message(charge))
            charge.callbacks_due -= 1
            charge.callbacks_sent += 1
            charge.save(update_fields=["callbacks_due", "callbacks_sent"])
            sent += 1
    return sent


class SandboxGateway:
    """The built-in simulator as a gateway adapter; its side of the world is below."""

    name = "sandbox"

    def __init__(self, secret: str) -> None:
        self.secret = secret

    def start(self, order_id: str, amount: int, description: str, return_url: str) -> str:
        open_charge(order_id, amount, description, return_url)
        return reverse("payments:sandbox", args=[order_id])

    def verify(self, params: Mapping[str, str]) -> GatewayResult:
        return check_signed(params, self.secret)

    def query(self, order_id: str) -> GatewayResult | None:
        answer = answer_query(order_id)
        return None if answer is None else check_signed(answer, self.secret)
