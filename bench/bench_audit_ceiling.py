"""Benchmark: the ceiling of sealed commits per second on PostgreSQL, by audit partitions.

Run from the repository root (the database is created and migrated if missing):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench_audit \\
        python -m bench.bench_audit_ceiling [--seconds 5] [--partitions 8]

Writes ``bench/results/audit_ceiling.json``.

One commit is one transaction that inserts one row (a bench table: object id and a short text)
and, sealed, records one audit event about that object (`audit.services.record`, sealed at the
commit by audit/seal.py). The baseline is the same transaction without the audit step. Each
load point runs C worker processes (C = 1, 4, 16), each with its own connection, committing
back to back for the given seconds; every object is new, so with partitions > 1 the events of
concurrent commits spread over the partitions by their hash. Configurations are interleaved
(baseline, 1 partition, N partitions at each C) in one run, so the ratios compare like with
like. Beside each point: how many connections wait on a head row (pg_stat_activity, every
0.1 s, mean), the share of the load the head lock itself holds back. With --repeat R
(default 2) the whole round runs R times and each point keeps its best.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import threading
import time
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

RESULTS = Path(__file__).resolve().parent / "results" / "audit_ceiling.json"
TABLE = "bench_audit_ceiling_row"
CONNECTIONS = (1, 4, 16)


def _ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def _prepare() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} "
            "(id bigserial PRIMARY KEY, object_id bigint NOT NULL, note text NOT NULL)"
        )
    connection.close()


def _worker(
    mode: str, partitions: int, first_id: int, start: Any, *, seconds: float, out: Any
) -> None:
    from django.conf import settings
    from django.db import connection, transaction

    from motcua.audit.services import record

    settings.MOTCUA_AUDIT_PARTITIONS = partitions
    insert = f"INSERT INTO {TABLE} (object_id, note) VALUES (%s, %s)"
    object_id, done = first_id, 0
    connection.ensure_connection()
    start.wait()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        object_id += 1
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(insert, [object_id, "bench"])
            if mode == "sealed":
                record(actor=None, action="bench_act", object_type="bench", object_id=object_id)
        done += 1
    connection.close()
    out.put(done)


_WAITING = """
SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND query LIKE '%%audit_audithead%%')
FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
"""


def _sample_head_waits(url: str, stop: threading.Event, seen: list[int]) -> None:
    """How many connections wait on a partition's head row, every 0.1 s (pg_stat_activity)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        while not stop.wait(0.1):
            row = conn.execute(_WAITING).fetchone()
            seen.append(int(row[0]) if row else 0)


def _load_point(
    mode: str, partitions: int, clients: int, *, seconds: float, base: int, url: str
) -> dict[str, Any]:
    context = mp.get_context("fork")
    start, out = context.Barrier(clients + 1), context.Queue()
    workers = [
        context.Process(
            target=_worker,
            args=(mode, partitions, base + n * 10_000_000, start),
            kwargs={"seconds": seconds, "out": out},
        )
        for n in range(clients)
    ]
    for worker in workers:
        worker.start()
    stop, seen = threading.Event(), list[int]()
    sampler = threading.Thread(target=_sample_head_waits, args=(url, stop, seen))
    sampler.start()
    start.wait()
    began = time.perf_counter()
    total = sum(out.get() for _ in workers)
    wall = time.perf_counter() - began
    stop.set()
    sampler.join()
    for worker in workers:
        worker.join()
    return {
        "mode": mode,
        "partitions": partitions if mode == "sealed" else None,
        "connections": clients,
        "commits": total,
        "seconds": round(wall, 2),
        "per_second": round(total / wall, 1),
        "waiting_on_a_head": round(sum(seen) / max(1, len(seen)), 2),  # connections, mean
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2, help="rounds; the best of each point")
    parser.add_argument("--connections", type=int, nargs="+", default=list(CONNECTIONS))
    options = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("DATABASE_URL=postgres://… is required: the ceiling is PostgreSQL's")
    _ensure_database(url)
    django.setup()
    _prepare()
    from django.db import connection

    from motcua.audit.models import AuditEvent

    before = AuditEvent.objects.count()
    connection.close()  # the workers are forked: none of them shares this connection
    # new object ids at every run, every load point and every worker (none reused: an object's
    # events stay in the partition of its first one)
    base = int(time.time()) % 1_000_000 * 10**12
    best: dict[tuple[str, int, int], dict[str, Any]] = {}
    run = 0
    for _ in range(options.repeat):
        for clients in options.connections:
            for mode, partitions in (("bare", 1), ("sealed", 1), ("sealed", options.partitions)):
                run += 1
                first = base + run * 10**9
                point = _load_point(
                    mode, partitions, clients, seconds=options.seconds, base=first, url=url
                )
                print(json.dumps(point))
                key = (mode, partitions, clients)
                if key not in best or point["per_second"] > best[key]["per_second"]:
                    best[key] = point
    rows = list(best.values())
    connection.close()
    for clients in options.connections:
        bare, one, many = (row for row in rows if row["connections"] == clients)
        print(
            f"{clients:>2} connections: bare {bare['per_second']:>7}/s, sealed 1 partition "
            f"{one['per_second']:>7}/s ({one['per_second'] / bare['per_second']:.0%}), sealed "
            f"{options.partitions} partitions {many['per_second']:>7}/s "
            f"({many['per_second'] / bare['per_second']:.0%}); waiting on a head: "
            f"{one['waiting_on_a_head']} vs {many['waiting_on_a_head']} connections"
        )
    result = {
        "benchmark": "audit_ceiling",
        "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "postgres": _server_version(),
        "seconds_per_point": options.seconds,
        "rounds": options.repeat,
        "events_before": before,
        "points": rows,
    }
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"→ {RESULTS}")


def _server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = str(cursor.fetchone()[0])
    connection.close()
    return version


if __name__ == "__main__":
    main()
