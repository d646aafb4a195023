"""Note the dossiers a transaction touched, for the report summary's resync at its end.

A write path that changes what the II.06a summary or the QĐ 766 flags count (a dossier act, a
payment, a certified copy, a portal message's state) calls `touch(ids)` (or `touch_locked` for
the locked instance of an act). The notes live on the transaction's connection; the reports app
reads them just before the commit, before the audit seal, and resyncs the summary once
(reports/touched.py). Noting sits here, below every writer; the resync sits in reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

TOUCHED = "motcua_summary_touched"  # ids to read again at the end
LOCKED = "motcua_summary_locked"  # pk → the act's locked, up-to-date instance


def _connection() -> Any:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("the summary is touched inside the write's transaction")
    return connection


def touch(dossier_ids: Iterable[int]) -> None:
    """Note dossiers for the summary resync at the end of the current transaction (their rows
    are read again then: what changed is a payment, a message, not the dossier at hand)."""
    touched: set[int] = _connection().__dict__.setdefault(TOUCHED, set())
    touched.update(dossier_ids)


def touch_locked(dossier: Any) -> None:
    """Note a dossier whose row this transaction holds locked and whose every change goes
    through this instance (a dossier act): resynced from it, without reading it again."""
    locked: dict[int, Any] = _connection().__dict__.setdefault(LOCKED, {})
    locked[dossier.pk] = dossier
