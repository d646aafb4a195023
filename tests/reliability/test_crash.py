"""Crash harness: concurrent counter intake against gunicorn + PostgreSQL, kill -9 of the whole
server (master and workers) at random moments, restart, clients retry with the same
Idempotency-Key. Then: every acknowledged dossier is there, no partial act, codes unique and
gapless, the audit chain verifies, and no retry made a duplicate.

Short: 3 kills, 3 clients (≈ 10 s). MOTCUA_LONG_RELIABILITY=1: 25 kills, 6 clients.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.audit.chain import verify
from motcua.audit.models import AuditEvent
from motcua.dossiers.issued import render_missing
from motcua.dossiers.models import DailySequence, Dossier, IssuedDocument
from motcua.units.models import Unit

LONG = os.environ.get("MOTCUA_LONG_RELIABILITY") == "1"
ROOT = Path(__file__).resolve().parents[2]
BODY = {
    "procedure_code": "1.000894",
    "applicant": {"name": "Trần Văn Bền", "id_number": "089190000123", "birth_date": "1990-03-02"},
}


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self) -> None:
        self.port = _free_port()
        db = settings.DATABASES["default"]
        user = f"{db['USER']}@" if db.get("USER") else ""
        port = f":{db['PORT']}" if db.get("PORT") else ""
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{user}{db.get('HOST') or ''}{port}/{db['NAME']}",
            "SECRET_KEY": settings.SECRET_KEY,
            "PYTHONPATH": str(ROOT / "src"),
        }
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.proc = subprocess.Popen(
            [
                gunicorn,
                "motcua.wsgi:application",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                "2",
                "--log-level",
                "error",
            ],
            env=self.env,
            start_new_session=True,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                requests.get(f"http://127.0.0.1:{self.port}/", timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def kill(self) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


def _session() -> tuple[str, str]:
    user = create_or_update_staff(
        username="crash-clerk",
        full_name="Cán bộ",
        role=Role.RECEIVING_OFFICER,
        unit=Unit.objects.get(code="AG-PHUTAN"),
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = next(  # the password backend staff log in with
        b for b in settings.AUTHENTICATION_BACKENDS if b.endswith("ModelBackend")
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(dt.datetime(2035, 1, 1, tzinfo=dt.UTC))
    session.create()
    return session.session_key or "", uuid.uuid4().hex


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference")
def test_kill_9_during_intake_loses_nothing() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the crash harness runs against PostgreSQL (DATABASE_URL=postgres://…)")
    session, csrf = _session()
    server = Server()
    server.start()
    headers = {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf}
    acknowledged: dict[str, Any] = {}  # key → (dossier id, code or None)
    lock, stop = threading.Lock(), threading.Event()
    stats: dict[str, int] = defaultdict(int)

    def call(method: str, path: str, **kwargs: Any) -> requests.Response:
        sent = kwargs.pop("h", headers)
        while True:  # a client retries until the server answers (it may be down)
            try:
                url = f"http://127.0.0.1:{server.port}{path}"
                got = requests.request(method, url, headers=sent, timeout=10, **kwargs)
                if got.status_code < 500:
                    return got
                stats["5xx"] += 1
            except requests.RequestException:
                stats["retries"] += 1
            time.sleep(0.05)

    failures: list[str] = []

    def client() -> None:
        try:
            intake_loop()
        except AssertionError as exc:
            failures.append(str(exc))

    def intake_loop() -> None:
        while not stop.is_set():
            key = f"crash-{uuid.uuid4().hex}"
            created = call(
                "POST", "/api/v1/dossiers/", json=BODY, h={**headers, "Idempotency-Key": key}
            )
            assert created.status_code == 201, created.text
            dossier = created.json()["id"]
            with lock:
                acknowledged[key] = (dossier, None)
            accepted = call("POST", f"/api/v1/dossiers/{dossier}/accept")
            if accepted.status_code == 409:  # accepted before the crash, answer lost: read it
                accepted = call("GET", f"/api/v1/dossiers/{dossier}")
            assert accepted.status_code == 200, accepted.text
            with lock:
                acknowledged[key] = (dossier, accepted.json()["code"])

    threads = [threading.Thread(target=client) for _ in range(6 if LONG else 3)]
    for thread in threads:
        thread.start()
    rng = random.Random(8)
    for _ in range(25 if LONG else 3):
        time.sleep(rng.uniform(0.8, 2.0))
        server.kill()
        stats["kills"] += 1
        server.start()
    time.sleep(1.0)
    stop.set()
    for thread in threads:
        thread.join(60)
    server.kill()

    assert not failures, failures
    assert len(acknowledged) > 5, stats
    mine = Dossier.objects.filter(idempotency_key__contains=":crash-")
    by_key: dict[str, Dossier] = {}
    for d in mine:
        assert d.idempotency_key is not None
        by_key[d.idempotency_key.split(":", 1)[1]] = d
    assert len(by_key) == mine.count()  # one dossier per key: retries made no duplicate
    for key, (dossier_id, code) in acknowledged.items():
        assert by_key[key].pk == dossier_id
        if code is not None:
            assert by_key[key].code == code
    numbers: dict[str, list[int]] = defaultdict(list)
    for code in mine.exclude(code=None).values_list("code", flat=True):
        assert code is not None
        prefix, number = code.rsplit("-", 1)
        numbers[prefix].append(int(number))
    for prefix, found in numbers.items():
        assert sorted(found) == list(range(1, len(found) + 1)), prefix
        agency, day = prefix.rsplit("-", 1)
        sequence = DailySequence.objects.get(
            agency_code=agency, day=dt.datetime.strptime(day, "%y%m%d").date()
        )
        assert sequence.last == len(found)
    for dossier in mine:  # no partial act: the state and its audit event went together
        actions = set(
            AuditEvent.objects.filter(object_type="dossier", object_id=str(dossier.pk)).values_list(
                "action", flat=True
            )
        )
        assert "receive" in actions
        assert ("accept" in actions) == (dossier.code is not None)
        # The receipt is recorded by the act itself, even when a kill came before its render.
        receipts = dossier.documents.filter(form_key__endswith="/01")
        assert receipts.count() == (1 if dossier.code else 0)
    unrendered = IssuedDocument.objects.filter(dossier__in=mine, file="").count()
    repaired = render_missing(older_than=None)  # what the periodic job does
    assert repaired == {"rendered": unrendered, "failed": 0}
    for document in IssuedDocument.objects.filter(dossier__in=mine):
        with document.file.open("rb") as stored:
            assert hashlib.sha256(stored.read()).hexdigest() == document.sha256
    stats["receipts rendered by the repair job"] = unrendered
    verdict = verify()
    assert verdict.first_broken is None, verdict
    accepted = sum(code is not None for _, code in acknowledged.values())
    sys.stderr.write(
        f"crash harness: {dict(stats)}; acknowledged {len(acknowledged)} created, "
        f"{accepted} accepted\n"
    )
