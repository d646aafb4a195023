"""A SIMULATOR of Cổng DVCQG, for tests and demos. It is NOT the portal and never runs in
production (`PortalSimulator` refuses to start when MOTCUA_ENV=production).

It answers the protocol HttpPortalClient speaks (portal/client.py) and is STRICT: a request
that breaks a rule of portal/portal_schema.py — an unknown field, a wrong type, a missing
required field, a value outside the references' set — is refused with error_code "-1" and the
reasons (ASSUMPTION: the real portal's refusal codes are not published). Each rule's source is
in docs/portal-sync.md. It keeps, like the portal would:

- `dossiers`: the latest DongBoHoSoMC item per MaHoSo. An add (isUpdating "False") of a known
  MaHoSo answers error_code "3" "Hồ sơ … đã tồn tại" ([H] PushData accepts "0", "3", "-3"
  with that message and then updates); an update of an unknown one is refused;
- `steps`: the CapNhatTienDoHoSoMC items per MaHoSo; a step identical to one stored is kept
  once (ASSUMPTION: what the real portal does with a repeated step is not public);
- for the tests, `messages` (Idempotency-Key → what arrived under it), `arrivals` (keys in the
  order first seen), `posts` (DongBoHoSoMC requests per key) and `refusals` (every refusal).

Modes: "ok"; "fail" (HTTP 500, nothing stored); "slow" (wait `delay` seconds); "reset" (close
the connection, nothing stored); "lost_ack" (store, then reset); "reject" (error_code "-1").
`sim.script` lists the modes of the next DongBoHoSoMC requests, one each (then `mode`).
HTTP (for demos): GET /__tin-da-nhan lists the stored messages; POST /__che-do {"mode": …,
"delay": …} switches the mode. `motcua portal simulator --port N` runs one in the foreground.
"""

from __future__ import annotations

import json
import socket
import struct
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from motcua.portal.portal_schema import validate_request

