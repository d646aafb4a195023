"""Rate limits of the public pages are counted in a store shared by every process: an UNLOGGED
table on PostgreSQL, a side database file on SQLite (core/ratelimit.py)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from motcua.core.models import RateCounter
from motcua.core.ratelimit import allow, attempts, close_side_connection, purge_expired
from motcua.dossiers.public import ATTEMPTS

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


def test_the_limit_holds_in_a_window_and_opens_after_it() -> None:
    with time_machine.travel(START, tick=False):
        assert all(allow("b", "1.2.3.4", limit=3, window=60) for _ in range(3))
        assert not allow("b", "1.2.3.4", limit=3, window=60)
        assert allow("b", "5.6.7.8", limit=3, window=60)  # another address
        assert allow("other", "1.2.3.4", limit=3, window=60)  # another bucket
    with time_machine.travel(START + dt.timedelta(seconds=61), tick=False):
        assert allow("b", "1.2.3.4", limit=3, window=60)
        assert attempts("b", "1.2.3.4") == 1
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        assert purge_expired() == 3
    assert attempts("b", "1.2.3.4") == attempts("b", "5.6.7.8") == attempts("other", "1.2.3.4") == 0


def test_the_status_page_limit_survives_a_process_cache(client: Client) -> None:
    """Another worker has its own cache: clearing ours must not reset the count."""
    for _ in range(ATTEMPTS):
        response = client.post("/tra-cuu/", {"ma": "H01.30406-240101-0001", "so": "1234"})
        assert response.status_code == 200
        cache.clear()
    response = client.post("/tra-cuu/", {"ma": "H01.30406-240101-0001", "so": "1234"})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_are_counted_once_each() -> None:
    results: list[bool] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            ok = allow("race", "9.9.9.9", limit=5, window=600)
            with lock:
                results.append(ok)
        finally:
            connection.close()
            close_side_connection()

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True] * 5
    assert attempts("race", "9.9.9.9") == 5


WORKER = """
import os, sys, time, django
django.setup()
from motcua.core.ratelimit import allow
ready, go = sys.argv[1], sys.argv[2]
open(ready, "w").close()
while not os.path.exists(go):
    time.sleep(0.01)
print(sum(allow("procs", "7.7.7.7", limit=250, window=600) for _ in range(200)))
"""


@pytest.mark.django_db(transaction=True)
def test_the_limit_holds_across_two_server_processes(tmp_path: Path) -> None:
    """Two processes (as two gunicorn workers) count into the same store: 400 attempts against a
    limit of 250 let exactly 250 through in all, whichever process made them."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "motcua.settings"}
    if connection.vendor == "postgresql":  # the subprocesses must use the test database
        db = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(tmp_path / f"ready-{n}"), str(go)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready-{n}").exists() for n in range(2)):
        assert time.monotonic() < deadline, "the worker processes did not start"
        time.sleep(0.05)
    go.touch()  # both start counting at the same moment
    allowed = [int(worker.communicate(timeout=120)[0]) for worker in workers]
    assert sum(allowed) == 250
    assert all(n > 0 for n in allowed)  # both processes really counted
    assert attempts("procs", "7.7.7.7") == 250
    assert not allow("procs", "7.7.7.7", limit=250, window=600)  # and this one is refused too


def test_postgresql_keeps_the_counters_in_an_unlogged_table() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (SQLite: the side file, next test)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = 'core_ratecounter'")
        assert cursor.fetchone() == ("u",)


def test_sqlite_counts_in_the_side_file_not_in_the_main_database() -> None:
    if connection.vendor == "postgresql":
        pytest.skip("SQLite only")
    assert allow("side", "8.8.8.8", limit=3, window=60)
    assert not RateCounter.objects.exists()  # the main database was not written
    with sqlite3.connect(settings.MOTCUA_RATE_LIMIT_DB) as side:
        assert side.execute(
            "SELECT count FROM rate_counter WHERE key = 'side:8.8.8.8'"
        ).fetchone() == (1,)
        assert side.execute("PRAGMA journal_mode").fetchone() == ("wal",)
