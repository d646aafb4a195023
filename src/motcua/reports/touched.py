"""The dossiers a transaction touched, brought in line with the summary once, at its end.

A write path that changes what the II.06a summary or the QĐ 766 flags count (a dossier act, a
payment, a certified copy, a portal message's state) calls `touch(ids)` (dossiers/touched.py,
below every writer). Just before the transaction commits, before the audit seal
(audit/seal.before_seal), `resync_ids` runs once over every touched dossier, reading their rows
as the transaction left them. So a path cannot forget the resync half-way, nor run it before a
later write of the same transaction; the bulk importer keeps its own batched
`maintain.resync_all` (on its batches' signals, dossiers/events.py). Tests check after every
database test that `rebuild.differences()` is empty (tests/conftest.py).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from motcua.audit.seal import savepoint_rolled_back
from motcua.dossiers.touched import LOCKED as _LOCKED
from motcua.dossiers.touched import TOUCHED as _TOUCHED
from motcua.reports.maintain import forget, resync, resync_all, resync_ids

_CHUNK = 500


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


def on_import_rewriting(sender: Any, *, dossiers: Any, **kwargs: Any) -> None:
    """dossiers.events.import_rewriting: out of the summary before the importer rewrites them."""
    forget(dossiers)


def on_import_written(sender: Any, *, dossiers: Any, **kwargs: Any) -> None:
    """dossiers.events.import_written: the importer's batch counted (its own batched resync)."""
    resync_all(dossiers)
