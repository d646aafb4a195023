"""Periodic retry of messages that could not be sent (the one periodic consumer runs it)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from motcua.notifications.services import send_queued


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def retry_notifications() -> dict[str, int]:
    return send_queued()
