"""HTTP benchmarks against gunicorn (sync workers, or gthread with BENCH_THREADS=N; 127.0.0.1):

- intake: POST /api/v1/dossiers/ (Idempotency-Key) then POST …/accept — one scenario = both
  requests; and the same intake in one call ("accept": true, as the counter form does); 10 and
  50 concurrent clients back to back, and 50 desks at a pace (Poisson arrivals, PACES);
- look-up: POST /tra-cuu/ (code + last four digits) at 200 concurrent connections, every
  request from its own 127.x.y.z address (the page limits attempts per address);
- baselines, same run, same gunicorn settings: bench/floor_app.py (the framework floor: one
  authenticated JSON insert through the same Django and middleware) and bench/minimal_app.py
  (bare WSGI: one-row insert, one-row select by code).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from bench import loadgen

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


THREADS = int(os.environ.get("BENCH_THREADS", "1"))  # > 1: gthread workers (motcua and baseline)


def start(app: str, env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    kind = ["-k", "gthread", "--threads", str(THREADS)] if THREADS > 1 else ["-k", "sync"]
    proc = subprocess.Popen(
        [
            GUNICORN,
            app,
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            *kind,
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.1)
    stop(proc)
    raise RuntimeError(f"gunicorn {app} did not start")


def stop(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


BODY = {
    "applicant": {
        "name": "Nguyễn Thị Ngọc Ánh",
        "id_number": "089190000123",
        "birth_date": "1990-03-02",
        "phone": "0912345678",
        "address": "Khóm Trung 3, xã Thử tải",
    },
    "components": [{"name": "Tờ khai", "digitised": True}],
}


def signed_in(env: dict[str, str]) -> dict[str, Any]:
    """A receiving officer's session, a procedure and look-up samples (bench/http_setup.py)."""
    setup = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "http_setup.py")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(setup.stdout))


def _load_points(
    results: dict[str, Any], name: str, scenario: loadgen.Scenario, seconds: float
) -> None:
    """`scenario` at 10 and 50 concurrent clients: results[f"{name}_{clients}"]."""
    for clients in (10, 50):
        results[f"{name}_{clients}"] = asyncio.run(
            loadgen.run(scenario, clients, seconds)
        ).summary()


PACES = (5.0, 2.0)  # seconds between one desk's intakes on average: 50 desks at 10/s and 25/s


def _paced_points(
    results: dict[str, Any], name: str, scenario: loadgen.Scenario, seconds: float
) -> None:
    """`scenario` from 50 desks each starting one every `pace` seconds on average (Poisson
    arrivals): results[f"{name}_50_every_{pace}s"], the latency at that offered rate."""
    for pace in PACES:
        results[f"{name}_50_every_{pace:g}s"] = asyncio.run(
            loadgen.run(scenario, 50, max(seconds, 30.0), pace=pace)
        ).summary()


def _note(results: dict[str, Any], text: str) -> None:
    seen = results.setdefault("failures", {})
    seen[text] = seen.get(text, 0) + 1


