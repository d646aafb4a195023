"""Two delivery workers at once on PostgreSQL: every message reaches the portal exactly once."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connection

from motcua.accounts.models import User
from motcua.dossiers.processing import hand_over
from motcua.portal.delivery import DeliveryReport, deliver_due
from motcua.portal.models import MessageState, OutboxMessage
from motcua.portal.simulator import PortalSimulator
from tests.dossiers.conftest import vn
from tests.portal.conftest import accepted_dossier

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="SKIP LOCKED between connections is a PostgreSQL test",
    ),
]
WORKERS, DOSSIERS = 3, 8


def test_concurrent_workers_deliver_each_message_exactly_once_and_in_order(
    reference: None, simulator: PortalSimulator, receiving_officer: User, specialist: User
) -> None:
    for n in range(DOSSIERS):
        dossier = accepted_dossier(receiving_officer, hour=7 + n % 9)
        for step in range(3):
            to = specialist if step % 2 == 0 else receiving_officer
            hand_over(dossier, actor=receiving_officer, to_user=to, at=vn(2024, 3, 5, 8, step))
    total = OutboxMessage.objects.count()
    assert total == DOSSIERS * 4
    simulator.script = ["fail", "ok", "ok", "reset", "ok", "lost_ack", "ok", "ok"] * 4
    reports: list[DeliveryReport] = []
    errors: list[BaseException] = []
    start = threading.Barrier(WORKERS)

    def worker() -> None:
        try:
            start.wait()
            for _ in range(200):
                reports.append(deliver_due(limit=5))
                if not OutboxMessage.objects.exclude(state=MessageState.SENT).exists():
                    return
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert not OutboxMessage.objects.exclude(state=MessageState.SENT).exists()
    assert sum(r.sent for r in reports) == total  # each acknowledged by exactly one worker
    assert sum(r.lost_lease for r in reports) == 0
    assert len(simulator.messages) == len(simulator.arrivals) == total
    # Only the scripted failures were retried: nobody posted a message another worker held.
    retried_by_script = 2 * 4  # "fail" and "reset" (lost_ack is retried as well, deduplicated)
    # A retried add the portal already holds answers "đã tồn tại" and is sent again as an update.
    again = sum(simulator.already_there.values())
    # At most that many posts: a worker posting a message another worker held would add posts.
    # (The exact count depends on the threads' timing: 45 of 47 was seen once under CI load,
    # with every message delivered once and in order; why it was lower is not yet explained.)
    assert sum(simulator.posts.values()) <= total + retried_by_script + 4 + again
    expected: dict[str, list[int]] = {}
    for code, seq in OutboxMessage.objects.order_by("seq").values_list("portal_code", "seq"):
        expected.setdefault(code, []).append(seq)
    assert simulator.sequences() == expected
