"""Delivery to the simulated portal: order per dossier, retries, dead letters, replay."""

from __future__ import annotations

import time
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import hand_over
from motcua.portal.client import HttpPortalClient, PortalError
from motcua.portal.delivery import deliver_due
from motcua.portal.models import MessageState, OutboxMessage
from motcua.portal.services import ReplayError, replay_all_dead, replay_message, state_counts
from motcua.portal.simulator import PortalSimulator
from tests.dossiers.conftest import vn
from tests.portal.conftest import UNIT, accepted_dossier, drain

pytestmark = pytest.mark.usefixtures("reference")


def _busy_dossiers(officer: User, specialist: User, count: int = 3) -> list[Dossier]:
    """`count` accepted dossiers, each handed over twice: three messages per dossier."""
    dossiers = []
    for n in range(count):
        dossier = accepted_dossier(officer, hour=8 + n)
        hand_over(dossier, actor=officer, to_user=specialist, at=vn(2024, 3, 4, 11, n))
        hand_over(dossier, actor=specialist, to_user=officer, at=vn(2024, 3, 4, 14, n))
        dossiers.append(dossier)
    return dossiers


def _assert_exactly_once_in_order(sim: PortalSimulator) -> None:
    keys = set(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    assert set(sim.messages) == keys  # 0 lost
    assert len(sim.arrivals) == len(keys)  # 0 duplicated
    assert not OutboxMessage.objects.exclude(state=MessageState.SENT).exists()
    expected: dict[str, list[int]] = {}
    for code, seq in OutboxMessage.objects.order_by("seq").values_list("portal_code", "seq"):
        expected.setdefault(code, []).append(seq)
    assert sim.sequences() == expected  # stored in order per dossier
    assert sim.refusals == []  # every request met the strict simulator's rules


def test_due_messages_reach_the_portal_once_and_in_order(
    simulator: PortalSimulator, receiving_officer: User, specialist: User
) -> None:
    _busy_dossiers(receiving_officer, specialist)
    report = drain()
    assert (report.sent, report.retried, report.dead) == (9, 0, 0)
    _assert_exactly_once_in_order(simulator)
    assert all(count == 1 for count in simulator.posts.values())
    message = OutboxMessage.objects.order_by("pk").first()
    assert message is not None
    assert message.portal_receipt == "Đồng bộ hồ sơ thành công"
    assert message.sent_at is not None
    assert message.attempts == 1


def test_order_per_dossier_holds_through_failures_resets_and_lost_acks(
    simulator: PortalSimulator, receiving_officer: User, specialist: User
) -> None:
    _busy_dossiers(receiving_officer, specialist, count=4)
    simulator.script = ["fail", "reset", "lost_ack", "ok", "slow", "lost_ack", "fail"] * 3
    report = drain()
    assert report.retried >= 10
    assert report.dead == 0
    _assert_exactly_once_in_order(simulator)
    assert sum(simulator.posts.values()) > len(simulator.messages)  # the retries happened


def test_counter_intake_is_unaffected_while_the_portal_is_down(
    simulator: PortalSimulator, receiving_officer: User, specialist: User
) -> None:
    simulator.mode = "slow"  # answers after 1.5 s; the client gives up at 0.5 s
    started = time.monotonic()
    dossiers = _busy_dossiers(receiving_officer, specialist)
    assert time.monotonic() - started < 10
    assert sum(simulator.posts.values()) == 0  # acts never call the portal
    deliver_due(limit=3)
    simulator.mode = "fail"
    deliver_due()
    assert not OutboxMessage.objects.filter(state=MessageState.SENT).exists()
    # Acts still succeed while the queue is failing.
    for dossier in dossiers:
        hand_over(dossier, actor=receiving_officer, to_user=specialist, at=vn(2024, 3, 5, 8))
    assert OutboxMessage.objects.count() == 12
    simulator.recover()
    drain()
    _assert_exactly_once_in_order(simulator)


def test_a_message_goes_dead_after_the_last_attempt_and_holds_back_its_dossier(
    simulator: PortalSimulator, portal_conf: Any, receiving_officer: User, specialist: User
) -> None:
    portal_conf(max_attempts=3)
    dossier = accepted_dossier(receiving_officer)
    hand_over(dossier, actor=receiving_officer, to_user=specialist, at=vn(2024, 3, 4, 9))
    simulator.mode = "fail"
    drain()
    first, second = OutboxMessage.objects.order_by("seq")
    assert (first.state, first.attempts, second.state, second.attempts) == (
        MessageState.DEAD,
        3,
        MessageState.PENDING,
        0,
    )
    assert "HTTP 500" in first.last_error
    assert state_counts()["held"] == 1
    assert state_counts()["due"] == 0  # the second waits for the dead first one
    assert sum(simulator.posts.values()) == 3
    event = AuditEvent.objects.get(action="portal_message_dead")
    assert event.after is not None
    assert event.after["key"] == first.idempotency_key
    deliver_due()
    assert sum(simulator.posts.values()) == 3  # nothing more is tried while it is dead


def test_a_message_the_portal_refuses_goes_dead_at_once(
    simulator: PortalSimulator, receiving_officer: User
) -> None:
    accepted_dossier(receiving_officer)
    simulator.mode = "reject"
    report = deliver_due()
    assert report.dead == 1
    message = OutboxMessage.objects.get()
    assert (message.state, message.attempts) == (MessageState.DEAD, 1)
    assert "error_code -1" in message.last_error


def test_a_replay_keeps_its_key_so_the_portal_does_not_store_it_twice(
    simulator: PortalSimulator,
    portal_conf: Any,
    receiving_officer: User,
    specialist: User,
    administrator: User,
) -> None:
    portal_conf(max_attempts=1)
    dossier = accepted_dossier(receiving_officer)
    hand_over(dossier, actor=receiving_officer, to_user=specialist, at=vn(2024, 3, 4, 9))
    simulator.mode = "lost_ack"  # the portal stores the first message; motcua never hears back
    deliver_due()
    first = OutboxMessage.objects.get(seq=1)
    assert first.state == MessageState.DEAD
    assert len(simulator.messages) == 1
    with pytest.raises(ReplayError):
        replay_message(OutboxMessage.objects.get(seq=2).pk, actor=administrator)
    simulator.recover()
    replayed = replay_message(first.pk, actor=administrator)
    assert (replayed.state, replayed.attempts, replayed.idempotency_key) == (
        MessageState.PENDING,
        0,
        first.idempotency_key,
    )
    drain()
    _assert_exactly_once_in_order(simulator)
    # lost add, add again → "đã tồn tại", update: the portal holds the dossier once.
    assert simulator.posts[first.idempotency_key] == 3
    assert list(simulator.dossiers) == [first.portal_code]
    assert AuditEvent.objects.filter(action="portal_replay", actor=administrator).count() == 1


def test_replay_all_requeues_every_dead_message(
    simulator: PortalSimulator, portal_conf: Any, receiving_officer: User, administrator: User
) -> None:
    portal_conf(max_attempts=1)
    for hour in (8, 9, 10):
        accepted_dossier(receiving_officer, hour=hour)
    simulator.mode = "reset"
    deliver_due()
    assert state_counts()["dead"] == 3
    simulator.recover()
    assert replay_all_dead(actor=administrator) == 3
    assert replay_all_dead(actor=administrator) == 0
    drain()
    _assert_exactly_once_in_order(simulator)
    event = AuditEvent.objects.get(action="portal_replay_all")
    assert event.after is not None
    assert len(event.after["keys"]) == 3


def test_without_a_portal_url_messages_wait(portal_conf: Any, receiving_officer: User) -> None:
    accepted_dossier(receiving_officer)
    report = deliver_due()
    assert not report.configured
    assert OutboxMessage.objects.get().state == MessageState.PENDING


def test_the_http_client_says_which_errors_are_worth_retrying(
    simulator: PortalSimulator, receiving_officer: User
) -> None:
    payload = OutboxMessage.objects.get(dossier=accepted_dossier(receiving_officer)).payload
    wrong_token = HttpPortalClient(simulator.url, token="sai", unit_code=UNIT, timeout=0.5)
    with pytest.raises(PortalError) as refused:
        wrong_token.send("k:1", payload)
    assert not refused.value.permanent
    assert "401" in str(refused.value)
    client = HttpPortalClient(simulator.url, token=simulator.token, unit_code=UNIT, timeout=0.5)
    with pytest.raises(PortalError) as bad:
        client.send("k:1", {"DongBoHoSoMC": {"khong": "co MaHoSo"}})
    assert bad.value.permanent
    assert "thiếu trường bắt buộc" in str(bad.value)
    first, again = client.send("k:1", payload), client.send("k:1", payload)
    assert (first.duplicate, again.duplicate) == (False, True)  # "đã tồn tại" → update
    simulator.mode = "slow"
    with pytest.raises(PortalError) as slow:
        client.send("k:2", payload)
    assert "Quá thời gian" in str(slow.value)
    assert not slow.value.permanent
