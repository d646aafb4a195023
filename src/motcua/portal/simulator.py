"""A SIMULATOR of Cổng DVCQG's sync endpoint, for tests and demos (not the real portal).

It implements the contract assumed in portal/client.py and docs/portal-sync.md: it stores each
message once per Idempotency-Key (a re-sent message is acknowledged again, not stored twice),
checks the bearer token when one is set, and can be switched to misbehave:

- "ok"        answer 200 with a receipt;
- "fail"      answer 500 without storing;
- "slow"      wait `delay` seconds before answering (the client times out);
- "reset"     close the connection without an answer (TCP reset), without storing;
- "lost_ack"  store the message, then reset the connection (the ack is lost; a retry must not
              make a duplicate);
- "reject"    answer 422 (the portal refuses the message itself).

Python: `with PortalSimulator() as sim: sim.url …; sim.mode = "fail"`; `sim.script` lists the
modes of the next requests, one each (then `mode` again).
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

from motcua.portal.client import SYNC_PATH

MODES = ("ok", "fail", "slow", "reset", "lost_ack", "reject")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet when the client went away (it timed out on a slow answer); loud otherwise."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class PortalSimulator:
    def __init__(self, *, token: str | None = None, host: str = "127.0.0.1", port: int = 0):
        self.token = token
        self.mode = "ok"
        self.script: list[str] = []  # modes for the next requests, one each, before `mode`
        self.delay = 2.0
        self.lock = threading.Lock()
        self.messages: dict[str, dict[str, Any]] = {}  # Idempotency-Key → payload, first copy
        self.arrivals: list[str] = []  # keys in the order they were first stored
        self.posts: Counter[str] = Counter()  # every POST per key, duplicates included
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
        """Per MaHoSo, the SoThuTuCapNhat in the order the messages were first stored."""
        found: dict[str, list[int]] = {}
        with self.lock:
            for key in self.arrivals:
                payload = self.messages[key]
                found.setdefault(str(payload["MaHoSo"]), []).append(int(payload["SoThuTuCapNhat"]))
        return found

    def store(self, key: str, payload: dict[str, Any]) -> tuple[str, bool]:
        with self.lock:
            duplicate = key in self.messages
            if not duplicate:
                self.messages[key] = payload
                self.arrivals.append(key)
            return f"BN-{self.arrivals.index(key) + 1:06d}", duplicate


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
            if self.path != SYNC_PATH:
                self._answer(404, {"loi": "Không có địa chỉ này."})
                return
            if sim.token and self.headers.get("Authorization") != f"Bearer {sim.token}":
                self._answer(401, {"loi": "Sai thông tin xác thực."})
                return
            key = self.headers.get("Idempotency-Key", "")
            try:
                payload = json.loads(raw)
            except ValueError:
                payload = None
            if not key or not isinstance(payload, dict) or not payload.get("MaHoSo"):
                self._answer(400, {"loi": "Thiếu Idempotency-Key hoặc MaHoSo, hoặc sai JSON."})
                return
            with sim.lock:
                sim.posts[key] += 1
                mode = sim.script.pop(0) if sim.script else sim.mode
            if mode == "fail":
                self._answer(500, {"loi": "Lỗi hệ thống (giả lập)."})
            elif mode == "reset":
                self._reset()
            elif mode == "reject":
                self._answer(422, {"loi": "Dữ liệu không hợp lệ (giả lập)."})
            elif mode == "lost_ack":
                sim.store(key, payload)
                self._reset()
            else:
                if mode == "slow":
                    time.sleep(sim.delay)
                receipt, duplicate = sim.store(key, payload)
                self._answer(200, {"MaBienNhan": receipt, "TrungLap": duplicate})

    return Handler
