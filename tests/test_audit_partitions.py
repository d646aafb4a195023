"""The audit chain in partitions (audit/partitions.py): each partition its own chain and head,
verified on its own; keyed checkpoints of every head tie them together; commits into different
partitions do not wait on each other, commits into the same one do."""

import io
import json
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from pytest_django import Settings

from motcua.audit.chain import chain_key, keyed_hash, verify
from motcua.audit.models import AuditEvent, AuditHead
from motcua.audit.partitions import by_hash
from motcua.audit.seal import seal
from motcua.audit.services import record

pytestmark = pytest.mark.django_db
PARTS = 8


@pytest.fixture
def partitioned(settings: Settings) -> None:
    settings.MOTCUA_AUDIT_PARTITIONS = PARTS


def _ids_in(partition: int, how_many: int) -> list[int]:
    """Object ids (type "test") whose events go into `partition`."""
    found = [n for n in range(1, 2000) if by_hash("test", str(n), PARTS) == partition]
    return found[:how_many]


def _record(object_id: int) -> AuditEvent:
    with transaction.atomic():
        return record(actor=None, action="test_act", object_type="test", object_id=object_id)


def _cli(*args: str) -> str:
    out = io.StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("partitioned")
def test_each_partition_is_its_own_chain_and_an_object_stays_in_one() -> None:
    for object_id in range(1, 25):
        _record(object_id)
        _record(object_id)
    parts = set(AuditEvent.objects.values_list("partition", flat=True))
    assert len(parts) > 3
    for part in parts:
        seqs = list(AuditEvent.objects.filter(partition=part).order_by("seq").values_list("seq"))
        assert [seq for (seq,) in seqs] == list(range(1, len(seqs) + 1))
        head = AuditHead.objects.get(partition=part)
        assert (head.pk, head.last_seq) == (part + 1, len(seqs))
    for object_id in range(1, 25):
        events = AuditEvent.objects.filter(object_id=str(object_id))
        assert events.values("partition").distinct().count() == 1
        assert events.first().partition == by_hash("test", str(object_id), PARTS)  # type: ignore[union-attr]
    assert verify() == verify().__class__(48, None, "toàn vẹn")
    assert "Nhật ký toàn vẹn: 48 sự kiện" in _cli()


@pytest.mark.usefixtures("partitioned")
def test_an_event_changed_in_partition_k_is_named_with_its_partition() -> None:
    (mine, other) = _ids_in(5, 2)
    for object_id in (mine, other, *_ids_in(0, 2)):
        _record(object_id)
    AuditEvent.objects.filter(partition=5, seq=2).update(actor_label="người khác")
    verdict = verify()
    assert (verdict.partition, verdict.first_broken) == (5, 2)
    assert verdict.reason == "nội dung đã bị thay đổi"
    with pytest.raises(CommandError, match="sự kiện số 2 của phần chuỗi 5: nội dung đã bị"):
        _cli()


@pytest.mark.usefixtures("partitioned")
def test_an_event_moved_to_another_partition_does_not_verify() -> None:
    (first,) = _ids_in(3, 1)
    _record(first)
    AuditEvent.objects.filter(partition=3).update(partition=0)  # the canonical JSON names it
    AuditHead.objects.filter(partition=3).delete()
    assert verify().first_broken == 1


@pytest.mark.usefixtures("partitioned")
def test_the_tail_of_one_partition_deleted_is_caught_by_a_checkpoint(tmp_path: Path) -> None:
    for object_id in (*_ids_in(2, 3), *_ids_in(6, 2)):
        _record(object_id)
    exported = tmp_path / "checkpoints.jsonl"
    call_command("audit", "checkpoint", "--append", str(exported), stdout=io.StringIO())
    line = json.loads(exported.read_text(encoding="utf-8"))
    assert line["heads"]["2"]["seq"] == 3
    assert line["heads"]["6"]["seq"] == 2
    assert "khớp 1 điểm kiểm tra" in _cli("--checkpoints", str(exported))
    # Whoever can write the database deletes partition 2's last event and moves its head back.
    last = AuditEvent.objects.get(partition=2, seq=3)
    last.delete()
    AuditHead.objects.filter(partition=2).update(last_seq=2, last_hash=last.prev_hash)
    assert verify().first_broken is None  # the shortened partition alone looks whole
    with pytest.raises(CommandError, match=r"phần chuỗi 2, sự kiện số 3\): sự kiện này không"):
        _cli("--checkpoints", str(exported))


