"""Online payment through the sandbox gateway: signed callbacks, late, repeated, lost, forged."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from motcua.audit.chain import verify
from motcua.dossiers.models import Dossier
from motcua.payments import online, sandbox
from motcua.payments.gateway import GatewayError, check_signed, sign, signed
from motcua.payments.models import OnlinePayment, Payment, SandboxCharge
from motcua.payments.services import PaymentError
from motcua.payments.tasks import deliver_callbacks, enqueue_callbacks
from tests.payments.conftest import waiting_total

BACK = "http://testserver/thanh-toan/ket-qua/"


def _start(dossier: Dossier) -> OnlinePayment:
    attempt, url = online.start_online_payment(dossier, return_url=BACK)
    assert url == reverse("payments:sandbox", args=[attempt.order_id])
    return attempt


def _paid(dossier: Dossier) -> list[Payment]:
    return list(Payment.objects.filter(dossier=dossier, status="paid"))


def test_a_paid_charge_is_collected_once_even_when_the_gateway_repeats_its_callback(
    owing: Dossier,
) -> None:
    attempt = _start(owing)
    assert attempt.amount == 10_000
    sandbox.finish_charge(attempt.order_id, paid=True, callback="twice")
    deliver_callbacks.call()  # on_commit does not fire inside the test transaction
    attempt.refresh_from_db()
    owing.refresh_from_db()
    [payment] = _paid(owing)
    assert attempt.state == "paid"
    assert attempt.callbacks == 2
    assert payment.method == "online"
    assert payment.bank_reference == attempt.gateway_ref
    assert payment.receipt_number == "000001/2024"
    assert owing.paid_online is True
    assert owing.fees_collected == 10_000
    assert waiting_total(owing) == 0
    assert SandboxCharge.objects.get(order_id=attempt.order_id).callbacks_sent == 2
    assert verify().first_broken is None


def test_a_failed_charge_collects_nothing_and_the_citizen_can_try_again(owing: Dossier) -> None:
    first = _start(owing)
    sandbox.finish_charge(first.order_id, paid=False, callback="now")
    deliver_callbacks.call()
    first.refresh_from_db()
    assert first.state == "failed"
    assert _paid(owing) == []
    second = _start(owing)
    assert second.order_id.endswith("-TT02")
    sandbox.finish_charge(second.order_id, paid=True, callback="now")
    deliver_callbacks.call()
    assert len(_paid(owing)) == 1


def test_a_delayed_callback_arrives_with_the_periodic_tick(owing: Dossier) -> None:
    attempt = _start(owing)
    sandbox.finish_charge(attempt.order_id, paid=True, callback="delayed")
    assert deliver_callbacks.call() == 0
    with time_machine.travel(dt.timedelta(minutes=3)):
        assert deliver_callbacks.call() == 1
    attempt.refresh_from_db()
    assert attempt.state == "paid"


def test_a_lost_callback_is_found_by_reconciliation_and_only_after_the_grace_period(
    owing: Dossier,
) -> None:
    attempt = _start(owing)
    sandbox.finish_charge(attempt.order_id, paid=True, callback="lost")
    assert deliver_callbacks.call() == 0
    assert online.reconcile_pending() == 0  # too early: the callback may still come
    later = attempt.created_at + online.RECONCILE_AFTER + dt.timedelta(seconds=1)
    assert online.reconcile_pending(now=later) == 1
    attempt.refresh_from_db()
    assert attempt.state == "paid"
    assert attempt.callbacks == 0
    assert online.reconcile_pending(now=later) == 0  # nothing left pending
    assert len(_paid(owing)) == 1


def test_forged_or_altered_callbacks_are_refused_and_change_nothing(owing: Dossier) -> None:
    attempt = _start(owing)
    sandbox.finish_charge(attempt.order_id, paid=True, callback="lost")
    genuine = sandbox.answer_query(attempt.order_id)
    assert genuine is not None
    client = Client()
    url = reverse("payments:callback")
    forged = {**genuine, "amount": "1"}
    assert client.post(url, forged).status_code == 400  # signature no longer matches
    resigned = signed({k: v for k, v in forged.items() if k != "signature"}, "wrong-secret")
    assert client.post(url, resigned).status_code == 400
    assert client.post(url, {}).status_code == 400
    attempt.refresh_from_db()
    assert attempt.state == "pending"
    assert _paid(owing) == []
    answer = client.post(url, genuine)
    assert answer.status_code == 200
    assert answer.json()["state"] == "paid"
    assert client.post(url, genuine).json()["state"] == "paid"
    assert len(_paid(owing)) == 1


def test_a_correctly_signed_callback_with_another_amount_is_refused(owing: Dossier) -> None:
    attempt = _start(owing)
    message = {"merchant": "MOTCUA", "order_id": attempt.order_id, "amount": "5000"}
    message |= {"state": "paid", "gateway_ref": "X1"}
    with pytest.raises(GatewayError, match="khác số tiền"):
        online.handle_callback(signed(message, settings.MOTCUA_PAYMENT.secret))
    assert _paid(owing) == []


def test_nothing_to_pay_is_a_clear_error(owing: Dossier) -> None:
    attempt = _start(owing)
    sandbox.finish_charge(attempt.order_id, paid=True, callback="now")
    deliver_callbacks.call()
    with pytest.raises(PaymentError, match="không có khoản phí"):
        online.start_online_payment(owing, return_url=BACK)


def test_the_signature_covers_every_field_in_name_order() -> None:
    fields = {"b": "2", "a": "x y", "order_id": "1", "amount": "5", "state": "paid"}
    assert sign(fields, "k") == sign(dict(reversed(fields.items())), "k")
    assert sign(fields, "k") != sign({**fields, "a": "x  y"}, "k")
    assert check_signed(signed(fields, "k"), "k").amount == 5
    with pytest.raises(GatewayError):
        check_signed(signed(fields, "k"), "other")


def test_the_callback_goes_through_the_job_queue_after_the_charge_commits(
    owing: Dossier, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    attempt = _start(owing)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sandbox.finish_charge(
            attempt.order_id, paid=True, callback="now", deliver=enqueue_callbacks
        )
    attempt.refresh_from_db()
    assert attempt.state == "pending"  # nothing is sent before the sandbox's own commit
    for callback in callbacks:
        callback()
    attempt.refresh_from_db()
    assert attempt.state == "paid"
    assert attempt.callbacks == 1
