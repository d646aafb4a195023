"""Where a counter intake's time goes, through the whole stack in process: create + accept by
the API with Django's test client (every middleware, the session, the same body as
bench/bench_http.py), on a generated benchmark database. Prints, per intake: wall time, this
process's CPU, the PostgreSQL backend's CPU (from /proc, on PostgreSQL), the time spent in the
database calls and the statement count; then the statements by kind, slowest first.

    MOTCUA_DATA_DIR=/tmp/motcua-bench/pg MOTCUA_TASK_QUEUE=postgres DATABASE_URL=postgres://… \\
        PYTHONPATH=src:. python bench/profile_intake_http.py [N] [--statements]
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.bench_http import BODY  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def backend_cpu() -> float:
    """Seconds of CPU the PostgreSQL backend of this connection has used (0 on SQLite)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(rounds: int, show: bool, one_call: bool) -> None:
    setup = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "http_setup.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    info = json.loads(setup.stdout)
    body = json.dumps({**BODY, "procedure_code": info["procedure"], "accept": one_call})
    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"], client.cookies["csrftoken"] = info["session"], info["csrf"]
    by_kind: dict[str, list[float]] = collections.defaultdict(lambda: [0, 0.0])

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            kind = " ".join(sql.split()[:4])[:70] + (" [many]" if many else "")
            by_kind[kind][0] += 1
            by_kind[kind][1] += time.perf_counter() - started

    def intake() -> None:
        created = client.post(
            "/api/v1/dossiers/",
            body,
            content_type="application/json",
            HTTP_X_CSRFTOKEN=info["csrf"],
            HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
        )
        assert created.status_code == 201, created.content
        if one_call:
            assert created.json()["status"] == "accepted", created.content
            return
        accepted = client.post(
            f"/api/v1/dossiers/{created.json()['id']}/accept", HTTP_X_CSRFTOKEN=info["csrf"]
        )
        assert accepted.status_code == 200, accepted.content

    for _ in range(5):  # warm-up: imports, caches, the connection
        intake()
    backend = backend_cpu()
    with connection.execute_wrapper(timed):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(rounds):
            intake()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    backend = backend_cpu() - backend
    in_db = sum(seconds for _, seconds in by_kind.values())
    statements = sum(count for count, _ in by_kind.values())
    print(
        f"per intake: wall {1000 * wall / rounds:.1f} ms, CPU {1000 * cpu / rounds:.1f} ms, "
        f"database backend CPU {1000 * backend / rounds:.1f} ms, in database calls "
        f"{1000 * in_db / rounds:.1f} ms, {statements / rounds:.1f} statements"
    )
    if show:
        for kind, (count, seconds) in sorted(by_kind.items(), key=lambda kv: -kv[1][1]):
            print(f"{1000 * seconds / rounds:7.2f} ms {count / rounds:5.1f}×  {kind}")


if __name__ == "__main__":
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    main(int(numbers[0]) if numbers else 60, "--statements" in sys.argv, "--one-call" in sys.argv)
