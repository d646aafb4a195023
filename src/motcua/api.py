"""The motcua JSON API: /api/v1/, OpenAPI at /api/docs. Session authentication (CSRF-checked).

Every error is `{"detail": "<Vietnamese message>"}` (core/api_errors.py): the handlers below map
the services' exceptions and the framework's own refusals (no session, CSRF, a body that does not
validate) to it, and the schema declares each error an operation can give.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import SessionAuth

from motcua.bundles.api import router as bundles
from motcua.citizens.api import router as citizens
from motcua.core.api_errors import declare_framework_errors
from motcua.dossiers.api import router as dossiers
from motcua.dossiers.permissions import Forbidden
from motcua.dossiers.services import DossierError, IllegalAct
from motcua.feedback.api import router as feedback
from motcua.payments.api import router as dossier_payments
from motcua.portal.api import router as portal
from motcua.reports.api import router as reports

NOT_SIGNED_IN = "Chưa đăng nhập hoặc phiên làm việc đã hết hạn; xin đăng nhập lại."
CSRF_REFUSED = "Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF); xin tải lại trang."


class Session(SessionAuth):
    """Django's session; unsafe methods need the CSRF token (refused in Vietnamese)."""

    def _get_key(self, request: HttpRequest) -> str | None:
        try:
            return super()._get_key(request)
        except HttpError as exc:
            raise HttpError(403, CSRF_REFUSED) from exc


class MotcuaAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        declare_framework_errors(schema)
        return schema


api = MotcuaAPI(
    title="motcua API", version="1", auth=Session(), urls_namespace="api", docs_url="/docs"
)
api.add_router("/v1/dossiers", dossiers)
api.add_router("/v1/dossiers", dossier_payments)  # POST /{id}/payments: collect a fee
api.add_router("/v1/citizens", citizens)
api.add_router("/v1/feedback", feedback)
api.add_router("/v1/portal", portal)
api.add_router("/v1/bundles", bundles)
api.add_router("/v1/reports", reports)


def _error(
    request: HttpRequest, status: int, message: str, errors: list[dict[str, Any]] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {"detail": message}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(IllegalAct)
def illegal_act(request: HttpRequest, exc: IllegalAct) -> HttpResponse:
    return _error(request, 409, str(exc))


@api.exception_handler(DossierError)
def bad_input(request: HttpRequest, exc: DossierError) -> HttpResponse:
    return _error(request, 422, str(exc))


@api.exception_handler(Forbidden)
def forbidden(request: HttpRequest, exc: Forbidden) -> HttpResponse:
    return _error(request, 403, str(exc))


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "Không tìm thấy hồ sơ.")


@api.exception_handler(AuthenticationError)
def not_signed_in(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, NOT_SIGNED_IN)


PROBLEMS = (  # pydantic error type prefix → what is wrong, in Vietnamese
    ("missing", "thiếu trường bắt buộc"),
    ("int", "phải là số nguyên"),
    ("float", "phải là số"),
    ("decimal", "phải là số"),
    ("bool", "phải là true hoặc false"),
    ("string_type", "phải là chuỗi ký tự"),
    ("datetime", "phải là thời điểm theo ISO 8601 (2025-01-31T08:00:00+07:00)"),
    ("date", "phải là ngày theo ISO 8601 (2025-01-31)"),
    ("list", "phải là danh sách"),
    ("dict", "phải là đối tượng JSON"),
    ("model", "phải là đối tượng JSON"),
    ("json", "không phải JSON hợp lệ"),
)


def _problem(error: dict[str, Any]) -> tuple[list[str | int], str]:
    loc = [p if isinstance(p, int) else str(p) for p in error.get("loc", ())]
    kind = str(error.get("type", ""))
    what = next((text for prefix, text in PROBLEMS if kind.startswith(prefix)), "không hợp lệ")
    return loc, what


def _field(loc: list[str | int]) -> str:
    """("body", "payload", "applicant", "name") → applicant.name; ("query", "start") → start."""
    parts = loc[2:] if loc[:1] == ["body"] and len(loc) > 2 else loc[1:]
    return ".".join(str(p) for p in parts) or "yêu cầu"


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = [_problem(e) for e in exc.errors]
    summary = "; ".join(f"{_field(loc)}: {what}" for loc, what in problems[:3])
    more = f" (và {len(problems) - 3} lỗi khác)" if len(problems) > 3 else ""
    errors = [
        {"loc": loc, "msg": str(e.get("msg", ""))}
        for (loc, _), e in zip(problems, exc.errors, strict=True)
    ]
    return _error(request, 422, f"Dữ liệu không hợp lệ — {summary}{more}.", errors)
