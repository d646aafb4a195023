"""Applicants' messages: written with the act, sent after commit, retried, never doubled."""

from __future__ import annotations

import dataclasses

import pytest
from django.core import mail
from django.db import transaction
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from motcua.accounts.models import User
from motcua.catalog.models import Fee
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import IllegalAct, accept_dossier, receive_dossier
from motcua.notifications import channels, services
from motcua.notifications.models import Notification, RecordedMessage
from motcua.payments.services import FeeQuantity, assess_fees, record_payment
from tests.dossiers.conftest import intake, vn

pytestmark = pytest.mark.usefixtures("reference")


def _received(officer: User, code: str = "1.000894", email: str = "anh@example.vn") -> Dossier:
    base = intake(code)
    applicant = dataclasses.replace(base.applicant, email=email)
    return receive_dossier(
        dataclasses.replace(base, applicant=applicant), actor=officer, at=vn(2024, 3, 4, 8)
    )


def test_acceptance_queues_an_email_and_an_sms_sent_only_after_commit(
    receiving_officer: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    dossier = _received(receiving_officer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 3, 4, 8))
    notes = Notification.objects.filter(dossier=dossier, kind="accepted")
    assert sorted(notes.values_list("channel", flat=True)) == ["email", "sms"]
    assert set(notes.values_list("state", flat=True)) == {"queued"}
    assert mail.outbox == []  # nothing leaves before the act commits
    for callback in callbacks:
        callback()
    assert set(notes.values_list("state", flat=True)) == {"sent"}
    [message] = mail.outbox
    dossier.refresh_from_db()
    assert dossier.code is not None
    assert message.to == ["anh@example.vn"]
    assert dossier.code in str(message.subject)
    assert "Ngày hẹn trả kết quả" in str(message.body)
    assert f"/tra-cuu/?ma={dossier.code}" in str(message.body)
    sms = RecordedMessage.objects.get()
    assert sms.address == "0912345678"
    assert dossier.code in sms.body


def test_an_act_that_rolls_back_leaves_no_message(receiving_officer: User) -> None:
    dossier = _received(receiving_officer)
    queued_inside: list[int] = []

    def accept_then_crash() -> None:
        with transaction.atomic():
            accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 3, 4, 8))
            queued_inside.append(Notification.objects.count())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        accept_then_crash()
    assert queued_inside == [2]
    assert Notification.objects.count() == 0
    accepted = accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 3, 4, 8))
    with pytest.raises(IllegalAct):
        accept_dossier(accepted, actor=receiving_officer)
    assert Notification.objects.count() == 2  # the refused second acceptance queued nothing


def test_the_same_act_announced_twice_is_queued_once(receiving_officer: User) -> None:
    dossier = _received(receiving_officer)
    accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 3, 4, 8))
    dossier.refresh_from_db()
    event = Notification.objects.first().dedupe_key.split(":")[2]  # type: ignore[union-attr]
    assert event.startswith("e")
    with transaction.atomic():
        assert services.notify_dossier_act(dossier, "accept", int(event[1:])) == []
    assert Notification.objects.count() == 2


def test_a_failed_send_is_retried_until_it_goes(
    receiving_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    dossier = _received(receiving_officer, email="")
    accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 3, 4, 8))
    [note] = Notification.objects.all()
    assert note.channel == "sms"

    def down(*args: object) -> None:
        raise channels.SendError("Nhà mạng không phản hồi")

    monkeypatch.setattr(services, "send", down)
    assert services.send_queued() == {"sent": 0, "failed": 1}
    note.refresh_from_db()
    assert (note.state, note.attempts, note.last_error) == ("failed", 1, "Nhà mạng không phản hồi")
    monkeypatch.undo()
    assert services.send_queued() == {"sent": 1, "failed": 0}
    assert services.send_queued() == {"sent": 0, "failed": 0}  # sent once, never again
    assert RecordedMessage.objects.count() == 1


def test_a_payment_received_is_announced_with_its_receipt(receiving_officer: User) -> None:
    dossier = accept_dossier(
        _received(receiving_officer, "2.000815"), actor=receiving_officer, at=vn(2024, 3, 4, 8)
    )
    fee = Fee.objects.get(version=dossier.procedure_version)
    [payment] = assess_fees(dossier, [FeeQuantity(fee.pk, pages=1)], actor=receiving_officer)
    record_payment(payment, actor=receiving_officer, method="cash")
    note = Notification.objects.get(kind="payment_received", channel="email")
    assert "2.000 đồng" in note.body
    assert "000001/2024" in note.body


def test_the_receiving_officers_hear_of_a_new_online_dossier_at_once(
    receiving_officer: User,
) -> None:
    from motcua.units.models import Unit

    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.email = "tiepnhan@phumy.gov.vn"
    receiving_officer.save()
    base = intake("1.000894")
    online = receive_dossier(
        dataclasses.replace(base, channel="online"), actor=receiving_officer, via_portal=True
    )
    [note] = Notification.objects.filter(kind="online_received")
    assert note.address == "tiepnhan@phumy.gov.vn"
    assert f"/ho-so/{online.pk}/" in note.body
    counter = receive_dossier(intake("1.000894"), actor=receiving_officer)
    assert not Notification.objects.filter(kind="online_received", dossier=counter).exists()


def test_the_link_in_a_message_starts_with_the_public_address(
    receiving_officer: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    settings: Settings,
) -> None:
    settings.MOTCUA_PUBLIC_URL = "https://motcua.phumy.gov.vn"
    dossier = _received(receiving_officer)
    with django_capture_on_commit_callbacks(execute=True):
        accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 3, 4, 8))
    dossier.refresh_from_db()
    [message] = mail.outbox
    assert f"https://motcua.phumy.gov.vn/tra-cuu/?ma={dossier.code}" in str(message.body)
