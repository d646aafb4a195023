"""The announcement of an electronic result just signed and issued.

`issue_electronic_result` (results/services.py) sends `electronic_result_issued` inside its
transaction, after the result and its audit event are written. The citizens app puts the signed
file into the data store of the dossier's citizen, for reuse (citizens/apps.py); a failure there
rolls the issue back, as when it was called in place.

Receiver keyword arguments: `dossier`, `file` (the signed PDF, a ContentFile with its name),
`title`, `actor` (the official who issued it).
"""

from __future__ import annotations

from django.dispatch import Signal

electronic_result_issued = Signal()
