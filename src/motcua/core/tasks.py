"""Daily clean-up of expired rate-limit counters (the one periodic consumer runs it at 03:10)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from motcua.core.ratelimit import purge_expired


@db_periodic_task(crontab(hour="3", minute="10"))  # type: ignore[untyped-decorator]
def purge_rate_counters() -> int:
    return purge_expired()
