"""The only write path for fees and payments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.catalog.models import Fee
from motcua.core.limits import too_long
from motcua.core.sequences import next_number
from motcua.domain.fees import FeeError, compute_fee
from motcua.dossiers.models import Dossier
from motcua.dossiers.touched import touch
from motcua.payments.events import payment_recorded
from motcua.payments.models import Method, Payment, PaymentStatus, ReceiptSequence
from motcua.units.models import Unit

MAX_QUANTITY = 10_000  # pages, copies or units of one fee
MAX_AMOUNT = 2_147_483_647  # what the amount column holds (đồng)


class PaymentError(ValueError):
    """A payment act that cannot be done; the message is Vietnamese."""


@dataclass(frozen=True)
class FeeQuantity:
    fee_id: int
    pages: int = 1
    copies: int = 1
    units: int = 1
    exemption_reason: str = ""


def _snapshot(payment: Payment) -> dict[str, object]:
    return {
        "status": payment.status,
        "amount": payment.amount,
        "method": payment.method,
        "receipt": payment.receipt_number,
    }


@transaction.atomic
def assess_fees(dossier: Dossier, quantities: list[FeeQuantity], *, actor: User) -> list[Payment]:
    """Compute the fees of the dossier's procedure version and record them as waiting."""
    fees = {fee.pk: fee for fee in Fee.objects.filter(version=dossier.procedure_version)}
    payments = []
    for quantity in quantities:
        fee = fees.get(quantity.fee_id)
        if fee is None:
            raise PaymentError("Khoản thu không thuộc thủ tục của hồ sơ này.")
        exempt = bool(quantity.exemption_reason.strip())
        if max(quantity.pages, quantity.copies, quantity.units) > MAX_QUANTITY:
            raise PaymentError(f"Số trang, số bản và số lượng tối đa {MAX_QUANTITY}.")
        try:
            amount = compute_fee(
                fee.as_rule(),
                pages=quantity.pages,
                copies=quantity.copies,
                units=quantity.units,
                exempt=exempt,
            )
        except FeeError as exc:
            raise PaymentError(str(exc)) from exc
        note = (
            f"{quantity.pages} trang × {quantity.copies} bản"
            if fee.rule == "per_page"
            else f"{quantity.units} × {fee.unit_text}"
            if fee.rule == "per_unit"
            else f"{quantity.copies} bản"
        )
        if amount > MAX_AMOUNT:
            raise PaymentError("Số tiền vượt quá mức một khoản thu có thể ghi.")
        payment = Payment(
            dossier=dossier,
            fee=fee,
            kind=fee.kind,
            description=fee.name,
            quantity_note=note,
            amount=amount,
            exemption_reason=quantity.exemption_reason.strip(),
        )
        if problem := too_long(payment):
            raise PaymentError(problem)
        payment.save()
        payments.append(payment)
    touch([dossier.pk])  # "with a fee" (QĐ 766) counts dossiers owing a fee
    for payment in payments:
        record(
            actor=actor,
            action="assess_fee",
            object_type="payment",
            object_id=payment.pk,
            after={**_snapshot(payment), "dossier": dossier.pk},
        )
    return payments


def _next_receipt_number(unit: Unit, year: int) -> str:
    return f"{next_number(ReceiptSequence, unit=unit, year=year):06d}/{year}"  # gapless


