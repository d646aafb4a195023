"""Crash harness, database side: kill -9 of the PostgreSQL server during concurrent counter
intake. The test starts a throw-away cluster of its own (initdb + postgres in a temporary
directory, fsync and synchronous_commit on, never the machine's shared cluster), copies the test
database into it, runs gunicorn against it, SIGKILLs the postmaster (and the backends it leaves)
at random moments and starts it again (crash recovery). Clients retry with their
Idempotency-Key until answered. Then, in that database: every acknowledged dossier is there with
its code, one dossier per key, no partial act, codes gapless and unique, the audit chain
verifies.

Short: 2 kills, 3 clients. MOTCUA_LONG_RELIABILITY=1: 20 kills, 6 clients.
"""

from __future__ import annotations

import random
import subprocess
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
from tests.reliability.pgcluster import Cluster, default_database, postgres_bin


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference")
def test_kill_9_of_postgresql_loses_no_acknowledged_dossier() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the database crash harness needs PostgreSQL (DATABASE_URL=postgres://…)")
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("initdb/postgres not found: cannot start a throw-away PostgreSQL cluster")
    headers = staff_session("pgcrash-clerk", Role.RECEIVING_OFFICER)
    try:
        cluster = Cluster(bin_dir)
    except KeyError:
        pytest.skip("running as root without a postgres account to run a PostgreSQL server")
    try:
        cluster.init()
    except (KeyError, OSError, subprocess.CalledProcessError) as exc:  # no runuser, …
        cluster.remove()
        pytest.skip(f"cannot create a throw-away PostgreSQL cluster: {exc}")
    server: Gunicorn | None = None
    run: IntakeRun | None = None
    try:
        cluster.start()
        cluster.copy_from(database_url(), "motcua")  # reference data and the clerk's session
        server = Gunicorn(server_env(cluster.url), workers=2).start()
        client = RetryingClient(server.base, headers)
        run = IntakeRun(client, clients=6 if LONG else 3, marker="pgcrash").start()
        rng = random.Random(15)
        started = time.monotonic()
        kills = 20 if LONG else 2
        for _ in range(kills):
            time.sleep(rng.uniform(0.8, 2.0) if LONG else rng.uniform(0.5, 1.2))
            client.phase = " while the database was down or recovering"
            cluster.kill()
            time.sleep(rng.uniform(0.0, 0.5))  # clients meet a database that is down
            cluster.start()
            time.sleep(0.5)  # a request that failed in the last moment of recovery answers
            client.phase = " with the database up"
        time.sleep(0.5)
        run.finish()
        elapsed = time.monotonic() - started
        server.kill()
        assert len(run.acknowledged) > 3, client.stats
        # a server error while the database is up would be a fault of ours, not of the crash
        assert not client.stats["5xx with the database up"], client.stats
        with default_database(cluster.url):
            check_intake(run.acknowledged, "pgcrash")
        sys.stderr.write(
            f"database crash harness: {kills} kills of PostgreSQL, {dict(client.stats)}; "
            f"acknowledged {len(run.acknowledged)} created, {run.accepted} accepted, "
            f"{elapsed:.0f} s\n"
        )
    finally:
        if run is not None:
            run.stop.set()
        if server is not None:
            server.stop()
        cluster.remove()
