"""The access log: staff reads of personal data, apart from the audit chain.

A read is one INSERT in `PersonalDataRead`, no lock: reads do not spend the chain's budget (one
head row, locked at every sealed commit, audit/seal.py). Each row's `hash` is an HMAC, keyed
with MOTCUA_AUDIT_KEY (audit/chain.py), of its canonical content: whoever can write the database
without the key cannot change a row so that it still verifies. Unlike the chain, the rows are
not linked: a deleted row is not detected by the log itself.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.utils import timezone

from motcua.audit.chain import chain_key, jsonable, keyed_hash
from motcua.audit.models import PersonalDataRead


def canonical(row: PersonalDataRead) -> str:
    body = {
        "at": row.at.isoformat(),
        "actor_id": row.actor_id,
        "actor_label": row.actor_label,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "detail": row.detail,
        "origin": row.origin,
    }
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def log_read(
    *,
    actor: AbstractUser,
    object_type: str,
    object_id: str | int,
    detail: dict[str, Any],
    origin: dict[str, Any],
) -> PersonalDataRead:
    row = PersonalDataRead(
        at=timezone.now(),
        actor_id=actor.pk,  # the user model (accounts) sits above audit
        actor_label=f"{actor} ({actor.username})",
        object_type=object_type,
        object_id=str(object_id),
        detail=jsonable(detail),
        origin=jsonable(origin),
    )
    row.hash = keyed_hash(chain_key(), canonical(row))
    row.save()
    return row


def altered(rows: Iterable[PersonalDataRead] | None = None) -> list[int]:
    """The ids of the rows whose hash no longer matches their content."""
    key = chain_key()
    rows = PersonalDataRead.objects.order_by("id").iterator() if rows is None else rows
    return [row.pk for row in rows if keyed_hash(key, canonical(row)) != row.hash]
