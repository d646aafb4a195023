"""The delivery worker: send due outbox messages, in order per dossier, with retries.

`deliver_due(limit)` is the one entry point (Huey periodic task, `motcua portal deliver`).
Several workers may run at once. Each round:

1. claim (a short transaction): the due heads — pending messages whose earlier messages of the
   same dossier are all acknowledged — locked with SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL
   (the single writer lock on SQLite), and leased to this worker (attempts + 1);
2. send each claimed message outside any transaction (intake never waits on the portal);
3. record the outcome where the lease is still ours: sent; or pending again after a full-jitter
   backoff; or dead after MOTCUA_PORTAL_MAX_ATTEMPTS failures, or at once when the portal
   refuses the message itself (HTTP 400/404/409/422).

A message n+1 is never claimed while message n of its dossier is not acknowledged (pending,
leased or dead): a dead message holds back its dossier until an operator replays it. A lease
outlives the longest send (timeout); if a worker dies, the message is claimed again after the
lease, and the portal drops the second copy by its Idempotency-Key.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from motcua.audit.services import record
from motcua.config import PortalSettings
from motcua.domain.backoff import full_jitter
from motcua.dossiers.touched import touch
from motcua.portal.client import Ack, PortalClient, PortalError, client_from_settings
from motcua.portal.client import portal_settings as current_settings
from motcua.portal.models import MessageState, OutboxMessage

BATCH = 50


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    dead: int = 0
    lost_lease: int = 0
    configured: bool = True

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.dead + self.lost_lease


def lease_seconds(conf: PortalSettings) -> float:
    """Longer than any send can take (urllib's timeout applies to connect and to each read)."""
    return max(120.0, 6 * conf.timeout)


def due_heads(now: dt.datetime) -> Q:
    """Pending, due, not leased, and first in its dossier's line."""
    earlier_unsent = OutboxMessage.objects.filter(
        dossier_id=OuterRef("dossier_id"), seq__lt=OuterRef("seq")
    ).exclude(state=MessageState.SENT)
    return (
        Q(state=MessageState.PENDING, next_attempt_at__lte=now)
        & (Q(lease_until__isnull=True) | Q(lease_until__lte=now))
        & ~Q(Exists(earlier_unsent))
    )


def claim(
    size: int, conf: PortalSettings, tried: set[int] | None = None
) -> tuple[str, list[OutboxMessage]]:
    """Lease up to `size` due heads to a new token (never one of `tried`)."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        now = timezone.now()
        ids = list(
            OutboxMessage.objects.filter(due_heads(now))
            .exclude(pk__in=tried or ())
            .order_by("next_attempt_at", "pk")
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", flat=True)[:size]
        )
        if not ids:
            return token, []
        OutboxMessage.objects.filter(pk__in=ids).update(
            lease_token=token,
            lease_until=now + dt.timedelta(seconds=lease_seconds(conf)),
            attempts=F("attempts") + 1,
        )
    return token, list(OutboxMessage.objects.filter(pk__in=ids).order_by("next_attempt_at", "pk"))


def _send(client: PortalClient, message: OutboxMessage) -> Ack | PortalError:
    try:
        return client.send(message.idempotency_key, message.payload)
    except PortalError as exc:
        return exc
    except Exception as exc:  # a broken adapter must not stop the worker
        return PortalError(f"Lỗi không xác định khi gửi: {exc!r}")


def _record(
    message: OutboxMessage,
    token: str,
    outcome: Ack | PortalError,
    conf: PortalSettings,
    report: DeliveryReport,
) -> None:
    mine = OutboxMessage.objects.filter(pk=message.pk, lease_token=token)
    now = timezone.now()
    release = {"lease_token": "", "lease_until": None}
    if isinstance(outcome, Ack):
        with transaction.atomic():
            updated = mine.update(
                state=MessageState.SENT,
                sent_at=now,
                portal_receipt=outcome.receipt[:100],
                last_error="",
                **release,
            )
            if updated:  # QĐ 766 "synced" reads the latest message's state (reports/flags.py)
                touch([message.dossier_id])
        report.sent += updated
        report.lost_lease += 1 - updated
        return
    error = str(outcome)[:2000]
    if outcome.permanent or message.attempts >= conf.max_attempts:
        with transaction.atomic():
            updated = mine.update(state=MessageState.DEAD, dead_at=now, last_error=error, **release)
            if updated:
                touch([message.dossier_id])
                record(
                    actor=None,
                    action="portal_message_dead",
                    object_type="portal_message",
                    object_id=message.pk,
                    after={
                        "key": message.idempotency_key,
                        "attempts": message.attempts,
                        "error": error,
                    },
                )
        report.dead += updated
    else:
        wait = full_jitter(message.attempts, conf.backoff_base, conf.backoff_cap)
        updated = mine.update(
            next_attempt_at=now + dt.timedelta(seconds=wait), last_error=error, **release
        )
        report.retried += updated
    report.lost_lease += 1 - updated


def deliver_due(limit: int = 500, *, client: PortalClient | None = None) -> DeliveryReport:
    """Send up to `limit` due messages, each at most once; the report counts the outcomes.

    After a message is acknowledged, the next one of its dossier is claimed in the same call.
    """
    conf = current_settings()
    client = client or client_from_settings()
    report = DeliveryReport()
    if client is None:
        report.configured = False
        return report
    tried: set[int] = set()  # one attempt per message per call, however short the backoff
    while report.handled < limit:
        token, batch = claim(min(BATCH, limit - report.handled), conf, tried)
        if not batch:
            break
        for message in batch:
            tried.add(message.pk)
            _record(message, token, _send(client, message), conf, report)
    return report


def pending_backlog() -> int:
    return OutboxMessage.objects.filter(state=MessageState.PENDING).count()
