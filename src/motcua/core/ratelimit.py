"""Per-address attempt limits of the public pages and API, shared by every server process.

One fixed window per bucket and client: the first attempt opens a window of `window` seconds;
`limit` attempts are allowed in it, then `allow` says no until the window has passed. The
counters are rows of `RateCounter` in the database, so every gunicorn worker and every node
sees the same count (Django's default cache is per process: with it, 20 attempts per address
were really 20 per worker). `purge_expired` (daily job) removes old rows.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from motcua.core.models import RateCounter


def client_address(request: HttpRequest) -> str:
    """The client's address (behind a reverse proxy REMOTE_ADDR must be set by the proxy)."""
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def allow(bucket: str, client: str, *, limit: int, window: int) -> bool:
    """Count one attempt of `client` in `bucket`; False (and not counted) once `limit`
    attempts were made in the current window of `window` seconds."""
    key = f"{bucket}:{client}"[:200]
    now = timezone.now()
    with transaction.atomic():
        row = RateCounter.objects.select_for_update().filter(key=key).first()
        if row is None:
            try:
                with transaction.atomic():
                    RateCounter.objects.create(
                        key=key, window_end=now + dt.timedelta(seconds=window), count=1
                    )
                return True
            except IntegrityError:  # another process opened the window at the same moment
                row = RateCounter.objects.select_for_update().get(key=key)
        if row.window_end <= now:
            row.window_end, row.count = now + dt.timedelta(seconds=window), 1
        elif row.count >= limit:
            return False
        else:
            row.count += 1
        row.save(update_fields=["window_end", "count"])
        return True


def allow_request(request: HttpRequest, bucket: str, *, limit: int, window: int) -> bool:
    return allow(bucket, client_address(request), limit=limit, window=window)


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the counters whose window has passed (they would be reset on the next attempt)."""
    deleted, _ = RateCounter.objects.filter(window_end__lt=now or timezone.now()).delete()
    return deleted
