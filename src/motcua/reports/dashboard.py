"""The dashboard (bảng điều khiển) for leaders, statistics officers and administrators.

`dashboard_data` is the one source of the page and of GET /api/v1/reports/dashboard: the QĐ 766
index and NQ targets (reports.indicators.compute), the on-time rate per month over the 12 months
ending with the period, the channel mix, and the dossiers overdue now. The page draws four charts
with the vendored Chart.js and prints the same numbers in a table under each chart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.accounts.models import User
from motcua.domain.indicators import percent
from motcua.domain.periods import period
from motcua.domain.vnformat import parse_vn_date
from motcua.domain.vntime import VN
from motcua.dossiers.countdown import overdue_q
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import ROLES_FOR_ACTION
from motcua.reports.indicators import compute, timeliness_counts
from motcua.reports.permissions import reportable_units, unit_for_report
from motcua.reports.read import roots_of, totals_by_period
from motcua.units.models import Unit
from motcua.units.tree import units_within

EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
MAX_DAYS = 3 * 366  # a longer period is refused (the page must stay fast)
OVERDUE_ROWS = 50
PRESETS = (("", "Cả"), ("-H1", "6 tháng đầu"), ("-Q1", "Quý I"), ("-Q2", "Quý II"),
           ("-Q3", "Quý III"), ("-Q4", "Quý IV"))  # fmt: skip
CHANNELS = (("counter", "Trực tiếp"), ("online", "Trực tuyến"), ("postal", "Bưu chính công ích"))


class PeriodError(ValueError):
    """A period the dashboard cannot show; the message is Vietnamese."""


def parse_period(
    start: str | None, end: str | None, today: dt.date, preset: str | None = None
) -> tuple[dt.date, dt.date]:
    """A preset ("2024-Q2", cut-off on the 15th: domain/periods.py) or from/to as ISO dates;
    default the 12 months up to today."""
    if preset:
        try:
            first, last = period(preset)
        except ValueError as exc:
            raise PeriodError(str(exc)) from None
        return first, last
    try:
        last = dt.date.fromisoformat(end) if end else today
        first = dt.date.fromisoformat(start) if start else _month_start(last, -11)
    except ValueError:
        raise PeriodError("Ngày không đúng định dạng (năm-tháng-ngày).") from None
    if first < EARLIEST or last > LATEST:
        raise PeriodError("Kỳ phải nằm trong khoảng năm 1990 đến năm 2100.")
    if last < first:
        raise PeriodError("Ngày kết thúc kỳ phải sau ngày bắt đầu.")
    if (last - first).days > MAX_DAYS:
        raise PeriodError("Kỳ xem tối đa 3 năm.")
    return first, last


def _typed_day(text: str | None) -> str | None:
    """A date typed on the page (dd/mm/yyyy) as parse_period takes it (the API's ISO form)."""
    if not text or not text.strip():
        return None
    try:
        return parse_vn_date(text).isoformat()
    except ValueError:
        raise PeriodError(
            "Ngày phải viết theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 15/12/2023."
        ) from None


def _month_start(day: dt.date, shift: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + shift
    return dt.date(index // 12, index % 12 + 1, 1)


def _monthly_counts(
    unit_ids: Collection[int], periods: list[tuple[dt.date, dt.date]]
) -> list[dict[str, int]]:
    """II.06a's totals for each month: one summary read for the 12 months, or the rows."""
    if getattr(settings, "MOTCUA_REPORT_SOURCE", "summary") == "summary":
        scopes = roots_of(unit_ids)
        if scopes is not None:
            return totals_by_period(scopes, periods)
    return [timeliness_counts(unit_ids, first, last) for first, last in periods]


def monthly_on_time(unit_ids: Collection[int], end: dt.date) -> list[dict[str, Any]]:
    """The on-time measure (the same definition as the index) per month, 12 months to `end`."""
    periods = []
    for shift in range(-11, 1):
        first = _month_start(end, shift)
        last = min(_month_start(end, shift + 1) - dt.timedelta(days=1), end)
        periods.append((first, last))
    months = []
    for (first, _), t in zip(periods, _monthly_counts(unit_ids, periods), strict=True):
        considered = t["c8"] + t["c9"] + t["c10"] + t["c12"] + t["c13"]
        on_time = t["c8"] + t["c9"] + t["c12"]
        months.append(
            {
                "month": f"{first:%m/%Y}",
                "on_time": on_time,
                "considered": considered,
                "rate": percent(Fraction(on_time, considered) if considered else None),
                "value": round(on_time * 100 / considered, 2) if considered else None,
            }
        )
    return months


BUCKETS = (
    (1, 5, "1–5 ngày"),
    (6, 10, "6–10 ngày"),
    (11, 30, "11–30 ngày"),
    (31, None, "Trên 30 ngày"),
)


def overdue_now(unit_ids: Collection[int], now: dt.datetime) -> dict[str, Any]:
    """The dossiers of the units (counted under their competent unit, as every report counts)
    overdue today: the staff pages' rule (dossiers/countdown.overdue_q, domain/overdue.py)."""
    today = timezone.localtime(now, VN).date()
    start_of_today = dt.datetime.combine(today, dt.time.min, tzinfo=VN)
    dossiers = Dossier.objects.filter(overdue_q(today), competent_unit_id__in=unit_ids).order_by(
        "due_at", "pk"
    )
    rows = [
        {
            "id": d.pk,
            "code": d.code,
            "procedure": d.procedure_version.name,
            "due": timezone.localtime(d.due_at, VN).date().isoformat(),
            "days_overdue": (today - timezone.localtime(d.due_at, VN).date()).days,
        }
        for d in dossiers.select_related("procedure_version")[:OVERDUE_ROWS]
        if d.due_at is not None
    ]

    def before(days: int) -> dt.datetime:  # due before this moment = overdue by ≥ `days` days
        return start_of_today - dt.timedelta(days=days - 1)

    counts = dossiers.aggregate(
        total=Count("pk"),
        **{
            f"b{low}": Count(
                "pk",
                filter=Q(due_at__lt=before(low))
                & (Q(due_at__gte=before(high + 1)) if high else Q()),
            )
            for low, high, _ in BUCKETS
        },
    )
    buckets = [{"label": label, "dossiers": counts[f"b{low}"]} for low, _, label in BUCKETS]
    return {"count": counts["total"], "buckets": buckets, "rows": rows}


def dashboard_data(unit: Unit, start: dt.date, end: dt.date) -> dict[str, Any]:
    report = compute(unit, start, end)
    data = report.as_json()
    figures = report.inputs.figures
    unit_ids = units_within(unit)
    data["monthly_on_time"] = monthly_on_time(unit_ids, end)
    accepted = figures["accepted"]
    data["channels"] = [
        {
            "channel": key,
            "name": name,
            "dossiers": figures[f"accepted_{key}"],
            "share": percent(Fraction(figures[f"accepted_{key}"], accepted) if accepted else None),
        }
        for key, name in CHANNELS
    ]
    data["overdue_now"] = overdue_now(unit_ids, timezone.now())
    return data


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    unit = unit_for_report(request.user, request.GET.get("don-vi"))  # 403 role, 404 scope
    context: dict[str, Any] = {
        "unit": unit,
        "units": reportable_units(request.user).order_by("name"),
        "may_open_dossiers": _may_open_dossiers(request.user),
    }
    try:
        start, end = parse_period(
            _typed_day(request.GET.get("tu-ngay")),
            _typed_day(request.GET.get("den-ngay")),
            timezone.localdate(),
            request.GET.get("ky"),
        )
    except PeriodError as exc:
        context["error"] = str(exc)
        start, end = parse_period(None, None, timezone.localdate())
    year = timezone.localdate().year
    context["presets"] = [
        (f"{y}{suffix}", f"{label} năm {y}")
        for y in (year, year - 1, year - 2)
        for suffix, label in PRESETS
    ]
    context.update(start=start, end=end, data=dashboard_data(unit, start, end))
    return render(request, "reports/dashboard.html", context)


def _may_open_dossiers(user: object) -> bool:
    """Links to the dossier pages only for those the dossier pages let in (not administrators)."""
    if not isinstance(user, User) or user.unit_id is None:
        return False
    return bool(set(user.roles()) & ROLES_FOR_ACTION["view"])
