"""Huey periodic task: deliver due portal messages every minute (same function as the command)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from motcua.audit.services import origin
from motcua.portal.delivery import deliver_due


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def deliver_portal_messages() -> int:
    with origin(channel="job", job="portal.deliver"):
        return deliver_due(limit=1000).sent
