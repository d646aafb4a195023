"""The site's own middleware.

- ContentSecurityPolicyMiddleware: every response carries settings.CONTENT_SECURITY_POLICY.
- RequestSizeLimitMiddleware: a body announced larger than settings.MOTCUA_REQUEST_MAX_BYTES is
  answered 413 before a byte of it is read (uploads have their own per-file limit on top).
- StaffIdleTimeoutMiddleware: a staff session unused for settings.MOTCUA_STAFF_IDLE_SECONDS ends
  (sliding: every request starts the time again); the next page asks to sign in again.
- RejectUnstorableTextMiddleware: refuse request bodies that no database can store as text: a NUL
  character (PostgreSQL rejects it) or a lone UTF-16 surrogate escape (not valid UTF-8). Only JSON
  and URL-encoded bodies are checked — uploaded files may contain any byte. Found by the API
  fuzzer (tests/reliability/test_api_fuzz.py); answered 400 in Vietnamese, nothing written.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from html import escape

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

Handler = Callable[[HttpRequest], HttpResponse]

TEXT_TYPES = ("application/json", "application/x-www-form-urlencoded")
NUL = {  # by body type: a JSON escape or a percent-encoding of NUL, or the byte itself
    "application/json": re.compile(rb"\\u0000|\x00"),
    "application/x-www-form-urlencoded": re.compile(rb"%00|\x00"),
}
LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
MESSAGE = "Dữ liệu gửi lên có ký tự không hợp lệ (ký tự NUL hoặc mã hóa hỏng); xin nhập lại."


def _refusal(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """JSON for the API, a small Vietnamese page elsewhere."""
    if request.path.startswith("/api/"):
        body = json.dumps({"detail": message}, ensure_ascii=False)
        return HttpResponse(body, status=status, content_type="application/json")
    page = (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>Không thể nhận yêu cầu</title></head><body><p>{escape(message)}</p></body></html>"
    )
    return HttpResponse(page, status=status, content_type="text/html; charset=utf-8")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(settings.MOTCUA_REQUEST_MAX_BYTES)
        try:
            announced = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            announced = 0  # Django reads no body without a valid length
        if announced > limit:
            megabytes = f"{limit / (1024 * 1024):g}".replace(".", ",")
            message = f"Dữ liệu gửi lên quá lớn: tối đa {megabytes} MB mỗi lần gửi."
            return _refusal(request, message, 413)
        return self.get_response(request)


IDLE_KEY = "motcua_last_seen"
IDLE_WRITE_EVERY = 60  # seconds: the session row is not rewritten on every request
IDLE_EXPIRED = "Phiên làm việc đã hết hạn vì quá {minutes} phút không thao tác; xin đăng nhập lại."


class StaffIdleTimeoutMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not hasattr(user, "citizen_profile"):
            limit = int(settings.MOTCUA_STAFF_IDLE_SECONDS)
            now = int(time.time())
            seen = request.session.get(IDLE_KEY)
            if isinstance(seen, int) and now - seen > limit:
                logout(request)
                messages.warning(request, IDLE_EXPIRED.format(minutes=limit // 60))
            elif not isinstance(seen, int) or now - seen >= IDLE_WRITE_EVERY:
                request.session[IDLE_KEY] = now
        return self.get_response(request)


class RejectUnstorableTextMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("POST", "PUT", "PATCH") and request.content_type in TEXT_TYPES:
            body = request.body
            if NUL[request.content_type].search(body) or LONE_SURROGATE.search(body):
                return HttpResponse(
                    json.dumps({"detail": MESSAGE}, ensure_ascii=False),
                    status=400,
                    content_type="application/json",
                )
        return self.get_response(request)
