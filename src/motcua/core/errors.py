"""Every error answer of the site, in Vietnamese, never a 500 for bad input.

- The site's pages: 400, 403 (incl. a CSRF failure), 404 and 500 are rendered from
  templates/400.html … 500.html (layout errors/_layout.html) without context processors (they
  must render even when the database is the problem), in the site's look, with a way back; no
  internal detail.
- Everything under /api/ answers `{"detail": "<Vietnamese message>"}` for every error: unknown
  path (404), method not allowed (405), 400/403/413/415 and 500 — ApiJsonErrorsMiddleware turns
  any non-JSON error answer there into that shape (the framework's own 405, Django's 404/500).
- BadInputMiddleware: a value no database column can hold (an id past bigint, in a form or a
  query) raises OverflowError on SQLite and DataError on PostgreSQL; that is bad input, 400.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template
from django.templatetags.static import static

Handler = Callable[[HttpRequest], HttpResponse]
log = logging.getLogger(__name__)

API_PREFIX = "/api/"
MESSAGES = {
    400: "Yêu cầu không hợp lệ; xin kiểm tra lại dữ liệu đã nhập.",
    401: "Chưa đăng nhập hoặc phiên làm việc đã hết hạn; xin đăng nhập lại.",
    403: "Không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy địa chỉ hoặc dữ liệu yêu cầu.",
    405: "Địa chỉ này không nhận phương thức {method}.",
    413: "Dữ liệu gửi lên quá lớn.",
    415: "Chỉ nhận dữ liệu JSON (Content-Type: application/json).",
    429: "Thao tác quá nhiều lần; xin thử lại sau.",
    500: "Hệ thống gặp lỗi; yêu cầu chưa được thực hiện. Xin thử lại sau.",
}
CSRF_FAILED = (
    "Biểu mẫu đã hết hạn hoặc thiếu mã chống giả mạo yêu cầu (CSRF). Xin tải lại trang rồi gửi lại."
)


def message_for(status: int, method: str = "") -> str:
    text = MESSAGES.get(status) or MESSAGES[500 if status >= 500 else 400]
    return text.format(method=method)


def json_error(message: str, status: int) -> HttpResponse:
    body = json.dumps({"detail": message}, ensure_ascii=False)
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def error_page(request: HttpRequest, status: int, message: str | None = None) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return json_error(message or message_for(status, request.method or ""), status)
    template = get_template(f"{status}.html")
    return HttpResponse(
        template.render({"message": message, "css": _stylesheet()}),
        status=status,
        content_type="text/html; charset=utf-8",
    )


def _stylesheet() -> str:
    """The site's stylesheet URL; an error page still renders when static files are not built."""
    try:
        return static("motcua/motcua.css")
    except ValueError:
        return ""


# Django's handlers (motcua/urls.py names them) and the CSRF failure view (settings).
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(request, 403, CSRF_FAILED)


def _is_json(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).startswith("application/json")


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not _is_json(response)
        ):
            replacement = json_error(
                message_for(response.status_code, request.method or ""), response.status_code
            )
            for header in ("Allow", "Retry-After", "WWW-Authenticate"):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response


def _out_of_range(exc: Exception) -> bool:
    if isinstance(exc, OverflowError):
        return True
    if isinstance(exc, DataError):  # PostgreSQL: numeric value out of range (22003)
        return getattr(getattr(exc, "__cause__", None), "sqlstate", None) == "22003"
    return False


class BadInputMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if _out_of_range(exception):
            log.info("bad input refused (%s): %s", type(exception).__name__, request.path)
            return error_page(request, 400)
        return None
