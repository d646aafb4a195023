"""Report pages (/bao-cao/): the index of reports and Biểu II.06a with its downloads.

Every page asks reports/permissions.py which units the user may see (a role without reports: 403).
The page and the four downloads (JSON, Excel, Word, PDF) are built from one computed report, so
they print the same figures. Bad input gives the page again with a Vietnamese message and status
400; a unit outside the user's scope (or unknown) the page with the message and status 404.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.accounts.models import User
from motcua.domain.periods import PeriodError, period
from motcua.domain.vnformat import TypedDateError, typed_date, typed_period
from motcua.reports.ii06a import Report, ii06a
from motcua.reports.ii06a_print import PrintOptions, document_data, render_ii06a_docx
from motcua.reports.ii06a_print import render_ii06a_pdf as render_pdf
from motcua.reports.ii06a_table import receiving_unit
from motcua.reports.ii06a_xlsx import render_xlsx
from motcua.reports.ii07b import GROUPS, NUMBERS_ROW, TITLE, ii07b, render_ii07b_xlsx
from motcua.reports.ii07b_print import render_ii07b_docx, render_ii07b_pdf
from motcua.reports.permissions import reportable_units, unit_for_report


@dataclass(frozen=True)
class Section:
    """One entry of the index; other report pages add theirs to SECTIONS."""

    title: str
    description: str
    url_name: str


SECTIONS: list[Section] = [
    Section(
        "Biểu II.06a/VPCP/KSTT",
        "Tình hình, kết quả giải quyết TTHC theo lĩnh vực: xem, tải JSON, Excel, Word, PDF.",
        "reports:ii06a",
    ),
    Section(
        "Biểu II.07b/VPCP/KSTT",
        "Số lượng TTHC theo cấp, thực hiện qua Bộ phận Một cửa, có quy trình nội bộ, "
        "tại một ngày: xem, tải JSON, Excel, Word, PDF.",
        "reports:ii07b",
    ),
    Section(
        "Bảng điều khiển và Bộ chỉ số QĐ 766",
        "Tỷ lệ đúng hạn theo tháng, kênh nộp, điểm QĐ 766 theo nhóm, chỉ tiêu NQ 01/02, hồ sơ "
        "đang quá hạn.",
        "reports:dashboard",
    ),
    Section(
        "Báo cáo kiểm soát TTHC (văn bản)",
        "Báo cáo định kỳ theo mẫu của đơn vị: sửa các phần lời văn, tải Word, PDF kèm phụ lục "
        "II.06a.",
        "control:narrative",
    ),
    Section(
        "Hồ sơ liên thông: đúng hạn theo cơ quan",
        "Mỗi bước của Công an, Bảo hiểm xã hội, UBND xã trước hạn, đúng hạn, quá hạn.",
        "bundles:attribution",
    ),
]
FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
    "pdf": ("application/pdf", "PDF"),
    "json": ("application/json", "JSON"),
}
QUARTERS = ("I", "II", "III", "IV")


class BadInputError(ValueError):
    pass


def period_choices(today: dt.date) -> list[tuple[str, str]]:
    """Presets with the cut-off dates printed: this year and the two before."""
    choices = []
    for year in range(today.year, today.year - 3, -1):
        labels = [(f"{year}", f"Năm {year}"), (f"{year}-H1", f"6 tháng đầu năm {year}")]
        labels += [(f"{year}-Q{q}", f"Quý {QUARTERS[q - 1]}/{year}") for q in range(1, 5)]
        for value, label in labels:
            start, end = period(value)
            choices.append((value, f"{label} ({start:%d/%m/%Y} – {end:%d/%m/%Y})"))
    return choices


def _dates(params: Any) -> tuple[dt.date, dt.date]:
    preset = (params.get("ky") or "").strip()
    if preset:
        try:
            return period(preset)
        except PeriodError as exc:
            raise BadInputError(str(exc)) from exc
    if not (params.get("tu") or "").strip() and not (params.get("den") or "").strip():
        raise BadInputError("Chọn kỳ báo cáo, hoặc nhập “Từ ngày” và “Đến ngày” (dd/mm/yyyy).")
    try:
        return typed_period(params.get("tu"), params.get("den"))
    except TypedDateError as exc:
        raise BadInputError(str(exc)) from exc


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def index(request: HttpRequest) -> HttpResponse:
    reportable_units(_user(request))  # 403 without a reporting role
    return render(request, "reports/index.html", {"sections": SECTIONS})


@login_required
def ii06a_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    units = reportable_units(user).order_by("name")
    today = timezone.localdate()
    context: dict[str, Any] = {
        "units": units,
        "periods": period_choices(today),
        "params": request.GET,
        "selected_unit": request.GET.get("don-vi") or (user.unit.code if user.unit else ""),
        "formats": [(key, label) for key, (_, label) in FORMATS.items()],
    }
    if "don-vi" not in request.GET:
        return render(request, "reports/ii06a.html", context)
    fmt = request.GET.get("dinh-dang") or "html"
    try:
        if fmt != "html" and fmt not in FORMATS:
            raise BadInputError(f"Định dạng “{fmt}” không có (html, json, xlsx, docx, pdf).")
        unit = unit_for_report(user, request.GET["don-vi"])
        start, end = _dates(request.GET)
    except BadInputError as exc:
        context["error"] = str(exc)
        return render(request, "reports/ii06a.html", context, status=400)
    except Http404 as exc:
        context["error"] = str(exc)
        return render(request, "reports/ii06a.html", context, status=404)
    report = ii06a(unit, start, end)
    options = PrintOptions(signed_on=today, preparer=user.full_name)
    if fmt != "html":
        return _download(report, options, fmt)
    query = request.GET.copy()
    query.pop("dinh-dang", None)
    context.update(document_data(report, options))
    context["query"] = query.urlencode()
    return render(request, "reports/ii06a.html", context)


def _download(report: Report, options: PrintOptions, fmt: str) -> HttpResponse:
    if fmt == "json":
        body = json.dumps(report.as_json(), ensure_ascii=False, indent=2).encode()
    elif fmt == "xlsx":
        body = render_xlsx(report, receiving_unit(report.unit), options)
    elif fmt == "docx":
        body = render_ii06a_docx(report, options)
    else:
        body = render_pdf(report, options)
    response = HttpResponse(body, content_type=FORMATS[fmt][0])
    name = f"bieu-ii06a-{report.unit.code}-{report.start}-{report.end}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def ii07b_page(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context: dict[str, Any] = {
        "units": reportable_units(user).order_by("name"),
        "selected_unit": request.GET.get("don-vi") or (user.unit.code if user.unit else ""),
        "day": request.GET.get("ngay") or f"{timezone.localdate():%d/%m/%Y}",
        "groups": GROUPS,
        "numbers": NUMBERS_ROW,
        "title": TITLE,
    }
    if "don-vi" not in request.GET:
        return render(request, "reports/ii07b.html", context)
    fmt = request.GET.get("dinh-dang") or "html"
    try:
        if fmt not in ("html", *FORMATS):
            raise BadInputError(f"Định dạng “{fmt}” không có (html, json, xlsx, docx, pdf).")
        unit = unit_for_report(user, request.GET["don-vi"])
        try:
            day = typed_date(request.GET.get("ngay"), "Tính đến ngày")
        except TypedDateError as exc:
            raise BadInputError(str(exc)) from exc
    except BadInputError as exc:
        context["error"] = str(exc)
        return render(request, "reports/ii07b.html", context, status=400)
    except Http404 as exc:
        context["error"] = str(exc)
        return render(request, "reports/ii07b.html", context, status=404)
    counted = ii07b(unit, day)
    if fmt == "html":
        query = request.GET.copy()
        query.pop("dinh-dang", None)
        context.update(report=counted, query=query.urlencode())
        return render(request, "reports/ii07b.html", context)
    receiver = receiving_unit(unit)
    if fmt == "json":
        body = json.dumps(counted.as_json(), ensure_ascii=False, indent=2).encode()
    elif fmt == "xlsx":
        body = render_ii07b_xlsx(counted, receiver, timezone.localdate(), user.full_name)
    elif fmt == "docx":
        body = render_ii07b_docx(counted, receiver, timezone.localdate(), user.full_name)
    else:
        body = render_ii07b_pdf(counted, receiver, timezone.localdate(), user.full_name)
    response = HttpResponse(body, content_type=FORMATS[fmt][0])
    name = f"bieu-ii07b-{unit.code}-{day}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
