"""An act's lock on its dossier row, read once.

Every act reads its dossier with `SELECT … FOR UPDATE` (`lock`) and works on that instance
(services.act). A caller that checks the user's permission first (the dossier page, the API)
takes the lock itself inside the act's transaction, checks the row as the act will find it
(permissions.acting_on) and passes the instance on: the act then uses it instead
of reading the row a second time. An instance is handed over once, and only within the
transaction that locked it: it is forgotten when the transaction ends (just before the commit's
audit seal, on rollback, on close), and not handed over at all once a savepoint of the
transaction rolled back (the lock may have gone with it).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from motcua.audit.seal import savepoint_rolled_back
from motcua.dossiers.models import Dossier

# What most acts read with the dossier (clock, forms, portal payload): one query, not six.
ACT_RELATED = (
    "procedure_version__procedure",
    "procedure_version__field",
    "competent_unit__parent",  # the calendar's province (Unit.province)
    "receiving_unit",
)
_HELD = "motcua_dossier_locked"  # on the connection: pk → the instance `lock` read


def lock(pk: int) -> Dossier:
    """The dossier row, locked for the current transaction (Dossier.DoesNotExist if none)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("a dossier is locked inside the act's transaction")
    locked = (
        Dossier.objects.select_for_update(of=("self",))  # lock the dossier row only
        .select_related(*ACT_RELATED)
        .get(pk=pk)
    )
    connection.__dict__.setdefault(_HELD, {})[pk] = locked
    return locked


def take(dossier: Dossier) -> Dossier | None:
    """`dossier` itself if this transaction locked it with `lock` and has not handed it over
    yet; otherwise None (the act reads the row)."""
    connection = transaction.get_connection()
    held: dict[int, Dossier] = connection.__dict__.get(_HELD, {})
    if held.get(dossier.pk) is not dossier:
        return None
    del held[dossier.pk]
    if not connection.in_atomic_block or savepoint_rolled_back(connection):
        return None
    return dossier


def forget(connection: Any) -> None:
    """The transaction ended: no instance outlives it (audit.seal.before_seal)."""
    connection.__dict__.pop(_HELD, None)
