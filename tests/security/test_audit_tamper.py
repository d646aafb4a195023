"""Rewriting the audit trail is noticed: the chain is keyed with a key the database does not
hold, exported checkpoints show a rewrite by whoever holds the key, and the stored state of
dossiers is held against the log."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import override_settings

from motcua.accounts.models import User
from motcua.audit.chain import GENESIS, canonical, event_hash, verify
from motcua.audit.models import AuditEvent, AuditHead
from motcua.audit.services import record
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import accept_dossier, receive_dossier
from tests.dossiers.conftest import in_march_2024, intake, reference, vn

pytestmark = pytest.mark.usefixtures("reference", "in_march_2024")
__all__ = ["in_march_2024", "reference"]


@pytest.fixture
def dossiers(receiving_officer: User) -> list[Dossier]:
    made = []
    for hour in (8, 9, 10):
        dossier = receive_dossier(intake(), actor=receiving_officer, at=vn(2024, 3, 4, hour))
        made.append(accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 3, 4, hour)))
    return made


def _rewrite_chain(hasher: object) -> None:
    """What an attacker with write access to the database does: change an event, recompute
    every hash after it with `hasher`, move the head."""
    AuditEvent.objects.filter(seq=2).update(actor_label="người khác")
    previous = GENESIS
    for event in AuditEvent.objects.filter(seq__isnull=False).order_by("seq"):
        event.prev_hash = previous
        event.hash = previous = hasher(event)  # type: ignore[operator]
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
    AuditHead.objects.filter(pk=1).update(last_hash=previous)


def _verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_an_honest_log_and_its_dossiers_verify(dossiers: list[Dossier]) -> None:
    assert "Nhật ký toàn vẹn: 6 sự kiện" in _verify()
    assert "dữ liệu hồ sơ khớp nhật ký" in _verify()


def test_a_chain_recomputed_with_plain_sha256_is_caught(dossiers: list[Dossier]) -> None:
    _rewrite_chain(lambda event: hashlib.sha256(canonical(event).encode("utf-8")).hexdigest())
    assert verify().first_broken == 1
    with pytest.raises(CommandError, match="sự kiện số 1: nội dung đã bị thay đổi"):
        _verify()


def test_a_chain_recomputed_with_another_key_is_caught(dossiers: list[Dossier]) -> None:
    _rewrite_chain(lambda event: event_hash(event, b"a guessed key, not the server's"))
    assert verify().first_broken == 1


def test_with_the_key_a_rewrite_still_breaks_an_exported_checkpoint(
    dossiers: list[Dossier], tmp_path: Path, receiving_officer: User
) -> None:
    exported = tmp_path / "checkpoints.jsonl"
    call_command("audit", "checkpoint", "--append", str(exported), stdout=io.StringIO())
    assert '"seq": 6' in exported.read_text(encoding="utf-8")
    assert "khớp 1 điểm kiểm tra" in _verify_with(exported)
    _rewrite_chain(event_hash)  # the server's own key: the chain alone verifies again
    assert verify().first_broken is None
    with pytest.raises(CommandError, match=r"sự kiện số 6.*mã băm của sự kiện đã khác"):
        _verify_with(exported)


def test_a_shortened_chain_is_caught_by_a_checkpoint(
    dossiers: list[Dossier], tmp_path: Path
) -> None:
    with transaction.atomic():  # a last event nothing else refers to
        record(actor=None, action="test_act", object_type="test", object_id=1)
    exported = tmp_path / "checkpoints.jsonl"
    call_command("audit", "checkpoint", "--append", str(exported), stdout=io.StringIO())
    last = AuditEvent.objects.get(seq=7)
    AuditEvent.objects.filter(seq=7).delete()
    AuditHead.objects.filter(pk=1).update(last_seq=6, last_hash=last.prev_hash)
    assert verify().first_broken is None  # the shortened chain alone looks whole
    with pytest.raises(CommandError, match="sự kiện này không còn trong chuỗi"):
        _verify_with(exported)


def test_an_unreadable_checkpoint_line_is_named(dossiers: list[Dossier], tmp_path: Path) -> None:
    exported = tmp_path / "checkpoints.jsonl"
    exported.write_text("not json\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Dòng 1 của tệp điểm kiểm tra không đọc được"):
        _verify_with(exported)


def _verify_with(exported: Path) -> str:
    out = io.StringIO()
    call_command("audit", "verify", "--checkpoints", str(exported), stdout=out)
    return out.getvalue()


@pytest.mark.summary_drift  # the row is edited in the database on purpose
def test_a_dossier_row_edited_in_the_database_is_named(dossiers: list[Dossier]) -> None:
    edited = dossiers[1]
    table = Dossier._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET status = 'returned' WHERE id = %s", [edited.pk])
    Dossier.objects.filter(pk=dossiers[2].pk).update(due_at=vn(2024, 3, 29, 17))
    assert verify().first_broken is None  # the chain itself is intact
    with pytest.raises(CommandError) as refused:
        _verify()
    message = str(refused.value)
    assert f"Hồ sơ {edited.code} (số {edited.pk}): trạng thái là “Đã trả kết quả”" in message
    assert "theo nhật ký phải là “Đã tiếp nhận" in message
    assert "hạn trả kết quả là 29/03/2024 17:00, theo nhật ký phải là 07/03/2024" in message
    assert str(dossiers[0].code) not in message


def test_a_dossier_without_any_act_is_named(dossiers: list[Dossier]) -> None:
    # Its events made to look like another object's (the chain breaks too; the row is named).
    AuditEvent.objects.filter(object_type="dossier", object_id=str(dossiers[0].pk)).update(
        object_id="0"
    )
    with pytest.raises(CommandError, match=rf"Hồ sơ {dossiers[0].code}.*không có sự kiện nào"):
        _verify()


def test_the_same_log_under_another_key_does_not_verify(dossiers: list[Dossier]) -> None:
    with override_settings(MOTCUA_AUDIT_KEY="another-key-" + "x" * 40):
        assert verify().first_broken == 1
