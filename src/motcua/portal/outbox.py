"""The outbox: every act on a dossier the portal knows becomes a message, in the act's transaction.

`on_dossier_act` receives `dossiers.events.dossier_act`, which `record_act` sends inside the act's
transaction: the message commits with the act or rolls back with it, so the portal can never be
told about an act that did not happen, nor miss one that did.

Which dossiers the portal knows (docs/portal-sync.md, "Before acceptance"):
- a dossier submitted on the portal is known by the portal's MaHoSo from the start, so every act
  after its arrival is sent, also before acceptance (intake supplement → 5, refusal → 3,
  acceptance → 2); its arrival itself is not echoed back;
- a counter or postal dossier gets its MaHoSo at acceptance (NĐ 118/2025 Art. 28). Acts before
  that (receive, intake supplement, resubmission, refusal at intake) are not sent: the portal has
  no dossier to attach them to, and an unaccepted counter dossier is not a dossier of the
  statistics. The first message (acceptance, TrangThaiHoSo "2") carries every processing step
  so far (CapNhatTienDoHoSoMC), the intake steps included, so nothing is lost; each later
  message carries the steps after those.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from motcua.domain.dossier_states import Status
from motcua.dossiers.models import Dossier
from motcua.portal.models import OutboxMessage, PortalDossier
from motcua.portal.payload import PROGRESS_SERVICE, build_payload


def portal_code_of(dossier: Dossier) -> str | None:
    """The MaHoSo the portal knows the dossier by (its own for portal dossiers), or None."""
    origin = PortalDossier.objects.filter(dossier=dossier).values_list("portal_code", flat=True)
    return next(iter(origin), None) or dossier.code or None


def _origin_and_last_seq(dossier_id: int) -> tuple[str | None, int | None]:
    """The dossier's portal MaHoSo (portal dossiers) and its last message's seq, in one
    statement written once: every act reads them."""
    origins = connection.ops.quote_name(PortalDossier._meta.db_table)
    messages = connection.ops.quote_name(OutboxMessage._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT portal_code FROM {origins} WHERE dossier_id = %s), "  # noqa: S608
            f"(SELECT MAX(seq) FROM {messages} WHERE dossier_id = %s)",
            [dossier_id, dossier_id],
        )
        origin, last = cursor.fetchone()
    return origin, last


def _steps_sent(dossier_id: int) -> int:
    """How many processing steps the dossier's earlier messages carry (each step goes once)."""
    earlier = OutboxMessage.objects.filter(dossier_id=dossier_id).values_list("payload", flat=True)
    return sum(len(payload.get(PROGRESS_SERVICE, [])) for payload in earlier)


def idempotency_key(portal_code: str, seq: int) -> str:
    return f"{portal_code}:{seq}"


def on_dossier_act(sender: Any, *, dossier: Dossier, action: str, **kwargs: Any) -> None:
    """Queue the dossier's new state for the portal (runs inside the act's transaction)."""
    if action == "receive":
        # The dossier was created by this very act: no code yet, and a portal dossier's
        # PortalDossier row is written after it (portal.services.receive_from_portal).
        return
    origin, last = _origin_and_last_seq(dossier.pk)
    code = origin or dossier.code or None  # as portal_code_of
    if code is None:
        return
    seq = (last or 0) + 1
    OutboxMessage.objects.create(
        dossier=dossier,
        seq=seq,
        idempotency_key=idempotency_key(code, seq),
        portal_code=code,
        action=action,
        status_code=Status(dossier.status).portal_code,
        payload=build_payload(dossier, code, _steps_sent(dossier.pk) if last else 0),
    )
    # The dossier's latest message is now pending, which changes QĐ 766 "synced"
    # (reports/flags.py): `record_act` resyncs the summary after every receiver has run.
