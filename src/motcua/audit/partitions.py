"""Which part of the audit chain an event goes into.

The chain is split into MOTCUA_AUDIT_PARTITIONS independent chains, each with its own head row
(audit/models.py AuditHead), numbering and links. A commit's seal locks only the heads of the
partitions its events go into (audit/seal.py), so commits about different objects seal side by
side instead of queueing on one row. A checkpoint (audit/checkpoints.py) records every head at
one moment under one keyed MAC, which ties the parts together.

An object's events all go into one partition, so that its history in chain order is its commit
order: the partition of the object's events if it has some (the setting may be raised
later: existing objects stay where they are), otherwise a hash of the object's type and id.
With one partition (the default) everything is partition 0, the chain as it always was.
"""

from __future__ import annotations

import hashlib
from typing import Any


def count() -> int:
    from django.conf import settings

    return max(1, int(getattr(settings, "MOTCUA_AUDIT_PARTITIONS", 1)))


def by_hash(object_type: str, object_id: str, partitions: int) -> int:
    """The partition a new object's events go into: stable across processes and restarts."""
    digest = hashlib.sha256(f"{object_type}:{object_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % partitions


def partition_of(connection: Any, object_type: str, object_id: str) -> int:
    """The partition of an event about this object, read on `connection` (the event's)."""
    partitions = count()
    if partitions == 1:
        return 0
    from motcua.audit.models import AuditEvent

    # Any one of its events will do (they are all in one partition). One plain statement on the
    # object's index (audit_object): it runs for every event recorded, so not through the ORM
    # (five to ten times the client time on the benchmark's machine, docs/performance.md).
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT partition FROM {AuditEvent._meta.db_table} "  # noqa: S608
            "WHERE object_type = %s AND object_id = %s LIMIT 1",
            [object_type, object_id],
        )
        row = cursor.fetchone()
    return int(row[0]) if row is not None else by_hash(object_type, object_id, partitions)
