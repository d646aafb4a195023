"""Jobs of the payments app: the sandbox's callbacks, and the periodic jobs (run by the one Huey
consumer that runs periodic tasks)."""

from __future__ import annotations

from django_tasks import task
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from motcua.payments import sandbox
from motcua.payments.online import handle_callback, reconcile_pending


@task()
def deliver_callbacks() -> int:
    """Send every sandbox callback that is due to our callback handler (the job queue runs this
    after the sandbox page; the periodic tick too)."""
    return sandbox.deliver_due(handle_callback)


def enqueue_callbacks() -> None:
    deliver_callbacks.enqueue()


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
def reconcile_online_payments() -> int:
    """Settle attempts whose callback never came, by asking the gateway."""
    return reconcile_pending()


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def sandbox_tick() -> int:
    """The sandbox gateway's delayed callbacks (does nothing with a real gateway)."""
    return int(deliver_callbacks.call())
