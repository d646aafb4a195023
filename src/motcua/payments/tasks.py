"""Periodic jobs of the payments app (run by the one Huey consumer that runs periodic tasks)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from motcua.payments.online import reconcile_pending
from motcua.payments.sandbox import deliver_callbacks


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
def reconcile_online_payments() -> int:
    """Settle attempts whose callback never came, by asking the gateway."""
    return reconcile_pending()


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def sandbox_tick() -> int:
    """The sandbox gateway's delayed callbacks (does nothing with a real gateway)."""
    return int(deliver_callbacks.call())
