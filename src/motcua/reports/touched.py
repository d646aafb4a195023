"""The dossiers a transaction touched, brought in line with the summary once, at its end.

A write path that changes what the II.06a summary or the QĐ 766 flags count (a dossier act, a
payment, a certified copy, a portal message's state) calls `touch(ids)`. Just before the
transaction commits, before the audit seal (audit/seal.before_seal), `resync_ids` runs once
over every touched dossier, reading their rows as the transaction left them. So a path cannot
forget the resync half-way, nor run it before a later write of the same transaction; the
bulk importer keeps its own batched `maintain.resync_all`. Tests check after every database test
that `rebuild.differences()` is empty (tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from motcua.audit.seal import savepoint_rolled_back
from motcua.reports.maintain import resync, resync_ids

_TOUCHED = "motcua_summary_touched"  # ids to read again at the end
_LOCKED = "motcua_summary_locked"  # pk → the act's locked, up-to-date instance
_CHUNK = 500


def _connection() -> Any:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("the summary is touched inside the write's transaction")
    return connection


def touch(dossier_ids: Iterable[int]) -> None:
    """Note dossiers for the summary resync at the end of the current transaction (their rows
    are read again then: what changed is a payment, a message, not the dossier at hand)."""
    touched: set[int] = _connection().__dict__.setdefault(_TOUCHED, set())
    touched.update(dossier_ids)


def touch_locked(dossier: Any) -> None:
    """Note a dossier whose row this transaction holds locked and whose every change goes
    through this instance (a dossier act): resynced from it, without reading it again."""
    locked: dict[int, Any] = _connection().__dict__.setdefault(_LOCKED, {})
    locked[dossier.pk] = dossier


def resync_touched(connection: Any) -> None:
    """Resync what the transaction touched (called before the seal, and by `flush`)."""
    touched: set[int] = connection.__dict__.pop(_TOUCHED, set())
    locked: dict[int, Any] = connection.__dict__.pop(_LOCKED, {})

    if savepoint_rolled_back(connection):  # an instance may hold an act that was undone
        touched.update(locked)
    instances = [locked[pk] for pk in sorted(locked) if pk not in touched]
    if instances:
        resync(instances)
    ids = sorted(touched)  # one lock order for every transaction
    for start in range(0, len(ids), _CHUNK):
        resync_ids(ids[start : start + _CHUNK])


def flush() -> None:
    """Resync now what the current transaction touched: for a reader of the summary inside
    the transaction that wrote (rebuild.differences, tests)."""
    resync_touched(transaction.get_connection())


def flush_before_regroup(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """pre_save of a unit or a procedure version: the summary's regrouping (summary.py
    on_unit_saved, on_version_saved) recounts from the rows, so what this transaction touched
    must be in the rows first."""
    connection = transaction.get_connection()
    if not raw and connection.in_atomic_block:
        resync_touched(connection)


def forget_touched(connection: Any) -> None:
    connection.__dict__.pop(_TOUCHED, None)
    connection.__dict__.pop(_LOCKED, None)