@transaction.atomic
def record_payment(
    payment: Payment,
    *,
    actor: User | None,
    method: str,
    bank_reference: str = "",
    at: dt.datetime | None = None,
    actor_label: str | None = None,
) -> Payment:
    """Collect a waiting fee: cash at the desk, transfer, or online (with its reference).
    Online payments are recorded by the gateway's confirmation (actor None, actor_label)."""
    locked = Payment.objects.select_for_update().select_related("dossier").get(pk=payment.pk)
    if locked.status != PaymentStatus.WAITING:
        raise PaymentError(
            f"Khoản thu đang ở trạng thái “{locked.get_status_display()}”, không thu được nữa."
        )
    if method not in Method.values:
        raise PaymentError("Hình thức thanh toán không hợp lệ.")
    if method != Method.CASH and not bank_reference.strip():
        raise PaymentError("Thanh toán chuyển khoản hoặc trực tuyến cần mã giao dịch.")
    at = at or timezone.now()
    before = _snapshot(locked)
    locked.status, locked.method, locked.paid_at = PaymentStatus.PAID, method, at
    locked.bank_reference, locked.collected_by = bank_reference.strip(), actor
    if problem := too_long(locked):
        raise PaymentError(problem)
    locked.receipt_number = _next_receipt_number(
        locked.dossier.receiving_unit, timezone.localtime(at).year
    )
    locked.save()
    dossier = locked.dossier
    dossier.fees_collected += locked.amount
    dossier.paid_online = dossier.paid_online or method == Method.ONLINE
    dossier.save(update_fields=["fees_collected", "paid_online"])
    touch([dossier.pk])
    record(
        actor=actor,
        action="record_payment",
        object_type="payment",
        object_id=locked.pk,
        before=before,
        after=_snapshot(locked),
        actor_label=actor_label,
    )
    payment_recorded.send(sender=Payment, payment=locked)
    return locked


@transaction.atomic
def collect_fee(
    dossier: Dossier,
    quantity: FeeQuantity,
    *,
    actor: User,
    method: str,
    bank_reference: str = "",
    idempotency_key: str | None = None,
) -> Payment:
    """Assess one fee and collect it at once (the desk's usual case). A retried request with the
    same idempotency key returns the payment the first one made — also when it arrives on
    another application process while the first is still running: both lock the dossier first,
    so the second waits and then finds the first one's payment (without the lock both passed
    the look-up and the second failed on the unique key with a 500)."""
    Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
    if idempotency_key:
        existing = Payment.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    [payment] = assess_fees(dossier, [quantity], actor=actor)
    payment = record_payment(payment, actor=actor, method=method, bank_reference=bank_reference)
    if idempotency_key:
        payment.idempotency_key = idempotency_key
        payment.save(update_fields=["idempotency_key"])
    return payment


@transaction.atomic
def close_payment(payment: Payment, *, actor: User, refund: bool, reason: str) -> Payment:
    """Refund a paid fee, or cancel a waiting one, with the reason."""
    if not reason.strip():
        raise PaymentError("Phải ghi lý do hoàn trả hoặc hủy khoản thu.")
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    expected = PaymentStatus.PAID if refund else PaymentStatus.WAITING
    if locked.status != expected:
        verb = "hoàn trả" if refund else "hủy"
        raise PaymentError(
            f"Không thể {verb} khoản thu ở trạng thái “{locked.get_status_display()}”."
        )
    before = _snapshot(locked)
    locked.status = PaymentStatus.REFUNDED if refund else PaymentStatus.CANCELLED
    locked.closed_at, locked.close_reason = timezone.now(), reason.strip()
    locked.save()
    if refund:
        dossier = Dossier.objects.select_for_update().get(pk=locked.dossier_id)
        dossier.fees_collected = max(0, dossier.fees_collected - locked.amount)
        dossier.save(update_fields=["fees_collected"])
    touch([locked.dossier_id])
    record(
        actor=actor,
        action="refund_payment" if refund else "cancel_payment",
        object_type="payment",
        object_id=locked.pk,
        before=before,
        after=_snapshot(locked),
    )
    return locked


def totals_by_method(unit: Unit, start: dt.date, end: dt.date) -> dict[str, dict[str, int]]:
    """Amount and number of dossiers paid per method, for fees collected in [start, end]."""
    rows = (
        Payment.objects.filter(
            dossier__receiving_unit=unit,
            status=PaymentStatus.PAID,
            paid_at__date__gte=start,
            paid_at__date__lte=end,
        )
        .values("method")
        .annotate(amount=Sum("amount"), dossiers=Count("dossier", distinct=True))
    )
    totals = {m: {"amount": 0, "dossiers": 0} for m in Method.values}
    for row in rows:
        totals[row["method"]] = {"amount": row["amount"] or 0, "dossiers": row["dossiers"]}
    return totals


def dossier_balance(dossier: Dossier) -> int:
    """What the applicant still owes."""
    waiting = Payment.objects.filter(dossier=dossier).aggregate(
        due=Sum("amount", filter=Q(status=PaymentStatus.WAITING))
    )
    return int(waiting["due"] or 0)
