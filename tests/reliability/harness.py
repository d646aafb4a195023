"""Shared pieces of the multi-process and crash tests: application processes (gunicorn, each in
its own process group), staff sessions without a login round trip, clients that retry with
their Idempotency-Key, and the invariants every run checks. The throw-away PostgreSQL cluster
of the database crash test is tests/reliability/pgcluster.py."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.audit.chain import verify
from motcua.audit.models import AuditEvent
from motcua.dossiers.issued import render_missing
from motcua.dossiers.models import DailySequence, Dossier, IssuedDocument
from motcua.units.models import Unit

ROOT = Path(__file__).resolve().parents[2]
LONG = os.environ.get("MOTCUA_LONG_RELIABILITY") == "1"
UNIT = "30406-2025"  # thị trấn Phú Tân's successor commune, active on the real clock
INTAKE_BODY: dict[str, Any] = {
    "procedure_code": "1.000894",
    "applicant": {"name": "Trần Văn Bền", "id_number": "089190000123", "birth_date": "1990-03-02"},
}
ONE_CALL_BODY: dict[str, Any] = {**INTAKE_BODY, "accept": True}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url(db: Mapping[str, Any] | None = None) -> str:
    """DATABASE_URL of a Django database settings dict (the test database by default)."""
    db = db or connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def server_env(url: str, **extra: str) -> dict[str, str]:
    """The environment of an application process: same SECRET_KEY as the test process (so that
    forged sessions and the payment sandbox's signatures are valid there) and the same audit key
    (so that the chain it seals verifies here)."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": settings.SECRET_KEY,
        "MOTCUA_AUDIT_KEY": settings.MOTCUA_AUDIT_KEY,  # the chain the test verifies
        "PYTHONPATH": str(ROOT / "src"),
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


class Gunicorn:
    """One application process (master + workers) in its own process group."""

    def __init__(
        self, env: Mapping[str, str], *, workers: int = 2, threads: int = 1, log: Path | None = None
    ) -> None:
        self.port = free_port()
        self.log = log
        self.env = dict(env)
        self.workers, self.threads = workers, threads
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: bool = True) -> Gunicorn:
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        errors = self.log.open("ab") if self.log else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            [gunicorn, "motcua.wsgi:application", "-b", f"127.0.0.1:{self.port}",
             "-w", str(self.workers), "--threads", str(self.threads), "--log-level", "error"],
            env=self.env, cwd=ROOT, start_new_session=True, stderr=errors,
        )  # fmt: skip
        if not isinstance(errors, int):
            errors.close()
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                requests.get(f"{self.base}/", timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def kill(self) -> None:
        """kill -9 of the master and every worker at once."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.kill()


def staff_session(username: str, role: Role, unit_code: str = UNIT) -> dict[str, str]:
    """Headers of a signed-in staff member (a session row, as the password login would write)."""
    user: User = create_or_update_staff(
        username=username, full_name="Cán bộ", role=role, unit=Unit.objects.get(code=unit_code)
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = next(  # the password backend staff log in with
        b for b in settings.AUTHENTICATION_BACKENDS if b.endswith("ModelBackend")
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(dt.datetime(2035, 1, 1, tzinfo=dt.UTC))
    session.create()
    csrf = uuid.uuid4().hex
    return {"Cookie": f"sessionid={session.session_key}; csrftoken={csrf}", "X-CSRFToken": csrf}


class RetryingClient:
    """A client that retries until the server answers below 500 (it may be down), counting what
    it went through. The same request (same Idempotency-Key) is sent again each time."""

    def __init__(self, base: str, headers: Mapping[str, str]) -> None:
        self.base = base
        self.headers = dict(headers)
        self.stats: dict[str, int] = defaultdict(int)
        self.lock = threading.Lock()
        self.give_up_after = 90.0
        self.phase = ""  # the test may name what the server is going through: counts by phase

    def call(self, method: str, path: str, *, key: str = "", **kwargs: Any) -> requests.Response:
        headers = {**self.headers, **({"Idempotency-Key": key} if key else {})}
        deadline = time.monotonic() + self.give_up_after
        attempts = 0
        while time.monotonic() < deadline:
            attempts += 1
            try:
                got = requests.request(
                    method, f"{self.base}{path}", headers=headers, timeout=20, **kwargs
                )
                if got.status_code < 500:
                    if attempts > 1:
                        self.count(f"{'creates' if key else 'other requests'} sent again")
                    return got
                self.count(f"5xx{self.phase}")
            except requests.RequestException:
                self.count(f"retries{self.phase}")
            time.sleep(min(0.05 * attempts, 0.3))  # back off while the server is down
        raise AssertionError(f"{method} {path}: no answer below 500 for {self.give_up_after} s")

    def count(self, what: str) -> None:
        with self.lock:
            self.stats[what] += 1


class IntakeRun:
    """Clients doing create (Idempotency-Key) + accept in a loop until stopped, or (half the
    time) the same intake in one call; an accept answered 409 after a crash (done before it,
    answer lost) is read back with GET."""

    def __init__(self, client: RetryingClient, clients: int, marker: str) -> None:
        self.client, self.marker = client, marker
        self.acknowledged: dict[str, tuple[int, str | None]] = {}  # key → (id, code or None)
        self.failures: list[str] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._client, daemon=True) for _ in range(clients)]

    def start(self) -> IntakeRun:
        for thread in self.threads:
            thread.start()
        return self

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(120)
        assert not self.failures, self.failures

    def _client(self) -> None:
        try:
            while not self.stop.is_set():
                self._one()
        except AssertionError as exc:
            self.failures.append(str(exc))

    def _one(self) -> None:
        key = f"{self.marker}-{uuid.uuid4().hex}"
        if random.random() < 0.5:  # half in one call: both acts or neither
            self._one_call(key)
            return
        created = self.client.call("POST", "/api/v1/dossiers/", key=key, json=INTAKE_BODY)
        assert created.status_code == 201, created.text
        dossier = created.json()["id"]
        with self.lock:
            self.acknowledged[key] = (dossier, None)
        accepted = self.client.call("POST", f"/api/v1/dossiers/{dossier}/accept")
        if accepted.status_code == 409:
            self.client.count("accepts done before a crash (409, read back)")
            accepted = self.client.call("GET", f"/api/v1/dossiers/{dossier}")
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["code"], accepted.text
        with self.lock:
            self.acknowledged[key] = (dossier, accepted.json()["code"])

    def _one_call(self, key: str) -> None:
        """Receive and accept in one call (`"accept": true`): a retry after a kill finds either
        nothing (made again) or the dossier accepted, never only received."""
        done = self.client.call("POST", "/api/v1/dossiers/", key=key, json=ONE_CALL_BODY)
        assert done.status_code == 201, done.text
        assert done.json()["status"] == "accepted", done.text
        assert done.json()["code"], done.text
        self.client.count("intakes in one call")
        with self.lock:
            self.acknowledged[key] = (done.json()["id"], done.json()["code"])

    @property
    def accepted(self) -> int:
        return sum(code is not None for _, code in self.acknowledged.values())


def check_codes_gapless() -> int:
    """Every unit/day's codes are 1..n, unique, and `DailySequence` stands at n. Returns n total."""
    numbers: dict[str, list[int]] = defaultdict(list)
    for code in Dossier.objects.exclude(code=None).values_list("code", flat=True):
        assert code is not None
        prefix, number = code.rsplit("-", 1)
        numbers[prefix].append(int(number))
    for prefix, found in numbers.items():
        assert sorted(found) == list(range(1, len(found) + 1)), prefix
        agency, day = prefix.rsplit("-", 1)
        sequence = DailySequence.objects.get(
            agency_code=agency, day=dt.datetime.strptime(day, "%y%m%d").date()
        )
        assert sequence.last == len(found), prefix
    return sum(len(found) for found in numbers.values())


def check_chain() -> int:
    verdict = verify()
    assert verdict.first_broken is None, verdict
    from motcua.dossiers.log_check import disagreements

    wrong = list(disagreements())
    assert wrong == [], wrong[:5]
    return verdict.checked


def check_intake(acknowledged: Mapping[str, tuple[int, str | None]], marker: str) -> int:
    """Every acknowledged dossier is there with its id and code, one dossier per key, no partial
    act (state and audit event together), each accepted dossier has its receipt row and the
    repair job renders the receipts a kill left without a file, codes gapless, the audit chain
    verifies. Returns how many receipts the repair job rendered."""
    mine = Dossier.objects.filter(idempotency_key__contains=f":{marker}-")
    by_key: dict[str, Dossier] = {}
    for d in mine:
        assert d.idempotency_key is not None
        by_key[d.idempotency_key.split(":", 1)[1]] = d
    assert len(by_key) == mine.count()  # one dossier per key: retries made no duplicate
    for key, (dossier_id, code) in acknowledged.items():
        assert key in by_key, f"acknowledged dossier {dossier_id} ({key}) lost"
        assert by_key[key].pk == dossier_id
        if code is not None:
            assert by_key[key].code == code
    check_codes_gapless()
    actions: dict[str, set[str]] = defaultdict(set)
    for object_id, action in AuditEvent.objects.filter(object_type="dossier").values_list(
        "object_id", "action"
    ):
        actions[object_id].add(action)
    for dossier in mine:  # no partial act: the state and its audit event went together
        assert "receive" in actions[str(dossier.pk)], dossier.pk
        assert ("accept" in actions[str(dossier.pk)]) == (dossier.code is not None), dossier.pk
        # the receipt is recorded by the act itself, even when a kill came before its render
        receipts = dossier.documents.filter(form_key__endswith="/01")
        assert receipts.count() == (1 if dossier.code else 0), dossier.pk
    unrendered = IssuedDocument.objects.filter(dossier__in=mine, file="").count()
    assert render_missing(older_than=None) == {"rendered": unrendered, "failed": 0}
    for document in IssuedDocument.objects.filter(dossier__in=mine):
        with document.file.open("rb") as stored:
            assert hashlib.sha256(stored.read()).hexdigest() == document.sha256
    check_chain()
    return unrendered
