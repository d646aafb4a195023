"""GET /api/v1/reports/indicators and /dashboard: the same figures as the dashboard page.

Query: `unit` (unit code; default the user's own unit), `from`, `to` (ISO dates; default the 12
months up to today) or `period` (2024, 2024-H1, 2024-Q2, 2024-M05; cut-off on the 15th).
403 without a reporting role, 404 for a unit outside the user's scope, 422 for a bad period.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from motcua.core.api_errors import errors
from motcua.reports.dashboard import PeriodError, dashboard_data, parse_period
from motcua.reports.indicators import compute
from motcua.reports.permissions import unit_for_report
from motcua.units.models import Unit

router = Router(tags=["Báo cáo"])


class PeriodQuery(Schema):
    unit: str | None = None
    start: str | None = Field(None, alias="from")
    end: str | None = Field(None, alias="to")
    period: str | None = None


def _resolve(request: HttpRequest, query: PeriodQuery) -> tuple[Unit, Any, Any]:
    try:
        unit = unit_for_report(request.user, query.unit)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except Http404 as exc:
        raise HttpError(404, str(exc)) from None
    try:
        start, end = parse_period(query.start, query.end, timezone.localdate(), query.period)
    except PeriodError as exc:
        raise HttpError(422, str(exc)) from None
    return unit, start, end


@router.get(
    "/indicators",
    response={200: dict[str, Any], **errors(403, 404, 422)},
    summary="Chỉ số QĐ 766 và chỉ tiêu NQ 01, 02 của đơn vị trong kỳ",
)
def indicators(request: HttpRequest, query: Query[PeriodQuery]) -> dict[str, Any]:
    unit, start, end = _resolve(request, query)
    return compute(unit, start, end).as_json()


@router.get(
    "/dashboard",
    response={200: dict[str, Any], **errors(403, 404, 422)},
    summary="Số liệu của bảng điều khiển (biểu đồ và bảng)",
)
def dashboard(request: HttpRequest, query: Query[PeriodQuery]) -> dict[str, Any]:
    unit, start, end = _resolve(request, query)
    return dashboard_data(unit, start, end)