MODES = ("ok", "fail", "slow", "reset", "lost_ack", "reject")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet when the client went away (it timed out on a slow answer); loud otherwise."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class PortalSimulator:
    def __init__(
        self,
        *,
        token: str | None = None,
        unit_code: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        refuse_in_production()
        self.token = token
        self.unit_code = unit_code
        self.mode = "ok"
        self.script: list[str] = []  # modes for the next requests, one each, before `mode`
        self.delay = 2.0
        self.lock = threading.Lock()
        self.dossiers: dict[str, dict[str, Any]] = {}  # MaHoSo → latest DongBoHoSoMC item
        self.steps: dict[str, list[dict[str, Any]]] = {}  # MaHoSo → CapNhatTienDoHoSoMC items
        self.messages: dict[str, dict[str, Any]] = {}  # Idempotency-Key → what arrived under it
        self.arrivals: list[str] = []  # keys in the order they were first stored
        self.posts: Counter[str] = Counter()  # DongBoHoSoMC requests per key, repeats included
        self.refusals: list[list[str]] = []
        self.already_there: Counter[str] = Counter()  # adds answered "đã tồn tại", per key
        self.server = _Server((host, port), _handler_for(self))
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> PortalSimulator:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self.thread is not None:
            self.thread.join(timeout=5)

    def __enter__(self) -> PortalSimulator:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def recover(self) -> None:
        self.mode = "ok"

    def sequences(self) -> dict[str, list[int]]:
        """Per MaHoSo, the message numbers (from the keys) in the order first stored."""
        found: dict[str, list[int]] = {}
        with self.lock:
            for key in self.arrivals:
                code, _, seq = key.rpartition(":")
                found.setdefault(code, []).append(int(seq))
        return found

    def accept(self, key: str, body: dict[str, Any]) -> dict[str, str]:
        """Apply a valid request; the portal's answer {error_code, message}."""
        with self.lock:
            if body["service"] == "DongBoHoSoMC":
                return self._dossiers(key, body)
            for step in body["data"]:
                stored = self.steps.setdefault(step["MaHoSo"], [])
                if step not in stored:
                    stored.append(step)
                if key:
                    self.messages.setdefault(key, {}).setdefault("CapNhatTienDoHoSoMC", [])
                    self.messages[key]["CapNhatTienDoHoSoMC"].append(step)
            return {"error_code": "0", "message": "Cập nhật tiến độ thành công"}

    def _dossiers(self, key: str, body: dict[str, Any]) -> dict[str, str]:
        updating = body.get("isUpdating") == "True"
        for item in body["data"]:
            code = item["MaHoSo"]
            if not updating and code in self.dossiers:
                self.already_there[key] += 1
                return {"error_code": "3", "message": f"Hồ sơ {code} đã tồn tại"}
            if updating and code not in self.dossiers:
                return {"error_code": "-1", "message": f"Hồ sơ {code} không tồn tại"}
        for item in body["data"]:
            self.dossiers[item["MaHoSo"]] = item
            if key:
                if key not in self.messages:
                    self.arrivals.append(key)
                self.messages.setdefault(key, {})["DongBoHoSoMC"] = item
        return {"error_code": "0", "message": "Đồng bộ hồ sơ thành công"}


def refuse_in_production() -> None:
    """The simulator accepts anything well-formed: it must never stand in for the portal."""
    from django.conf import settings

    if settings.configured and getattr(settings, "MOTCUA_ENV", "development") == "production":
        raise RuntimeError("Bộ giả lập Cổng DVCQG không được chạy khi MOTCUA_ENV=production.")


def _handler_for(sim: PortalSimulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet in tests; the demo command prints its own lines

        def _answer(self, status: int, body: dict[str, Any] | list[Any]) -> None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _reset(self) -> None:
            # SO_LINGER 0: close() sends a TCP RST instead of a clean FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

        def do_GET(self) -> None:
            if self.path == "/__tin-da-nhan":
                with sim.lock:
                    listing = [{"key": k, **sim.messages[k]} for k in sim.arrivals]
                self._answer(200, listing)
            else:
                self._answer(404, {"loi": "Không có địa chỉ này."})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path == "/__che-do":
                wanted = json.loads(raw or b"{}")
                if wanted.get("mode") not in MODES:
                    self._answer(400, {"loi": f"Chế độ phải là một trong {', '.join(MODES)}."})
                    return
                sim.mode = wanted["mode"]
                sim.delay = float(wanted.get("delay", sim.delay))
                self._answer(200, {"mode": sim.mode, "delay": sim.delay})
                return
            if self.path.startswith("/__"):
                self._answer(404, {"loi": "Không có địa chỉ này."})
                return
            key = self.headers.get("Idempotency-Key", "")
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            if self._refused(body):
                return
            mode = "ok"
            if body["service"] == "DongBoHoSoMC":
                with sim.lock:
                    sim.posts[key] += 1
                    mode = sim.script.pop(0) if sim.script else sim.mode
            elif sim.mode in ("fail", "reset"):
                mode = sim.mode
            self._in_mode(mode, key, body)

        def _refused(self, body: Any) -> bool:
            """Answer and return True when the request breaks a rule or has a wrong session."""
            errors = validate_request(body)
            if not errors and sim.unit_code is not None and body["madonvi"] != sim.unit_code:
                errors = [f"body.madonvi: đơn vị {body['madonvi']!r} không được cấp quyền."]
            if errors:
                with sim.lock:
                    sim.refusals.append(errors)
                self._answer(200, {"error_code": "-1", "message": "; ".join(errors)[:2000]})
                return True
            if sim.token and body["session"] != sim.token:
                # ASSUMPTION: an expired or wrong session is an HTTP 401 (retried).
                self._answer(401, {"error_code": "-2", "message": "Phiên làm việc không hợp lệ."})
                return True
            return False

        def _in_mode(self, mode: str, key: str, body: dict[str, Any]) -> None:
            if mode == "fail":
                self._answer(500, {"error_code": "-500", "message": "Lỗi hệ thống (giả lập)."})
            elif mode == "reset":
                self._reset()
            elif mode == "reject":
                self._answer(
                    200, {"error_code": "-1", "message": "Dữ liệu không hợp lệ (giả lập)."}
                )
            elif mode == "lost_ack":
                sim.accept(key, body)
                self._reset()
            else:
                if mode == "slow":
                    time.sleep(sim.delay)
                self._answer(200, sim.accept(key, body))

    return Handler
