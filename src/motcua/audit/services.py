"""Append to the audit chain — called by every service, inside its transaction."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils import timezone

from motcua.audit.access_log import log_read
from motcua.audit.chain import jsonable
from motcua.audit.models import AuditEvent, AuditHead, PersonalDataRead
from motcua.audit.partitions import partition_of
from motcua.audit.seal import can_seal, note

_origin: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "motcua_origin", default=None
)


def current_origin() -> dict[str, Any]:
    return dict(_origin.get() or {"channel": "system"})


@contextmanager
def origin(**values: Any) -> Iterator[None]:
    """Where the requests in this block come from (web request, API, CLI, job, import)."""
    token = _origin.set(values)
    try:
        yield
    finally:
        _origin.reset(token)


def record(
    *,
    actor: AbstractUser | None,
    action: str,
    object_type: str,
    object_id: str | int,
    before: Any = None,
    after: Any = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction (the state change's own).

    The event is inserted now and sealed into the chain (seq, prev_hash, hash) just before the
    transaction commits (audit/seal.py): the chain's head is locked only for that moment."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must be called inside the state change's transaction")
    if not can_seal(connection):
        raise RuntimeError(
            "the database ENGINE must be one of motcua.audit.backends (it seals audit events)"
        )
    event = AuditEvent(
        partition=partition_of(connection, object_type, str(object_id)),
        at=timezone.now(),
        actor_id=actor.pk if actor else None,  # the user model (accounts) sits above audit
        actor_label=actor_label or (f"{actor} ({actor.username})" if actor else "hệ thống"),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=jsonable(before),
        after=jsonable(after),
        origin=jsonable(current_origin()),
    )
    event.save()
    note(connection, event)
    return event


def _lock_head() -> AuditHead:
    """Lock partition 0's end; create it once (safely, also when two processes race). Used by
    the bulk generator, which writes sealed events itself into partition 0 (ops/generate.py)."""
    try:
        return AuditHead.objects.select_for_update().get(pk=1)
    except AuditHead.DoesNotExist:
        AuditHead.objects.bulk_create([AuditHead(pk=1)], ignore_conflicts=True)
        return AuditHead.objects.select_for_update().get(pk=1)


def record_personal_data_read(
    *,
    actor: AbstractUser,
    object_type: str,
    object_id: str | int,
    fields: list[str],
    extra: dict[str, Any] | None = None,
) -> PersonalDataRead:
    """Staff reads of personal data are logged too (who saw whose data, when, from where), in
    the access log (audit/access_log.py), which takes no lock on the chain."""
    return log_read(
        actor=actor,
        object_type=object_type,
        object_id=object_id,
        detail={"fields": fields, **(extra or {})},
        origin=current_origin(),
    )
