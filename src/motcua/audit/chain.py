"""Hashing and verification of the audit chain.

Each event's hash is an HMAC-SHA256, keyed with MOTCUA_AUDIT_KEY, of its canonical JSON (which
includes the previous event's hash). The key is never in the database: whoever can write the
database but does not hold the key cannot recompute a chain that verifies. Against a holder of
the key, exported checkpoints (audit/checkpoints.py) kept elsewhere show a rewrite.

The chain is made of partitions (audit/partitions.py), each verified on its own from its genesis
to its head. An event of partition k > 0 has its partition in its canonical JSON; partition 0's
canonical JSON is the one the single chain always had, so its events verify unchanged.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from motcua.audit.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def jsonable(value: Any) -> Any:
    """What the database will give back: plain JSON types only (dates, decimals → strings)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def chain_key() -> bytes:
    from django.conf import settings

    key: str = settings.MOTCUA_AUDIT_KEY
    if not key:
        raise RuntimeError("MOTCUA_AUDIT_KEY is empty: the audit chain cannot be sealed")
    return key.encode("utf-8")


def keyed_hash(key: bytes, canonical: str) -> str:
    return hmac.digest(key, canonical.encode("utf-8"), "sha256").hex()


def canonical(event: AuditEvent) -> str:
    """The event's content and its link to the previous one, as one canonical JSON text."""
    body = {
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
    if event.partition:
        body["partition"] = event.partition
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_hash(event: AuditEvent, key: bytes | None = None) -> str:
    return keyed_hash(key or chain_key(), canonical(event))


@dataclass(frozen=True)
class Verdict:
    checked: int
    first_broken: int | None  # seq of the first event that does not verify (in `partition`)
    reason: str
    partition: int = 0


def verify() -> Verdict:
    """Recompute every partition's chain in order; stop at the first event that does not fit."""
    heads = {head.partition: head for head in AuditHead.objects.all()}
    stored = AuditEvent.objects.filter(seq__isnull=False)
    partitions = sorted(set(heads) | set(stored.values_list("partition", flat=True).distinct()))
    checked, ends = 0, {}
    for partition in partitions:
        rows = stored.filter(partition=partition).order_by("seq").iterator(2000)
        verdict, ends[partition] = _verify_partition(rows, partition)
        checked += verdict.checked
        if verdict.first_broken is not None:
            return Verdict(checked, verdict.first_broken, verdict.reason, partition)
    unsealed = AuditEvent.objects.filter(seq__isnull=True).order_by("id").first()
    if unsealed is not None:  # committed without its place in the chain (audit/seal.py)
        return Verdict(
            checked,
            checked + 1,
            f"sự kiện mã {unsealed.pk} chưa được niêm phong vào chuỗi",
            unsealed.partition,
        )
    for partition, head in sorted(heads.items()):
        if (head.last_seq, head.last_hash) != ends[partition]:
            seq = ends[partition][0] + 1
            return Verdict(checked, seq, "các sự kiện cuối chuỗi đã bị xóa", partition)
    return Verdict(checked, None, "toàn vẹn")


def _verify_partition(
    rows: Iterable[AuditEvent], partition: int
) -> tuple[Verdict, tuple[int, str]]:
    """One partition's chain from its genesis; with where it ends (its last seq and hash)."""
    previous, expected_seq, checked = GENESIS, 1, 0
    key = chain_key()
    for event in rows:
        if event.seq != expected_seq:
            reason = f"thiếu sự kiện số {expected_seq}"
        elif event.prev_hash != previous:
            reason = "không nối với sự kiện trước"
        elif event_hash(event, key) != event.hash:
            reason = "nội dung đã bị thay đổi"
        else:
            previous, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
            continue
        return Verdict(checked, event.seq, reason, partition), (checked, previous)
    return Verdict(checked, None, "toàn vẹn", partition), (checked, previous)
