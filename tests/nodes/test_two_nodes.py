"""motcua as it runs in a province: two application processes (gunicorn) and one job worker
(`motcua run_huey`, PostgreSQL task queue) against one PostgreSQL database, with the national
portal simulated on loopback. Counter intake through both nodes, a client retrying on the
other node with its Idempotency-Key, then: every dossier once, codes gapless, the applicants'
messages sent by the worker, every portal message delivered once and in order, the audit chain
intact. PostgreSQL only (SQLite is one host by design)."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from motcua.accounts.demo import DEMO_PASSWORD, create_demo_staff
from motcua.audit.chain import verify
from motcua.catalog.services import load_catalog
from motcua.dossiers.models import Dossier
from motcua.notifications.models import Notification
from motcua.portal.models import OutboxMessage
from motcua.portal.simulator import PortalSimulator
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
DOSSIERS_PER_NODE = 6


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Node:
    """A browser-less staff client of one application process (session cookie + CSRF)."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _csrf(self) -> str:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        assert token is not None
        return token

    def login(self, username: str) -> None:
        self.opener.open(f"{self.base}/dang-nhap/", timeout=20).read()
        form = urllib.parse.urlencode(
            {"username": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": self._csrf()}
        ).encode()
        request = urllib.request.Request(
            f"{self.base}/dang-nhap/", data=form, headers={"Referer": f"{self.base}/dang-nhap/"}
        )
        self.opener.open(request, timeout=20).read()

    def post(self, path: str, body: dict[str, Any] | None = None, key: str = "") -> Any:
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": self._csrf(),
            "Referer": self.base,
        }
        if key:
            headers["Idempotency-Key"] = key
        request = urllib.request.Request(
            f"{self.base}{path}", data=json.dumps(body or {}).encode(), headers=headers
        )
        with self.opener.open(request, timeout=30) as response:
            return json.loads(response.read())


def _wait_http(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"node on port {port} did not start")


@pytest.fixture
def province(tmp_path: Path) -> Iterator[tuple[list[int], PortalSimulator]]:
    if connection.vendor != "postgresql":
        pytest.skip("several hosts share one PostgreSQL database; SQLite is one host by design")
    load_reference_units()
    load_catalog(catalog())
    create_demo_staff()
    simulator = PortalSimulator().start()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "MOTCUA_TASK_QUEUE": "postgres",
        "MOTCUA_DATA_DIR": str(tmp_path),
        "MOTCUA_AUDIT_KEY": settings.MOTCUA_AUDIT_KEY,  # one key for every node (and the test)
        "MOTCUA_PORTAL_URL": simulator.url,
        "MOTCUA_EMAIL": "file",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    # what `motcua migrate` does at deployment: the first start with the PostgreSQL queue creates
    # its table (several processes creating it at once would race in PostgreSQL's catalogue)
    subprocess.run([sys.executable, "-m", "motcua.cli", "check"], env=env, cwd=ROOT, check=True)
    ports = [_free_port(), _free_port()]
    logs = [(tmp_path / f"node{i}.log").open("w") for i in range(3)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "motcua.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )
        for port, log in zip(ports, logs, strict=False)
    ]  # fmt: skip
    processes.append(
        subprocess.Popen(
            [sys.executable, "-m", "motcua.cli", "run_huey", "--workers", "2",
             "--worker-type", "thread"],
            env=env, cwd=ROOT, stdout=logs[2], stderr=subprocess.STDOUT,
        )
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        for port in ports:
            _wait_http(port, deadline)
        yield ports, simulator
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        simulator.stop()
        for log in logs:
            log.close()


BODY: dict[str, Any] = {
    "procedure_code": "1.000894",
    "applicant": {
        "name": "Trần Thị Mai",
        "id_number": "089195000321",
        "phone": "0912345678",
        "email": "mai@example.vn",
    },
    "components": [{"name": "Tờ khai đăng ký kết hôn", "digitised": True}],
}


def test_two_nodes_and_one_worker_keep_everything_correct(
    province: tuple[list[int], PortalSimulator],
) -> None:
    ports, simulator = province
    nodes = [Node(port) for port in ports]
    for node in nodes:
        node.login("tiepnhan")
    ids = []
    for i in range(DOSSIERS_PER_NODE):
        for n, node in enumerate(nodes):
            key = f"two-nodes-{n}-{i}"
            created = node.post("/api/v1/dossiers/", BODY, key=key)
            retried = nodes[1 - n].post("/api/v1/dossiers/", BODY, key=key)  # other node
            assert retried["id"] == created["id"]
            node.post(f"/api/v1/dossiers/{created['id']}/accept")
            ids.append(created["id"])
    total = DOSSIERS_PER_NODE * len(nodes)
    assert Dossier.objects.count() == total  # retries created nothing
    numbers: list[int] = []
    for code in Dossier.objects.values_list("code", flat=True):
        assert code is not None
        numbers.append(int(code.rsplit("-", 1)[1]))
    assert sorted(numbers) == list(range(1, total + 1))  # gapless, unique, across both nodes

    # the worker sends the messages (after commit, through the PostgreSQL queue) and, at its
    # next periodic tick, the portal messages
    deadline = time.monotonic() + 150
    while time.monotonic() < deadline:
        sent = Notification.objects.filter(state="sent").count()
        delivered = OutboxMessage.objects.filter(state="sent").count()
        if (
            sent == Notification.objects.count() == total * 2
            and delivered == OutboxMessage.objects.count() > 0
        ):
            break
        time.sleep(1)
    assert Notification.objects.filter(state="sent").count() == total * 2  # email + SMS each
    messages = OutboxMessage.objects.count()
    assert messages >= total
    assert OutboxMessage.objects.filter(state="sent").count() == messages
    assert len(simulator.arrivals) == len(set(simulator.arrivals)) == messages  # once each
    for sequence in simulator.sequences().values():
        assert sequence == sorted(sequence)  # in order per dossier
    assert verify().first_broken is None
    # the receiving agency's full code (TT 01/2018 Art. 19): 000.00.31.H01-yyMMdd-NNNN
    assert re.fullmatch(
        r"\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4}", Dossier.objects.get(pk=ids[0]).code or ""
    )
