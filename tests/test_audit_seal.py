"""Seal at the end (audit/seal.py): events get seq and hash when their transaction commits, in
the order recorded; the chain's head is not held while the act runs. (Under a test case's own
transaction, the end of the outermost block of the test seals instead.)"""

import threading

import pytest
from django.db import connection, transaction

from motcua.audit.chain import verify
from motcua.audit.models import AuditEvent, AuditHead
from motcua.audit.services import record

pytestmark = pytest.mark.django_db


def _record(number: int) -> AuditEvent:
    return record(actor=None, action="test_act", object_type="dossier", object_id=number)


def test_events_are_numbered_when_their_block_ends_in_the_order_recorded() -> None:
    with transaction.atomic():
        first, second = _record(1), _record(2)
        assert (first.seq, first.hash, second.seq) == (None, None, None)
        # inside the block the chain order already puts them last, in the order recorded
        ordered = list(AuditEvent.objects.in_chain_order().values_list("object_id", flat=True))
        assert ordered[-2:] == ["1", "2"]
    assert (first.seq, second.seq) == (1, 2)
    assert second.prev_hash == first.hash
    stored = AuditEvent.objects.get(pk=second.pk)
    assert (stored.seq, stored.prev_hash, stored.hash) == (2, first.hash, second.hash)
    head = AuditHead.objects.get(pk=1)
    assert (head.last_seq, head.last_hash) == (2, second.hash)
    assert verify().first_broken is None


def test_an_event_of_a_rolled_back_block_leaves_no_gap() -> None:
    with transaction.atomic():
        _record(1)
        try:
            with transaction.atomic():
                _record(2)
                raise RuntimeError
        except RuntimeError:
            pass
        _record(3)
    assert list(AuditEvent.objects.values_list("seq", "object_id")) == [(1, "1"), (2, "3")]
    assert verify().first_broken is None


def test_an_event_committed_without_its_seal_is_reported() -> None:
    with transaction.atomic():
        _record(1)
        _record(2)
    AuditEvent.objects.filter(seq=2).update(seq=None, hash=None)
    verdict = verify()
    assert verdict.first_broken is not None
    assert "chưa được niêm phong" in verdict.reason


@pytest.mark.django_db(transaction=True)
def test_the_head_is_not_held_while_an_act_runs() -> None:
    """A transaction that recorded an event and is still working does not stop another one
    from recording and committing; the chain takes them in commit order. (With the head locked
    at record time, the second would wait for the first — here, until the test fails.)"""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time by design (IMMEDIATE transactions)")
    recorded, other_done = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def slow_act() -> None:
        try:
            with transaction.atomic():
                _record(1)
                recorded.set()
                assert other_done.wait(20), "the other act could not commit meanwhile"
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    def quick_act() -> None:
        try:
            recorded.wait(20)
            with transaction.atomic():
                _record(2)
            other_done.set()
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=slow_act), threading.Thread(target=quick_act)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", "object_id")) == [
        (1, "2"),
        (2, "1"),
    ]
    assert verify().first_broken is None


@pytest.mark.django_db(transaction=True)
def test_a_nested_block_does_not_seal_the_transaction_does() -> None:
    """In a longer transaction (several acts), the head is locked once, at the commit: it stays
    the last lock an act takes."""
    with transaction.atomic():
        with transaction.atomic():
            first = _record(1)
        assert first.seq is None
        assert not AuditHead.objects.filter(last_seq__gt=0).exists()
        second = _record(2)
    assert [event.seq for event in (first, second)] == [1, 2]
    assert verify().first_broken is None
