"""Seal at the end: audit events take their place in the chain when their transaction ends.

`record()` inserts an event without `seq`, `prev_hash` and `hash` and notes it on the database
connection. Just before the transaction commits, the connection (audit/backends) calls `seal()`:
it locks the head of each partition its events go into (audit/partitions.py; ascending, so two
commits never wait on each other in a cycle), numbers and hashes the pending events in the order
they were recorded, and moves the heads, still inside the transaction. So a head lock, which
makes its partition's chain linear across all processes, is held for a few hashes and the commit
instead of the whole act: before, `record()` took it in the middle of the act and every other
act in the system waited for the rest of it (the receivers, the outbox payload, the form row)
and the commit.

Chain order within a partition is therefore commit order; commits into different partitions do
not wait on each other. An event is committed sealed or not at all (the seal runs in the
transaction; if it fails, the transaction rolls back). An event that reaches the database
unsealed is reported by `verify` as a break.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from motcua.audit.models import AuditEvent

# This module is imported by the database engines (audit/backends), possibly before the app
# registry is ready: the models are imported inside the functions.

_PENDING = "motcua_audit_pending"
# Work other apps leave for the end of the transaction, run just before the seal (so the seal
# stays the last lock taken): reports/touched.py registers the summary's resync here.
_BEFORE_SEAL: list[Callable[[Any], None]] = []
_FORGET: list[Callable[[Any], None]] = []


def before_seal(run: Callable[[Any], None], forget: Callable[[Any], None]) -> None:
    """Register `run(connection)`, called before every commit's seal, and `forget(connection)`,
    called on rollback and close. Registered once, from an AppConfig.ready()."""
    if run not in _BEFORE_SEAL:
        _BEFORE_SEAL.append(run)
        _FORGET.append(forget)


def _finish(connection: Any) -> None:
    for run in _BEFORE_SEAL:
        run(connection)
    seal(connection)


_ROLLED_BACK = "motcua_audit_savepoint_rolled_back"
_CHUNK = 500  # ids per IN (…) query: far below SQLite's limit on parameters


class SealingConnection:
    """Mixin for Django's DatabaseWrapper: seal pending audit events before commit; forget them
    on rollback or close."""

    def _commit(self) -> Any:
        _finish(self)
        return super()._commit()  # type: ignore[misc]

    def _savepoint_commit(self, sid: str) -> Any:
        # A nested block's end is not the transaction's: the seal waits for the commit, so the
        # head stays the last lock an act takes (no lock cycle with the rows the next act of a
        # longer transaction would take). Only under a test case's own blocks (Django's
        # `_from_testcase`, as for `durable`) does the end of the outermost real block seal.
        # (No blocks left: a block opened by the before-seal work itself, inside the commit.)
        blocks = self.atomic_blocks  # type: ignore[attr-defined]
        if blocks and all(getattr(block, "_from_testcase", False) for block in blocks):
            _finish(self)
        return super()._savepoint_commit(sid)  # type: ignore[misc]

    def _savepoint_rollback(self, sid: str) -> Any:
        self.__dict__[_ROLLED_BACK] = True  # some pending events may be gone: seal() checks
        return super()._savepoint_rollback(sid)  # type: ignore[misc]

    def _rollback(self) -> Any:
        forget(self)
        return super()._rollback()  # type: ignore[misc]

    def _close(self) -> Any:
        forget(self)
        return super()._close()  # type: ignore[misc]


def can_seal(connection: Any) -> bool:
    return isinstance(connection, SealingConnection)


def note(connection: Any, event: AuditEvent) -> None:
    """Remember an inserted, unsealed event until its transaction commits."""
    pending: dict[int, AuditEvent] = connection.__dict__.setdefault(_PENDING, {})
    pending[event.pk] = event


def savepoint_rolled_back(connection: Any) -> bool:
    """Whether a savepoint of the current transaction rolled back (its writes are gone)."""
    return bool(connection.__dict__.get(_ROLLED_BACK, False))


def forget(connection: Any) -> None:
    for drop in _FORGET:
        drop(connection)
    connection.__dict__.pop(_PENDING, None)
    connection.__dict__.pop(_ROLLED_BACK, None)


def seal(connection: Any) -> int:
    """Number and hash this transaction's pending events (in the order recorded, each in its
    partition's chain); move those heads. Runs inside the transaction, on the raw cursor: it is
    called from the connection's commit, where Django's atomic blocks are no longer open.
    Returns how many were sealed."""
    pending: dict[int, AuditEvent] = connection.__dict__.pop(_PENDING, {})
    rolled_back = connection.__dict__.pop(_ROLLED_BACK, False)
    if not pending:
        return 0
    with connection.cursor() as cursor:
        present = _still_there(cursor, sorted(pending)) if rolled_back else sorted(pending)
        by_partition: dict[int, list[int]] = {}
        for pk in present:
            by_partition.setdefault(pending[pk].partition, []).append(pk)
        # Heads in ascending order: two commits that share partitions take them in one order.
        for partition in sorted(by_partition):
            _seal_partition(
                connection, cursor, partition, [pending[pk] for pk in by_partition[partition]]
            )
    return len(present)


def _still_there(cursor: Any, ids: list[int]) -> list[int]:
    """The ids not lost with a savepoint that rolled back."""
    from motcua.audit.models import AuditEvent

    events, present = AuditEvent._meta.db_table, []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join(["%s"] * len(chunk))
        cursor.execute(
            f"SELECT id FROM {events} WHERE seq IS NULL AND id IN ({marks})",  # noqa: S608
            chunk,
        )
        present += [row[0] for row in cursor.fetchall()]
    return sorted(present)


def _seal_partition(connection: Any, cursor: Any, partition: int, batch: list[AuditEvent]) -> None:
    """Lock one partition's head (row id partition + 1), chain `batch` after it, move it."""
    from motcua.audit.chain import GENESIS, chain_key, event_hash
    from motcua.audit.models import AuditEvent, AuditHead

    events, heads = AuditEvent._meta.db_table, AuditHead._meta.db_table
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    head_query = f"SELECT last_seq, last_hash FROM {heads} WHERE partition = %s{lock}"  # noqa: S608
    cursor.execute(head_query, [partition])
    row = cursor.fetchone()
    if row is None:  # the partition's first event (two processes may race: one insert wins)
        cursor.execute(
            f"INSERT INTO {heads} (id, partition, last_seq, last_hash) "  # noqa: S608
            "VALUES (%s, %s, 0, %s) ON CONFLICT (partition) DO NOTHING",
            [partition + 1, partition, GENESIS],
        )
        cursor.execute(head_query, [partition])
        row = cursor.fetchone()
    seq, previous = int(row[0]), str(row[1])
    updates, key = [], chain_key()
    for event in batch:
        seq += 1
        event.seq, event.prev_hash = seq, previous
        event.hash = previous = event_hash(event, key)
        updates.append((event.seq, event.prev_hash, event.hash, event.pk))
    move_head = f"UPDATE {heads} SET last_seq = %s, last_hash = %s WHERE partition = %s"  # noqa: S608
    if connection.vendor != "postgresql":  # SQLite: in-process, no round trips to save
        cursor.executemany(
            f"UPDATE {events} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
            updates,
        )
        cursor.execute(move_head, [seq, previous, partition])
        return
    # PostgreSQL: the events and the head in one statement per chunk of events (the head is
    # locked until the commit: every round trip saved shortens the wait of the next commit).
    for start in range(0, len(updates), _CHUNK):
        chunk = updates[start : start + _CHUNK]
        rows = ", ".join(["(%s::bigint, %s, %s, %s::bigint)"] * len(chunk))
        cursor.execute(
            f"WITH sealed AS (UPDATE {events} AS e SET seq = v.seq, prev_hash = v.prev_hash, "  # noqa: S608
            f"hash = v.hash FROM (VALUES {rows}) AS v(seq, prev_hash, hash, id) "
            f"WHERE e.id = v.id) {move_head}",
            [*(value for row in chunk for value in row), seq, previous, partition],
        )
