"""Queue and send the messages applicants receive.

Nothing acknowledged is lost: a message is a Notification row written in the SAME transaction
as the act that causes it (an outbox), so it exists exactly when the act committed; the job
queue sends it after commit (`send_queued`), and the periodic task retries what failed
(up to MAX_ATTEMPTS). A `dedupe_key` per act, kind and channel makes a retried act or a
repeated signal queue nothing twice.

Acts that notify (dossiers.events.dossier_act and payments.events.payment_recorded):
accepted, supplement needed (at intake or after appraisal), result ready, refused, extended
(with the apology), payment received. `notify_person` serves other apps (feedback answered).
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.core.links import public_url
from motcua.dossiers.models import Dossier
from motcua.notifications import messages
from motcua.notifications.channels import SendError, send
from motcua.notifications.models import Channel, Kind, Notification, State

MAX_ATTEMPTS = 5
ACT_KINDS = {
    "accept": Kind.ACCEPTED,
    "request_intake_supplement": Kind.SUPPLEMENT,
    "request_supplement": Kind.SUPPLEMENT,
    "approve": Kind.RESULT_READY,
    "extend": Kind.EXTENDED,
    "refuse_at_intake": Kind.REFUSED,
    "refuse": Kind.REFUSED,
}


def _addresses(email: str, phone: str) -> list[tuple[str, str]]:
    found = []
    if email.strip():
        found.append((Channel.EMAIL.value, email.strip()))
    if phone.strip():
        found.append((Channel.SMS.value, phone.strip()))
    return found


def _queue(
    kind: str,
    key: str,
    *,
    email: str,
    phone: str,
    context: dict[str, Any],
    dossier: Dossier | None = None,
) -> list[Notification]:
    """Write the rows (inside the caller's transaction) and send them after its commit."""
    subject, body = messages.render(kind, context)
    queued = []
    for channel, address in _addresses(email, phone):
        try:
            with transaction.atomic():
                queued.append(
                    Notification.objects.create(
                        kind=kind,
                        channel=channel,
                        address=address,
                        subject=subject,
                        body=body,
                        dossier=dossier,
                        dedupe_key=f"{key}:{channel}"[:120],
                    )
                )
        except IntegrityError:  # the same act announced twice: already queued
            continue
    if queued:
        transaction.on_commit(_enqueue_sending)
    return queued


def _enqueue_sending() -> None:
    send_notifications.enqueue()


def notify_dossier_act(dossier: Dossier, action: str, event_id: int) -> list[Notification]:
    """One notification per act: the key names the audit event by its id ("e…"; the event's
    seq is given at commit, audit/seal.py — keys from before that change used the seq)."""
    kind = ACT_KINDS.get(action)
    if kind is None or dossier.imported:
        return []
    context = messages.dossier_context(dossier)
    return _queue(
        kind.value,
        f"{kind.value}:{dossier.pk}:e{event_id}",
        email=dossier.applicant_email,
        phone=dossier.applicant_phone,
        context=context,
        dossier=dossier,
    )


def notify_officers_of_online(dossier: Dossier, event_id: int) -> list[Notification]:
    """A new online dossier: its unit's receiving officers are told at once (the issue's
    "within 2 hours"; the 8-working-hour limit is dossiers/online_sla.py)."""
    context = messages.dossier_context(dossier) | {
        "applicant": dossier.applicant_name,
        "desk_url": public_url(f"/ho-so/{dossier.pk}/"),
    }
    officers = User.objects.filter(
        unit=dossier.receiving_unit, groups__name=Role.RECEIVING_OFFICER.value, is_active=True
    ).exclude(email="")
    queued: list[Notification] = []
    for officer in officers:
        queued += _queue(
            Kind.ONLINE_RECEIVED.value,
            f"online:{dossier.pk}:e{event_id}:{officer.pk}",
            email=officer.email,
            phone="",
            context=context,
            dossier=dossier,
        )
    return queued


def notify_payment(payment: Any) -> list[Notification]:
    dossier = payment.dossier
    context = messages.dossier_context(dossier) | {
        "amount": payment.amount,
        "receipt": payment.receipt_number,
        "method": payment.get_method_display(),
    }
    return _queue(
        Kind.PAYMENT_RECEIVED.value,
        f"payment:{payment.pk}",
        email=dossier.applicant_email,
        phone=dossier.applicant_phone,
        context=context,
        dossier=dossier,
    )


def notify_person(
    kind: str, key: str, *, email: str = "", phone: str = "", context: dict[str, Any]
) -> list[Notification]:
    """For other apps (e.g. a feedback answered). Call inside the act's transaction."""
    return _queue(kind, key, email=email, phone=phone, context=context)


def send_one(pk: int) -> str:
    with transaction.atomic():
        note = Notification.objects.select_for_update().get(pk=pk)
        if note.state == State.SENT or note.attempts >= MAX_ATTEMPTS:
            return str(note.state)
        note.attempts += 1
        try:
            send(note.channel, note.address, note.subject, note.body)
        except (SendError, OSError) as exc:
            note.state, note.last_error = State.FAILED, str(exc)[:300]
        else:
            note.state, note.sent_at, note.last_error = State.SENT, timezone.now(), ""
        note.save()
        return str(note.state)


def send_queued(limit: int = 200) -> dict[str, int]:
    """Send what is queued, and retry what failed with fewer than MAX_ATTEMPTS attempts."""
    counts = {"sent": 0, "failed": 0}
    pending = Notification.objects.filter(
        state__in=[State.QUEUED, State.FAILED], attempts__lt=MAX_ATTEMPTS
    ).order_by("created_at")
    for pk in list(pending.values_list("pk", flat=True)[:limit]):
        state = send_one(pk)
        if state in counts:
            counts[state] += 1
    return counts


@task()
def send_notifications() -> dict[str, int]:
    return send_queued()
