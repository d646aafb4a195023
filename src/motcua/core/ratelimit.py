"""Per-address attempt limits of the public pages and API, shared by every server process.

One fixed window per bucket and client: the first attempt opens a window of `window` seconds;
`limit` attempts are allowed in it, then `allow` says no (and does not count) until the window
has passed. Django's default cache is per process (with it, 20 attempts per address were really
20 per worker), so the counters live where every worker and node sees them:

- PostgreSQL: the table of `RateCounter`, made UNLOGGED (migration 0002): no WAL, so counting an
  attempt waits for no disk flush; after a crash the table is empty, which only gives clients
  a fresh window.
- SQLite: a side database file (`settings.MOTCUA_RATE_LIMIT_DB`, WAL, synchronous=OFF), not the
  main database: a public look-up must not queue behind the main database's single writer
  (intake acts) nor fsync. SQLite's file locks keep the count exact across processes.

Either way one attempt is ONE atomic statement (an upsert that only updates while the window is
open and under the limit, and returns the new count), so concurrent attempts from several
processes are each counted once. `purge_expired` (daily job) removes old counters.
"""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import os
import sqlite3
import threading
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from motcua.core.models import RateCounter

TABLE = RateCounter._meta.db_table
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# One statement for both engines: a new key opens a window with count 1; an existing key is reset
# when its window has passed, counted when under the limit, and left alone (no row returned:
# refused) otherwise. SET expressions read the row as it was before the update.
_UPSERT = (
    "INSERT INTO {table} (key, window_end, count) VALUES ({p}, {p}, 1) "
    "ON CONFLICT (key) DO UPDATE SET "
    "count = CASE WHEN {table}.window_end <= {p} THEN 1 ELSE {table}.count + 1 END, "
    "window_end = CASE WHEN {table}.window_end <= {p} THEN excluded.window_end "
    "ELSE {table}.window_end END "
    "WHERE {table}.window_end <= {p} OR {table}.count < {p} "
    "RETURNING count"
)
_PG_UPSERT = _UPSERT.format(table=TABLE, p="%s")
_SIDE_UPSERT = _UPSERT.format(table="rate_counter", p="?")  # the side store's table
_side = threading.local()


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or, when that peer is one of the trusted reverse
    proxies (settings.MOTCUA_TRUSTED_PROXIES), the rightmost X-Forwarded-For hop that is not a
    trusted proxy. Hops left of it were written by the client and are never believed."""
    peer = str(request.META.get("REMOTE_ADDR", ""))[:45]
    networks = _networks(tuple(getattr(settings, "MOTCUA_TRUSTED_PROXIES", ())))
    if not networks or not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # not an address: the proxy did not write it
        peer = hop  # a trusted proxy further out
    return peer


def _key(bucket: str, client: str) -> str:
    return f"{bucket}:{client}"[:200]


def _on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def side_connection() -> sqlite3.Connection:
    """This thread's connection to the SQLite side store (opened again after a fork)."""
    path = Path(settings.MOTCUA_RATE_LIMIT_DB)
    conn: sqlite3.Connection | None = getattr(_side, "conn", None)
    if conn is not None and _side.pid == os.getpid() and _side.path == path:
        return conn
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")  # counters need no durability (see the module doc)
    conn.execute(
        "CREATE TABLE IF NOT EXISTS rate_counter "
        "(key TEXT PRIMARY KEY, window_end REAL NOT NULL, count INTEGER NOT NULL) WITHOUT ROWID"
    )
    _side.conn, _side.pid, _side.path = conn, os.getpid(), path
    return conn


def close_side_connection() -> None:
    """Close this thread's side-store connection, if it has one (threads that end)."""
    conn: sqlite3.Connection | None = getattr(_side, "conn", None)
    if conn is not None:
        _side.conn = None
        conn.close()


def allow(bucket: str, client: str, *, limit: int, window: int) -> bool:
    """Count one attempt of `client` in `bucket`; False (and not counted) once `limit`
    attempts were made in the current window of `window` seconds."""
    key = _key(bucket, client)
    now = timezone.now()
    end = now + dt.timedelta(seconds=window)
    if _on_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(_PG_UPSERT, [key, end, now, now, now, limit])
            return cursor.fetchone() is not None
    stamp = now.timestamp()
    rows = side_connection().execute(
        _SIDE_UPSERT, (key, end.timestamp(), stamp, stamp, stamp, limit)
    )
    return rows.fetchall() != []


def allow_request(request: HttpRequest, bucket: str, *, limit: int, window: int) -> bool:
    return allow(bucket, client_address(request), limit=limit, window=window)


def attempts(bucket: str, client: str) -> int:
    """The attempts counted in the client's current (or last) window; 0 when there is none."""
    key = _key(bucket, client)
    if _on_postgresql():
        row = RateCounter.objects.filter(key=key).values_list("count", flat=True).first()
        return row or 0
    found = (
        side_connection().execute("SELECT count FROM rate_counter WHERE key = ?", (key,)).fetchone()
    )
    return int(found[0]) if found else 0


def reached(bucket: str, client: str, limit: int) -> bool:
    """Whether the client's current window already holds `limit` attempts (nothing counted)."""
    key = _key(bucket, client)
    now = timezone.now()
    if _on_postgresql():
        return RateCounter.objects.filter(key=key, window_end__gt=now, count__gte=limit).exists()
    found = (
        side_connection()
        .execute(
            "SELECT 1 FROM rate_counter WHERE key = ? AND window_end > ? AND count >= ?",
            (key, now.timestamp(), limit),
        )
        .fetchone()
    )
    return found is not None


def forget(bucket: str, client: str) -> None:
    """Drop the client's counter in `bucket` (a successful sign-in clears its failures)."""
    key = _key(bucket, client)
    if _on_postgresql():
        RateCounter.objects.filter(key=key).delete()
    else:
        side_connection().execute("DELETE FROM rate_counter WHERE key = ?", (key,))


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the counters whose window has passed (they would be reset on the next attempt)."""
    moment = now or timezone.now()
    if _on_postgresql():
        deleted, _ = RateCounter.objects.filter(window_end__lt=moment).delete()
        return deleted
    cursor = side_connection().execute(
        "DELETE FROM rate_counter WHERE window_end < ?", (moment.timestamp(),)
    )
    return cursor.rowcount


def reset_all() -> None:
    """Forget every counter (tests; an operator lifting every block at once)."""
    if _on_postgresql():
        RateCounter.objects.all().delete()
    else:
        side_connection().execute("DELETE FROM rate_counter")
