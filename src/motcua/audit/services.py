"""Append to the audit chain — called by every service, inside its transaction."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.chain import event_hash, jsonable
from motcua.audit.models import AuditEvent, AuditHead

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
    actor: User | None,
    action: str,
    object_type: str,
    object_id: str | int,
    before: Any = None,
    after: Any = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction (the state change's own)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside the state change's transaction")
    head = _lock_head()
    event = AuditEvent(
        seq=head.last_seq + 1,
        at=timezone.now(),
        actor=actor,
        actor_label=actor_label or (f"{actor} ({actor.username})" if actor else "hệ thống"),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=jsonable(before),
        after=jsonable(after),
        origin=jsonable(current_origin()),
        prev_hash=head.last_hash,
    )
    event.hash = event_hash(event)
    event.save()
    head.last_seq, head.last_hash = event.seq, event.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return event


def _lock_head() -> AuditHead:
    """Lock the chain's end; create it once (safely, also when two processes race)."""
    try:
        return AuditHead.objects.select_for_update().get(pk=1)
    except AuditHead.DoesNotExist:
        AuditHead.objects.bulk_create([AuditHead(pk=1)], ignore_conflicts=True)
        return AuditHead.objects.select_for_update().get(pk=1)


def record_personal_data_read(
    *, actor: User, object_type: str, object_id: str | int, fields: list[str]
) -> AuditEvent:
    """Staff reads of personal data are logged too (who saw whose data, when, from where)."""
    with transaction.atomic():
        return record(
            actor=actor,
            action="read_personal_data",
            object_type=object_type,
            object_id=object_id,
            after={"fields": fields},
        )
