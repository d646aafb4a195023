"""The guard on the API's public (unauthenticated) POSTs: JSON only, and never from another site.

A browser lets any page POST `text/plain` to any address without asking (no CORS preflight), so
a public endpoint that read such a body would take submissions forged on another site.
`public_json` (applied with ninja's `decorate_view`, before the body is parsed) refuses:
- a body that is not `Content-Type: application/json` — 415;
- a browser request from another site — 403: `Sec-Fetch-Site: cross-site`, or an `Origin` (or,
  without one, a `Referer`) that is neither this site nor in `MOTCUA_CSRF_TRUSTED_ORIGINS`.
A client that is not a browser sends no Origin and no Referer and is accepted as documented
(docs/feedback.md). The portal's inbound endpoint is signed (HMAC) and needs no such guard.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from motcua.core.errors import json_error, message_for

Run = Callable[..., Any]
CROSS_SITE = "Không nhận yêu cầu gửi từ trang web khác; xin gửi từ trang của hệ thống."


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_site(request: HttpRequest) -> bool:
    if request.headers.get("Sec-Fetch-Site", "").lower() == "cross-site":
        return False
    claimed = request.headers.get("Origin") or request.headers.get("Referer")
    if claimed is None:
        return True  # not a browser: documented API clients send neither
    origin = _origin_of(claimed)
    if origin is None:
        return False  # "null" (sandboxed frame, file://) or garbage
    own = f"{request.scheme}://{request.get_host()}".lower()
    trusted = {o.lower().rstrip("/") for o in settings.CSRF_TRUSTED_ORIGINS}
    return origin == own or origin in trusted


def refusal(request: HttpRequest) -> HttpResponse | None:
    if request.content_type != "application/json":
        return json_error(message_for(415), 415)
    if not same_site(request):
        return json_error(CROSS_SITE, 403)
    return None


def public_json(run: Run) -> Run:
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        refused = refusal(request)
        if refused is not None:
            return refused
        return run(request, *args, **kwargs)

    guarded.public_json = True  # type: ignore[attr-defined]
    return guarded
