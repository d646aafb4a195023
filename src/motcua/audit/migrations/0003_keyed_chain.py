"""Re-seal an existing chain with the key (HMAC-SHA256 keyed with MOTCUA_AUDIT_KEY).

Before, each event's hash was a plain SHA-256 of its canonical JSON: anyone who could write the
database could recompute it. The plain chain is verified first; a chain that does not verify is
not re-sealed (that would launder the damage): the migration stops and names the event.
"""

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.db import migrations

_BATCH = 2000
GENESIS = "0" * 64


# Frozen from audit/chain.py as it was when this migration was written: the canonical form and
# the keyed hash of an event are what this step seals, whatever the live code later becomes.
def canonical(event: Any) -> str:
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
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def chain_key() -> bytes:
    key: str = settings.MOTCUA_AUDIT_KEY
    if not key:
        raise RuntimeError("MOTCUA_AUDIT_KEY is empty: the audit chain cannot be sealed")
    return key.encode("utf-8")


def keyed_hash(key: bytes, text: str) -> str:
    return hmac.digest(key, text.encode("utf-8"), "sha256").hex()


def _rekey(apps: Any, schema_editor: Any) -> None:
    event_model = apps.get_model("audit", "AuditEvent")
    head_model = apps.get_model("audit", "AuditHead")
    events = event_model.objects.using(schema_editor.connection.alias)
    if not events.filter(seq__isnull=False).exists():
        return
    key = chain_key()
    old_prev = new_prev = GENESIS
    expected, batch = 1, []
    for event in events.filter(seq__isnull=False).order_by("seq").iterator(_BATCH):
        if event.seq != expected or event.prev_hash != old_prev:
            raise RuntimeError(f"audit chain broken at event {event.seq}: not re-sealed")
        if hashlib.sha256(canonical(event).encode("utf-8")).hexdigest() != event.hash:
            raise RuntimeError(f"audit chain broken at event {event.seq}: not re-sealed")
        old_prev = event.hash
        event.prev_hash = new_prev
        event.hash = new_prev = keyed_hash(key, canonical(event))
        batch.append(event)
        expected += 1
        if len(batch) >= _BATCH:
            events.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    events.bulk_update(batch, ["prev_hash", "hash"])
    head_model.objects.using(schema_editor.connection.alias).filter(pk=1).update(
        last_seq=expected - 1, last_hash=new_prev
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_sealed_at_commit")]

    operations = [migrations.RunPython(_rekey, migrations.RunPython.noop)]
