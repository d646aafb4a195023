"""The write path of the portal app (besides the outbox receiver and the delivery worker).

- `receive_from_portal`: a dossier submitted on Cổng DVCQG becomes a motcua dossier through the
  same intake service as the counter (`dossiers.services.receive_dossier`, channel online); the
  portal's MaHoSo is stored (unique), so a re-sent dossier returns the first one.
- `replay_message`, `replay_all_dead`: an operator puts dead messages back in the queue (audited);
  the Idempotency-Key is kept, so the portal cannot store a replayed message twice.
- `sync_counts`: the QĐ 766 indicator "hồ sơ đồng bộ lên Cổng DVCQG".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.domain.vntime import VN
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import DossierError, receive_dossier
from motcua.dossiers.touched import touch
from motcua.portal.client import portal_settings
from motcua.portal.delivery import due_heads
from motcua.portal.inbound import parse_inbound
from motcua.portal.models import MessageState, OutboxMessage, PortalDossier
from motcua.portal.permissions import messages_visible_to

PORTAL_USERNAME = "cong-dvcqg"


class ReplayError(DossierError):
    """The message cannot be replayed (it is not dead)."""


def portal_user() -> User:
    """The actor of dossiers submitted on the portal (an account nobody can log in with)."""
    user, created = User.objects.get_or_create(
        username=PORTAL_USERNAME,
        defaults={"full_name": "Cổng Dịch vụ công quốc gia", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def receive_from_portal(data: Any, *, via: str) -> tuple[Dossier, bool]:
    """(dossier, created): a new dossier, or the one already received with this MaHoSo."""
    code = str(data.get("MaHoSo") or "").strip() if isinstance(data, dict) else ""
    known = PortalDossier.objects.filter(portal_code=code).select_related("dossier").first()
    if code and known is not None:
        return known.dossier, False
    inbound = parse_inbound(data)
    actor = portal_user()
    dossier = receive_dossier(
        inbound.intake,
        actor=actor,
        at=inbound.submitted_at,
        idempotency_key=f"dvcqg:{inbound.portal_code}",
        via_portal=True,
    )
    try:
        with transaction.atomic():
            PortalDossier.objects.create(
                dossier=dossier, portal_code=inbound.portal_code, via=via, payload=data
            )
    except IntegrityError:  # the same dossier arrived meanwhile through the other door
        return dossier, False
    record(
        actor=actor,
        action="receive_from_portal",
        object_type="dossier",
        object_id=dossier.pk,
        after={"portal_code": inbound.portal_code, "via": via},
    )
    return dossier, True


def _replay(message: OutboxMessage) -> None:
    message.state = MessageState.PENDING
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.dead_at = None
    message.lease_token, message.lease_until = "", None
    message.save(
        update_fields=[
            "state",
            "attempts",
            "next_attempt_at",
            "dead_at",
            "lease_token",
            "lease_until",
        ]
    )
    touch([message.dossier_id])  # every state change of a message (reports/flags.py)


@transaction.atomic
def replay_message(message_id: int, *, actor: User) -> OutboxMessage:
    """Queue a dead message again, same Idempotency-Key (the last error stays until it is sent).
    Only a message the actor may see (portal/permissions.py); another unit's is "not found"."""
    message = messages_visible_to(actor).select_for_update().filter(pk=message_id).first()
    if message is None:
        raise ReplayError("Không tìm thấy tin đồng bộ.")
    if message.state != MessageState.DEAD:
        raise ReplayError(f"Tin {message.idempotency_key} không ở trạng thái dừng gửi.")
    _replay(message)
    record(
        actor=actor,
        action="portal_replay",
        object_type="portal_message",
        object_id=message.pk,
        after={"key": message.idempotency_key, "last_error": message.last_error},
    )
    return message


@transaction.atomic
def replay_all_dead(*, actor: User) -> int:
    """Queue every dead message the actor may see again; one audit event lists them."""
    visible = messages_visible_to(actor).select_for_update()
    dead = list(visible.filter(state=MessageState.DEAD))
    for message in dead:
        _replay(message)
    if dead:
        record(
            actor=actor,
            action="portal_replay_all",
            object_type="portal_message",
            object_id="dead",
            after={"keys": [m.idempotency_key for m in dead]},
        )
    return len(dead)


def state_counts(messages: QuerySet[OutboxMessage] | None = None) -> dict[str, int]:
    """Messages by state, plus the pending ones a worker would take now (`due`) and those held
    behind a dead message of their dossier (`held`); of `messages` (default: all)."""
    now = timezone.now()
    counts = dict.fromkeys(MessageState.values, 0)
    every = OutboxMessage.objects.all() if messages is None else messages
    for row in every.values("state").annotate(n=Count("pk")):
        counts[row["state"]] = row["n"]
    dead_before = OutboxMessage.objects.filter(
        dossier_id=OuterRef("dossier_id"), seq__lt=OuterRef("seq"), state=MessageState.DEAD
    )
    pending = every.filter(state=MessageState.PENDING)
    counts["due"] = every.filter(due_heads(now)).count()
    counts["held"] = pending.filter(Exists(dead_before)).count()
    return counts


def _day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = dt.datetime.combine(start, dt.time.min, tzinfo=VN)
    return first, dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=VN)


def sync_counts(unit_ids: Any, start: dt.date, end: dt.date) -> tuple[int, int]:
    """(synced, received) for QĐ 766 "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG".

    received: dossiers of the competent units `unit_ids` accepted from `start` to `end`
    (Vietnam days, both included — as column (3) of Biểu II.06a); synced: those of them whose
    latest message has been acknowledged by the portal. Historical imports without any message
    count as synced when MOTCUA_PORTAL_IMPORTED_AS_SYNCED is on (they were synced by the system
    that held them).
    """
    first, after = _day_bounds(start, end)
    received = Dossier.objects.filter(
        competent_unit_id__in=list(unit_ids), accepted_at__gte=first, accepted_at__lt=after
    )
    latest = OutboxMessage.objects.filter(dossier_id=OuterRef("pk")).order_by("-seq")
    synced = Q(latest_state=MessageState.SENT)
    if portal_settings().imported_as_synced:
        synced |= Q(imported=True, latest_state__isnull=True)
    totals = received.annotate(latest_state=Subquery(latest.values("state")[:1])).aggregate(
        synced=Count("pk", filter=synced), received=Count("pk")
    )
    return totals["synced"], totals["received"]
