"""Receiving at the counter, by the counter form and by the API: the dossier is recorded and,
when the officer found it complete ("Tiếp nhận"), accepted in the same transaction, so that
both happen or neither does: a refused accept leaves no half-received dossier behind.

The accept is checked as every act is (permissions.acting_on: the row locked, then the
officer's right to accept it), and a retried request (the same idempotency key) gets the
dossier its first attempt made, as it was, without a second accept.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.domain.dossier_states import Action
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import acting_on
from motcua.dossiers.services import Intake, accept_dossier, receive_dossier


def receive_at_counter(
    intake: Intake,
    *,
    actor: User,
    idempotency_key: str | None,
    accept: bool,
    with_dossier: Callable[[Dossier], None] | None = None,
) -> Dossier:
    """Receive the dossier, run `with_dossier` on it (the counter form keeps its e-form) and,
    if `accept`, accept it: one transaction."""
    if not accept and with_dossier is None:  # one act: its own transaction, no savepoint
        return receive_dossier(intake, actor=actor, idempotency_key=idempotency_key)
    at = timezone.now()
    with transaction.atomic():
        dossier = receive_dossier(intake, actor=actor, at=at, idempotency_key=idempotency_key)
        made_now = dossier.received_at == at  # not the dossier of an earlier attempt
        if with_dossier is not None and made_now:
            with_dossier(dossier)
        if accept and made_now:
            with acting_on(actor, dossier.pk, Action.ACCEPT) as received:
                dossier = accept_dossier(received, actor=actor)
    return dossier
