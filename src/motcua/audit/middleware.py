from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from motcua.audit.services import origin
from motcua.core.ratelimit import client_address


class AuditOriginMiddleware:
    """Records where each web request comes from, for the audit events it causes: the client's
    address (behind a trusted reverse proxy, the one it forwarded; core/ratelimit)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        with origin(
            channel=channel,
            ip=client_address(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
            method=request.method,
            path=request.path[:200],
        ):
            return self.get_response(request)
