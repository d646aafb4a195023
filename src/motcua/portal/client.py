"""How messages reach Cổng DVCQG: the PortalClient interface and its HTTP adapter.

The official VPCP specification is not public; HttpPortalClient speaks the protocol two public
clients of the real portal use (docs/portal-sync.md, "Transport"):

    POST {MOTCUA_PORTAL_URL}                           (opencps: adapter_url + endpoint)
    Content-Type: application/json; charset=utf-8
    Idempotency-Key: {MaHoSo}:{seq}                    (motcua's own; ASSUMPTION: ignored)
    {"session": MOTCUA_PORTAL_TOKEN, "madonvi": MOTCUA_PORTAL_MADONVI,
     "service": "DongBoHoSoMC", "isUpdating": "False" | "True", "data": [<dossier>]}
    then, when there are new steps, in chunks of 10 ([H] PushData):
    {"session": …, "madonvi": …, "service": "CapNhatTienDoHoSoMC", "data": [<step>, …]}

    answer {"error_code": "0" | "00", "message": "…thành công…"}  → acknowledged
    answer to an add whose message says "đã tồn tại"             → sent again as an update
    any other error_code                                          → permanent: refused
    HTTP 400, 404, 409, 422                                       → permanent
    any other HTTP error, a timeout, a reset, a non-JSON answer   → transient: retried

The first message of a dossier is an add (isUpdating "False"), later ones updates, as
opencps syncDossierAndDossierStatus does after its TraCuuHoSo look-up; an add the portal
already has ("đã tồn tại", e.g. after a lost acknowledgement) becomes an update, as HuanVu's
PushData does.
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
from motcua.portal.payload import DOSSIER_SERVICE, PROGRESS_SERVICE

PERMANENT_STATUSES = frozenset({400, 404, 409, 422})
SUCCESS_CODES = frozenset({"0", "00"})  # [H] PushData "0"; [O] syncDossierAndDossierStatus "00"
EXISTS = "đã tồn tại"  # [H] PushData: the add's message when the portal has the dossier
STEP_CHUNK = 10  # [H] PushData sends the steps ten at a time


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


def _seq(key: str) -> int:
    tail = key.rpartition(":")[2]
    return int(tail) if tail.isdigit() else 1


class HttpPortalClient:
    """The real adapter (stdlib HTTP; one connection per request)."""

    def __init__(
        self, url: str, *, token: str | None = None, unit_code: str = "", timeout: float = 10.0
    ) -> None:
        self.url = url
        self.token = token
        self.unit_code = unit_code
        self.timeout = timeout

    def _post(self, key: str, body: dict[str, Any]) -> dict[str, Any]:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "Idempotency-Key": key,
        }
        request = urllib.request.Request(  # noqa: S310  (the URL is checked in config.py)
            self.url, data=data, headers=headers, method="POST"
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
        if not isinstance(answer, dict) or "error_code" not in answer:
            raise PortalError("Cổng trả lời không có error_code.")
        return answer

    def _envelope(self, service: str, data: list[Any], **extra: str) -> dict[str, Any]:
        return {
            "session": self.token or "",
            "madonvi": self.unit_code,
            "service": service,
            **extra,
            "data": data,
        }

    def send(self, key: str, payload: dict[str, Any]) -> Ack:
        dossier = payload.get(DOSSIER_SERVICE)
        if not isinstance(dossier, dict):
            raise PortalError("Tin không theo định dạng DongBoHoSoMC.", permanent=True)
        updating = _seq(key) > 1
        answer = self._post(
            key,
            self._envelope(DOSSIER_SERVICE, [dossier], isUpdating="True" if updating else "False"),
        )
        code, message = str(answer.get("error_code")), str(answer.get("message", ""))
        existed = not updating and EXISTS in message.lower()
        if existed:
            answer = self._post(key, self._envelope(DOSSIER_SERVICE, [dossier], isUpdating="True"))
            code, message = str(answer.get("error_code")), str(answer.get("message", ""))
        if code not in SUCCESS_CODES:
            raise PortalError(f"Cổng từ chối hồ sơ (error_code {code}): {message}", permanent=True)
        steps = list(payload.get(PROGRESS_SERVICE) or [])
        for start in range(0, len(steps), STEP_CHUNK):
            chunk = steps[start : start + STEP_CHUNK]
            progress = self._post(key, self._envelope(PROGRESS_SERVICE, chunk))
            if str(progress.get("error_code")) not in SUCCESS_CODES:
                raise PortalError(
                    f"Cổng từ chối tiến độ (error_code {progress.get('error_code')}): "
                    f"{progress.get('message', '')}",
                    permanent=True,
                )
        return Ack(receipt=message[:100], duplicate=existed)


def client_from_settings() -> PortalClient | None:
    """The configured client, or None when no portal URL is set (messages wait)."""
    conf = portal_settings()
    if not conf.url:
        return None
    return HttpPortalClient(
        conf.url, token=conf.token, unit_code=conf.unit_code, timeout=conf.timeout
    )
