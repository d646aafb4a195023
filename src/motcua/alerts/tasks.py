"""The daily alert sweep (the one periodic consumer runs it at 07:30, before office hours)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from motcua.alerts.services import sweep


@db_periodic_task(crontab(hour="7", minute="30"))  # type: ignore[untyped-decorator]
def daily_alert_sweep() -> int:
    return sweep()
