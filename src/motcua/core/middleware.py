"""Refuse request bodies that no database can store as text: a NUL character (PostgreSQL
rejects it) or a lone UTF-16 surrogate escape (not valid UTF-8). Only JSON and URL-encoded
bodies are checked — uploaded files may contain any byte. Found by the API fuzzer
(tests/reliability/test_api_fuzz.py); answered 400 with a Vietnamese message, nothing written."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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


class RejectUnstorableTextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
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
