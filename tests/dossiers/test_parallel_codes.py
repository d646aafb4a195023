"""Several processes accept dossiers at the same moment: codes stay gapless and unique."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

WORKERS, EACH = 4, 12
ROOT = Path(__file__).resolve().parents[2]


def _run(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh database of the same kind as the suite's: a file for SQLite, a new PostgreSQL DB."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'parallel.sqlite3'}"
        return
    name = f"motcua_parallel_{os.getpid()}"
    params = {
        "host": db["HOST"],
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"],
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    yield f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    with psycopg.connect(**params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _events(verdict: str) -> int:
    """ "Nhật ký toàn vẹn: 178 sự kiện." → 178 (the chain verifies, and its length)."""
    found = re.search(r"Nhật ký toàn vẹn: (\d+) sự kiện", verdict)
    assert found, verdict
    return int(found.group(1))


def test_parallel_acceptance_gives_gapless_unique_codes(database_url: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MOTCUA_DATA_DIR": str(tmp_path),
        "MOTCUA_TASK_QUEUE": "immediate",
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    _run(env, "-m", "motcua.cli", "migrate", "-v", "0")
    _run(env, "-m", "motcua.cli", "demo")
    after_demo = _events(_run(env, "-m", "motcua.cli", "audit", "verify"))
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.dossiers.parallel_worker", str(EACH)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WORKERS)
    ]
    outputs = [worker.communicate(timeout=300) for worker in workers]  # closes every pipe
    for worker, (_, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err[-3000:]
    codes = [code for out, _ in outputs for code in out.split()]
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, WORKERS * EACH + 1))
    assert {code.rsplit("-", 1)[0] for code in codes} == {"000.01.10.H01-240604"}
    verdict = _run(env, "-m", "motcua.cli", "audit", "verify")
    assert _events(verdict) == after_demo + WORKERS * EACH * 2  # receive + accept each
