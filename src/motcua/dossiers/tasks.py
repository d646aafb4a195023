"""Huey periodic task: render issued forms whose job was lost (same function as the command)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from motcua.dossiers.issued import render_missing


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
def render_missing_forms() -> dict[str, int]:
    return render_missing(limit=500)
