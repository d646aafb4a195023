"""The motcua JSON API: /api/v1/, OpenAPI at /api/docs. Session authentication (CSRF-checked)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from motcua.bundles.api import router as bundles
from motcua.citizens.api import router as citizens
from motcua.dossiers.api import router as dossiers
from motcua.dossiers.permissions import Forbidden
from motcua.dossiers.services import DossierError, IllegalAct
from motcua.feedback.api import router as feedback
from motcua.portal.api import router as portal
from motcua.reports.api import router as reports

api = NinjaAPI(
    title="motcua API", version="1", auth=django_auth, urls_namespace="api", docs_url="/docs"
)
api.add_router("/v1/dossiers", dossiers)
api.add_router("/v1/citizens", citizens)
api.add_router("/v1/feedback", feedback)
api.add_router("/v1/portal", portal)
api.add_router("/v1/bundles", bundles)
api.add_router("/v1/reports", reports)


def _error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return api.create_response(request, {"detail": message}, status=status)


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
