"""How messages reach Cổng DVCQG: the PortalClient interface and its HTTP adapter.

The official VPCP integration spec is not public; HttpPortalClient speaks the contract assumed in
docs/portal-sync.md ("The assumed HTTP contract"), which the simulator (portal/simulator.py)
implements too:

    POST {MOTCUA_PORTAL_URL}/dong-bo-ho-so
    Authorization: Bearer {MOTCUA_PORTAL_TOKEN}      (when set)
    Idempotency-Key: {MaHoSo}:{SoThuTuCapNhat}
    Content-Type: application/json; charset=utf-8
    body: the payload (portal/payload.py)

    200/201 {"MaBienNhan": "...", "TrungLap": false|true}  → acknowledged (also for a duplicate)
    400, 404, 409, 422                                     → permanent: the message is refused
    anything else, a timeout, a reset connection           → transient: retried with backoff
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings

from motcua.config import PortalSettings

PERMANENT_STATUSES = frozenset({400, 404, 409, 422})
SYNC_PATH = "/dong-bo-ho-so"


def portal_settings() -> PortalSettings:
    value = settings.MOTCUA_PORTAL
    assert isinstance(value, PortalSettings)
    return value


@dataclass(frozen=True)
class Ack:
    receipt: str
    duplicate: bool = False


class PortalError(Exception):
    """The portal did not acknowledge the message; `permanent` means retrying cannot help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class PortalClient(Protocol):
    def send(self, key: str, payload: dict[str, Any]) -> Ack:
        """Deliver one message; return the acknowledgement or raise PortalError."""


class HttpPortalClient:
    """The real adapter (stdlib HTTP; one connection per message)."""

    def __init__(self, base_url: str, *, token: str | None = None, timeout: float = 10.0) -> None:
        self.url = base_url.rstrip("/") + SYNC_PATH
        self.token = token
        self.timeout = timeout

    def send(self, key: str, payload: dict[str, Any]) -> Ack:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "Idempotency-Key": key,
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(  # noqa: S310  (the URL is checked in config.py)
            self.url, data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace")
            raise PortalError(
                f"Cổng trả lỗi HTTP {exc.code}: {detail}".strip(),
                permanent=exc.code in PERMANENT_STATUSES,
            ) from exc
        except TimeoutError as exc:
            raise PortalError(f"Quá thời gian chờ Cổng ({self.timeout:g} giây).") from exc
        except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            raise PortalError(f"Không kết nối được Cổng: {exc}") from exc
        try:
            answer = json.loads(raw or b"{}")
        except ValueError as exc:
            raise PortalError("Cổng trả lời không phải JSON.") from exc
        receipt = str(answer.get("MaBienNhan", ""))
        return Ack(receipt=receipt, duplicate=bool(answer.get("TrungLap")))


def client_from_settings() -> PortalClient | None:
    """The configured client, or None when no portal URL is set (messages wait)."""
    conf = portal_settings()
    if not conf.url:
        return None
    return HttpPortalClient(conf.url, token=conf.token, timeout=conf.timeout)