@pytest.mark.usefixtures("partitioned")
def test_a_checkpoint_line_edited_without_the_key_is_refused(tmp_path: Path) -> None:
    for object_id in _ids_in(4, 3):
        _record(object_id)
    exported = tmp_path / "checkpoints.jsonl"
    call_command("audit", "checkpoint", "--append", str(exported), stdout=io.StringIO())
    line = json.loads(exported.read_text(encoding="utf-8"))
    # made to match a chain shortened to 2 events: the stored hash of event 2 is no secret
    line["heads"]["4"] = {"seq": 2, "hash": AuditEvent.objects.get(partition=4, seq=2).hash}
    exported.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="mã xác thực của điểm kiểm tra không đúng"):
        _cli("--checkpoints", str(exported))


def test_a_checkpoint_line_of_the_single_chain_is_still_checked(tmp_path: Path) -> None:
    for object_id in (1, 2, 3):
        _record(object_id)
    third = AuditEvent.objects.get(partition=0, seq=3)
    exported = tmp_path / "checkpoints.jsonl"
    old = {"seq": 3, "hash": third.hash, "at": "2026-12-01T08:00:00+00:00"}
    exported.write_text(json.dumps(old) + "\n", encoding="utf-8")
    assert "khớp 1 điểm kiểm tra" in _cli("--checkpoints", str(exported))
    third.delete()
    AuditHead.objects.filter(partition=0).update(last_seq=2, last_hash=third.prev_hash)
    with pytest.raises(CommandError, match="sự kiện số 3\\): sự kiện này không còn"):
        _cli("--checkpoints", str(exported))


def test_raising_the_partitions_keeps_an_object_where_its_events_are(
    settings: Settings,
) -> None:
    (moved,) = _ids_in(7, 1)
    _record(moved)  # one partition: partition 0
    settings.MOTCUA_AUDIT_PARTITIONS = PARTS
    _record(moved)
    (fresh,) = [n for n in _ids_in(7, 2) if n != moved]
    _record(fresh)
    assert list(AuditEvent.objects.order_by("id").values_list("partition", "seq")) == [
        (0, 1),
        (0, 2),
        (7, 1),
    ]
    assert verify().first_broken is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("partitioned")
def test_commits_into_other_partitions_do_not_wait_the_same_partition_does() -> None:
    """One transaction has sealed into partition 1 (its head row locked) and stays open: a
    commit into partition 2 goes through meanwhile; a commit into partition 1 waits for it."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time by design (IMMEDIATE transactions)")
    holder_id, same_id = _ids_in(1, 2)
    (other_id,) = _ids_in(2, 1)
    sealed, release = threading.Event(), threading.Event()
    done = {"other": threading.Event(), "same": threading.Event()}
    failures: list[BaseException] = []

    def holder() -> None:
        try:
            with transaction.atomic():
                record(actor=None, action="test_act", object_type="test", object_id=holder_id)
                # what the commit does first: partition 1's head is locked
                assert seal(transaction.get_connection()) == 1
                sealed.set()
                assert release.wait(30)
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    def commit(name: str, object_id: int) -> None:
        try:
            assert sealed.wait(30)
            _record(object_id)
            done[name].set()
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=holder),
        threading.Thread(target=commit, args=("other", other_id)),
        threading.Thread(target=commit, args=("same", same_id)),
    ]
    for thread in threads:
        thread.start()
    try:
        assert done["other"].wait(20), "a commit into another partition waited"
        assert not done["same"].wait(1.5), "a commit into the same partition did not wait"
    finally:
        release.set()
        for thread in threads:
            thread.join(60)
    assert failures == []
    assert done["same"].is_set()
    assert list(
        AuditEvent.objects.filter(partition=1).order_by("seq").values_list("object_id")
    ) == [
        (str(holder_id),),
        (str(same_id),),
    ]
    assert verify().first_broken is None


def test_partition_0_hashes_its_events_as_the_single_chain_did() -> None:
    """The migration adds the partition (0 for every existing event) and rewrites nothing:
    partition 0's canonical JSON is the single chain's, so the stored hashes still verify."""
    for object_id in (1, 2):
        _record(object_id)
    key = chain_key()
    for event in AuditEvent.objects.order_by("seq"):
        before_partitions = {
            "seq": event.seq,
            "at": event.at.isoformat(timespec="microseconds"),
            "actor": event.actor_id,
            "actor_label": event.actor_label,
            "action": event.action,
            "object": [event.object_type, event.object_id],
            "before": event.before,
            "after": event.after,
            "origin": event.origin,
            "prev": event.prev_hash,
        }
        text = json.dumps(
            before_partitions, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        assert (event.partition, keyed_hash(key, text)) == (0, event.hash)