def motcua_runs(
    env: dict[str, str],
    seconds: float,
    workers: int,
    *,
    lookup_only: bool = False,
    intake_only: bool = False,
) -> dict[str, Any]:
    info = signed_in(env)
    cookie = f"sessionid={info['session']}; csrftoken={info['csrf']}"
    body = json.dumps({**BODY, "procedure_code": info["procedure"]}).encode()
    run_id = uuid.uuid4().hex[:8]
    proc, port = start("motcua.wsgi:application", env, workers)
    results: dict[str, Any] = {}

    def create_headers() -> dict[str, str]:
        """The signed-in officer's JSON request with a fresh Idempotency-Key."""
        return {
            "Cookie": cookie,
            "X-CSRFToken": info["csrf"],
            "Content-Type": "application/json",
            "Idempotency-Key": f"bench-{run_id}-{uuid.uuid4().hex}",
        }

    async def intake(i: int) -> bool:
        headers = create_headers()
        created = await loadgen.request(
            port, "POST", "/api/v1/dossiers/", body=body, headers=headers
        )
        if created.status != 201:
            _note(
                results, f"create {created.status}: {created.body[:160].decode(errors='replace')}"
            )
            return False
        dossier = created.json()["id"]
        del headers["Idempotency-Key"]
        accepted = await loadgen.request(
            port, "POST", f"/api/v1/dossiers/{dossier}/accept", headers=headers
        )
        if accepted.status != 200:
            _note(
                results, f"accept {accepted.status}: {accepted.body[:160].decode(errors='replace')}"
            )
        return accepted.status == 200

    one_call = json.dumps({**BODY, "procedure_code": info["procedure"], "accept": True}).encode()

    async def intake_one(i: int) -> bool:
        """The same intake in one request ("accept": true), as the counter form does it."""
        done = await loadgen.request(
            port, "POST", "/api/v1/dossiers/", body=one_call, headers=create_headers()
        )
        if done.status != 201 or done.json()["status"] != "accepted":
            _note(results, f"one call {done.status}: {done.body[:160].decode(errors='replace')}")
            return False
        return True

    lookups = info["lookups"]

    async def lookup(i: int) -> bool:
        code, last4 = lookups[i % len(lookups)]
        form = f"ma={code}&so={last4}&csrfmiddlewaretoken={info['csrf']}".encode()
        got = await loadgen.request(
            port,
            "POST",
            "/tra-cuu/",
            body=form,
            spread_sources=True,
            headers={
                "Cookie": f"csrftoken={info['csrf']}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        return got.status == 200 and "Không tìm thấy".encode() not in got.body

    try:
        if not lookup_only:  # warm-up (not counted): imports on 1st request
            asyncio.run(loadgen.run(intake, 4, 1.0))
        if not lookup_only:
            _load_points(results, "intake", intake, seconds)
            _load_points(results, "intake_one", intake_one, seconds)
            _paced_points(results, "intake_one", intake_one, seconds)
        if not intake_only:
            asyncio.run(loadgen.run(lookup, 4, 1.0))
            results["lookup_200"] = asyncio.run(loadgen.run(lookup, 200, seconds)).summary()
    finally:
        stop(proc)
    return results


def floor_runs(env: dict[str, str], seconds: float, workers: int) -> dict[str, Any]:
    """The framework floor (bench/floor_app.py): one authenticated JSON insert through the same
    Django, middleware and gunicorn, signed in and sending the same body as the intake; alone
    (`insert_N`) and two per scenario (`pair_N`, the shape of create + accept)."""
    floor_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.floor_settings"}
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "floor_app.py")], env=floor_env, check=True
    )
    info = signed_in(env)
    headers = {
        "Cookie": f"sessionid={info['session']}; csrftoken={info['csrf']}",
        "X-CSRFToken": info["csrf"],
        "Content-Type": "application/json",
    }
    body = json.dumps({**BODY, "procedure_code": info["procedure"]}).encode()
    proc, port = start("bench.floor_app:application", floor_env, workers)

    async def insert(i: int) -> bool:
        got = await loadgen.request(port, "POST", "/floor", body=body, headers=headers)
        return got.status == 201

    async def pair(i: int) -> bool:  # two requests per scenario, as create + accept
        return await insert(i) and await insert(i)

    results: dict[str, Any] = {}
    try:
        asyncio.run(loadgen.run(insert, 4, 1.0))  # warm-up, as for motcua
        _load_points(results, "insert", insert, seconds)
        _load_points(results, "pair", pair, seconds)
    finally:
        stop(proc)
    return results


def minimal_runs(
    target: str,
    seconds: float,
    workers: int,
    *,
    select_only: bool = False,
    insert_only: bool = False,
) -> dict[str, Any]:
    env = {**os.environ, "BENCH_DB": target, "PYTHONPATH": str(ROOT)}
    made = subprocess.run(
        [sys.executable, "-c", "import json, bench.minimal_app as m; print(json.dumps(m.setup()))"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    codes = json.loads(made.stdout)
    proc, port = start("bench.minimal_app:application", env, workers)
    body = json.dumps({**BODY, "procedure_code": "2.000815"}).encode()

    async def insert(i: int) -> bool:
        got = await loadgen.request(
            port, "POST", "/dossiers", body=body, headers={"Content-Type": "application/json"}
        )
        return got.status == 201

    async def select(i: int) -> bool:
        got = await loadgen.request(
            port, "GET", f"/dossiers?code={codes[i % len(codes)]}", spread_sources=True
        )
        return got.status == 200

    results: dict[str, Any] = {}
    try:
        if not select_only:
            asyncio.run(loadgen.run(insert, 4, 1.0))  # warm-up, as for motcua
        if not select_only:
            _load_points(results, "insert", insert, seconds)
        if not insert_only:
            asyncio.run(loadgen.run(select, 4, 1.0))
            results["select_200"] = asyncio.run(loadgen.run(select, 200, seconds)).summary()
    finally:
        stop(proc)
    return results
