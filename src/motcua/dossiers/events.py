"""The announcement of every recorded act on a dossier.

`record_act` (dossiers/services.py) sends `dossier_act` right after appending the act's audit
event, inside the act's own transaction. Subscribers connect in their app's `ready()`:

- work that must commit or roll back with the act (the national-portal outbox) runs in the
  receiver itself;
- work that must happen only after the act is durable (notifications) registers itself with
  `transaction.on_commit` from the receiver.

After every receiver has run, `record_act` resyncs the report summary (reports/maintain.py) —
once, and last, because the summary's QĐ 766 flags read what receivers write (the outbox
message). The summary is therefore not a receiver.

Receiver keyword arguments: `dossier` (the locked Dossier after the act), `action` (an
`Action` value, or "receive"), `event` (the AuditEvent just written).
"""

from __future__ import annotations

from django.dispatch import Signal

dossier_act = Signal()
