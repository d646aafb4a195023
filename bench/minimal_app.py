"""Baseline: the smallest WSGI app that does what an intake or a look-up must at least do.

POST /dossiers: parse a JSON body, insert one row (code + JSON payload) and commit, answer 201.
GET /dossiers?code=…: select one row by its unique code, answer 200 with it as JSON.
One persistent database connection per worker. BENCH_DB is an SQLite path (WAL, synchronous
FULL as motcua) or a postgres:// URL. Served by the same gunicorn as motcua.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

TARGET = os.environ.get("BENCH_DB", "/tmp/bench-minimal.sqlite3")
_conn: Any = None


def _connection() -> Any:
    global _conn  # noqa: PLW0603
    if _conn is None:
        if TARGET.startswith("postgres"):
            import psycopg

            _conn = psycopg.connect(TARGET)
        else:
            _conn = sqlite3.connect(TARGET, isolation_level=None, timeout=20)
            _conn.execute("PRAGMA journal_mode=WAL")
            _conn.execute("PRAGMA synchronous=FULL")
    return _conn


def setup(rows: int = 20000) -> list[str]:
    conn = _connection()
    serial = "BIGSERIAL" if TARGET.startswith("postgres") else "INTEGER"
    conn.execute("DROP TABLE IF EXISTS bench_minimal")
    conn.execute(
        f"CREATE TABLE bench_minimal (id {serial} PRIMARY KEY, code TEXT UNIQUE, payload TEXT)"
    )
    codes = [uuid.uuid4().hex for _ in range(rows)]
    with_params = "%s" if TARGET.startswith("postgres") else "?"
    cur = conn.cursor()
    cur.executemany(
        f"INSERT INTO bench_minimal (code, payload) VALUES ({with_params}, {with_params})",
        [(c, json.dumps({"code": c})) for c in codes],
    )
    conn.commit() if TARGET.startswith("postgres") else None
    return codes


def application(environ: dict[str, Any], start: Callable[..., Any]) -> Iterable[bytes]:
    conn = _connection()
    mark = "%s" if TARGET.startswith("postgres") else "?"
    if environ["REQUEST_METHOD"] == "POST":
        size = int(environ.get("CONTENT_LENGTH") or 0)
        payload = json.loads(environ["wsgi.input"].read(size) or b"{}")
        code = uuid.uuid4().hex
        if TARGET.startswith("postgres"):
            with conn.transaction():
                conn.execute(
                    f"INSERT INTO bench_minimal (code, payload) VALUES ({mark}, {mark})",
                    (code, json.dumps(payload, ensure_ascii=False)),
                )
        else:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(
                f"INSERT INTO bench_minimal (code, payload) VALUES ({mark}, {mark})",
                (code, json.dumps(payload, ensure_ascii=False)),
            )
            conn.execute("COMMIT")
        body = json.dumps({"code": code}).encode()
        start("201 Created", [("Content-Type", "application/json")])
        return [body]
    code = parse_qs(environ.get("QUERY_STRING", "")).get("code", [""])[0]
    row = conn.execute(f"SELECT id, code, payload FROM bench_minimal WHERE code = {mark}", (code,))
    found = row.fetchone()
    if TARGET.startswith("postgres"):
        conn.commit()
    if found is None:
        start("404 Not Found", [("Content-Type", "application/json")])
        return [b"{}"]
    start("200 OK", [("Content-Type", "application/json")])
    return [json.dumps({"id": found[0], "code": found[1]}).encode()]
