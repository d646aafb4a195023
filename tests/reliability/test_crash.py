"""Crash harness: concurrent counter intake against gunicorn + PostgreSQL, kill -9 of the whole
server (master and workers) at random moments, restart, clients retry with the same
Idempotency-Key. Then: every acknowledged dossier is there, no partial act, codes unique and
gapless, the audit chain verifies, and no retry made a duplicate.

Short: 3 kills, 3 clients (≈ 10 s). MOTCUA_LONG_RELIABILITY=1: 100 kills, 6 clients.
"""

from __future__ import annotations

import random
import sys
import time

import pytest
from django.db import connection

from motcua.accounts.roles import Role
from tests.reliability.harness import (
    LONG,
    Gunicorn,
    IntakeRun,
    RetryingClient,
    check_intake,
    database_url,
    server_env,
    staff_session,
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference")
def test_kill_9_during_intake_loses_nothing() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the crash harness runs against PostgreSQL (DATABASE_URL=postgres://…)")
    headers = staff_session("crash-clerk", Role.RECEIVING_OFFICER)
    server = Gunicorn(server_env(database_url())).start()
    client = RetryingClient(server.base, headers)
    run = IntakeRun(client, clients=6 if LONG else 3, marker="crash").start()
    rng = random.Random(8)
    started = time.monotonic()
    kills = 100 if LONG else 3
    try:
        for _ in range(kills):
            time.sleep(rng.uniform(0.8, 2.0))
            server.kill()
            server.start()
        time.sleep(1.0)
        run.finish()
    finally:
        run.stop.set()
        server.stop()
    assert len(run.acknowledged) > 5, client.stats
    repaired = check_intake(run.acknowledged, "crash")
    sys.stderr.write(
        f"crash harness: {kills} kills of the application, {dict(client.stats)}; "
        f"{repaired} receipts rendered by the repair job; acknowledged "
        f"{len(run.acknowledged)} created, {run.accepted} accepted, "
        f"{time.monotonic() - started:.0f} s\n"
    )
