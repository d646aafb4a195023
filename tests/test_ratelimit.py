"""Rate limits of the public pages are counted in the database, shared by every process."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client

from motcua.core.models import RateCounter
from motcua.core.ratelimit import allow, purge_expired
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
        assert RateCounter.objects.get(key="b:1.2.3.4").count == 1
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        assert purge_expired() == 3
    assert not RateCounter.objects.exists()


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
    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections: PostgreSQL (SQLite serialises writers anyway)")
    results: list[bool] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            ok = allow("race", "9.9.9.9", limit=5, window=600)
            with lock:
                results.append(ok)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True] * 5
    assert RateCounter.objects.get(key="race:9.9.9.9").count == 5
