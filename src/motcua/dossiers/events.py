"""The announcement of every recorded act on a dossier.

`record_act` (dossiers/services.py) sends `dossier_act` right after appending the act's audit
event, inside the act's own transaction. Subscribers connect in their app's `ready()`:

- work that must commit or roll back with the act (the national-portal outbox) runs in the
  receiver itself;
- work that must happen only after the act is durable (notifications) registers itself with
  `transaction.on_commit` from the receiver.

After every receiver has run, `record_act` notes the dossier for the report summary
(dossiers/touched.py), which is resynced once, just before the commit (reports/touched.py) —
last, because the summary's QĐ 766 flags read what receivers write (the outbox message). The
summary is therefore not a receiver.

Receiver keyword arguments: `dossier` (the locked Dossier after the act), `action` (an
`Action` value, or "receive"), `event` (the AuditEvent just written).

The bulk importer (dossiers/importer.py), which records no acts, announces each batch instead,
inside the batch's transaction: `import_rewriting` before it rewrites dossiers imported earlier
(`dossiers`: a QuerySet of those rows, still as they were) and `import_written` once the batch
is written (`dossiers`: a QuerySet of every row of the batch). The reports app keeps its
summary in line from these two (reports/apps.py).
"""

from __future__ import annotations

from django.dispatch import Signal

dossier_act = Signal()
import_rewriting = Signal()
import_written = Signal()
