"""Staff pages of the TTHC control register (/kiem-soat/): the register of a unit for a period,
create/correct forms for each kind of entry, the narrative report's editor and its download.

The pages never write models: each form calls the service function of its act; who may do what
is decided in permissions.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, NamedTuple
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import DateField, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.control import services
from motcua.control.models import (
    Communication,
    Initiative,
    Inspection,
    Plan,
    Registered,
    Resource,
    Review,
)
from motcua.control.narrative import build_context
from motcua.control.narrative_render import render_narrative
from motcua.control.narrative_text import defaults
from motcua.control.permissions import entry_for_register, register_units, unit_for_register
from motcua.control.sections import HEADER, SECTIONS
from motcua.control.services import FIELDS, ControlError
from motcua.domain.vnformat import TypedDateError, typed_period
from motcua.units.models import Unit

Record = Callable[..., Registered]


class Kind(NamedTuple):
    model: type[Registered]
    title: str
    record: Record
    keyword: str  # the service's keyword for the entry being corrected


KINDS: dict[str, Kind] = {
    "ke-hoach": Kind(Plan, "Kế hoạch", services.record_plan, "plan"),
    "ra-soat": Kind(Review, "Rà soát, đánh giá TTHC", services.record_review, "review"),
    "tuyen-truyen": Kind(
        Communication, "Tuyên truyền", services.record_communication, "communication"
    ),
    "kiem-tra": Kind(Inspection, "Kiểm tra", services.record_inspection, "inspection"),
    "sang-kien": Kind(Initiative, "Sáng kiến", services.record_initiative, "initiative"),
    "kinh-phi": Kind(Resource, "Kinh phí, trang thiết bị", services.record_resource, "resource"),
}


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied("Trang dành cho cán bộ.")
    return request.user


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    """The period typed as dd/mm/yyyy (TypedDateError otherwise); default the year to today."""
    today = timezone.localdate()
    default = (dt.date(today.year - 1, 12, 15), today)
    return typed_period(request.GET.get("tu"), request.GET.get("den"), default)


def _query(unit: Unit, start: dt.date, end: dt.date) -> str:
    params = {"don-vi": unit.code, "tu": f"{start:%d/%m/%Y}", "den": f"{end:%d/%m/%Y}"}
    return "?" + urlencode(params, safe="/")


def _bad_period(request: HttpRequest, user: User, unit: Unit, exc: TypedDateError) -> HttpResponse:
    """The register's form again with the typed period and the message; nothing computed."""
    context = {
        "unit": unit,
        "units": register_units(user).order_by("name"),
        "typed": {"tu": request.GET.get("tu", ""), "den": request.GET.get("den", "")},
        "error": str(exc),
    }
    return render(request, "control/index.html", context, status=400)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    unit = unit_for_register(user, request.GET.get("don-vi"))
    try:
        start, end = _period(request)
    except TypedDateError as exc:
        return _bad_period(request, user, unit, exc)
    sections = []
    for slug, kind in KINDS.items():
        entries: QuerySet[Any] = kind.model._default_manager.filter(unit=unit)
        if kind.model is Review:
            entries = Review.objects.filter(unit=unit).select_related("procedure")
        sections.append({"slug": slug, "title": kind.title, "entries": entries[:200]})
    return render(
        request,
        "control/index.html",
        {
            "unit": unit,
            "units": register_units(user).order_by("name"),
            "start": start,
            "end": end,
            "typed": {"tu": f"{start:%d/%m/%Y}", "den": f"{end:%d/%m/%Y}"},
            "query": _query(unit, start, end),
            "sections": sections,
        },
    )


def _form_class(kind: Kind) -> type[forms.ModelForm[Any]]:
    widgets: dict[str, type[forms.Widget] | forms.Widget] = {
        name: forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
        )
        for name in FIELDS[kind.model]
        if isinstance(kind.model._meta.get_field(name), DateField)
    }
    return forms.modelform_factory(kind.model, fields=FIELDS[kind.model], widgets=widgets)


def _limit(form: forms.ModelForm[Any], unit: Unit) -> None:
    if "plan" in form.fields:
        plans: QuerySet[Plan] = Plan.objects.filter(unit=unit)
        form.fields["plan"].queryset = plans  # type: ignore[attr-defined]
    if "procedure" in form.fields:
        procedures: QuerySet[Procedure] = Procedure.objects.filter(kind="procedure")
        form.fields["procedure"].queryset = procedures.order_by("code")  # type: ignore[attr-defined]


@login_required
@require_http_methods(["GET", "POST"])
def entry_form(request: HttpRequest, kind_slug: str, pk: int | None = None) -> HttpResponse:
    user = _user(request)
    kind = KINDS.get(kind_slug)
    if kind is None:
        raise Http404("Không có loại mục này.")
    entry = entry_for_register(user, kind.model, pk) if pk is not None else None
    unit = entry.unit if entry is not None else unit_for_register(user, request.GET.get("don-vi"))
    form_class = _form_class(kind)
    instance = entry if entry is not None else kind.model(unit=unit)
    form = form_class(request.POST or None, instance=instance)
    _limit(form, unit)
    if request.method == "POST" and form.is_valid():
        try:
            saved = kind.record(unit, form.cleaned_data, actor=user, **{kind.keyword: entry})
        except ControlError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã lưu: {saved}.")
            return redirect(reverse("control:index") + f"?don-vi={unit.code}")
    return render(
        request,
        "control/entry_form.html",
        {"form": form, "kind": kind, "unit": unit, "entry": entry},
    )


@login_required
@require_http_methods(["GET", "POST"])
def narrative(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    unit = unit_for_register(user, request.GET.get("don-vi"))
    try:
        start, end = _period(request)
    except TypedDateError as exc:
        return _bad_period(request, user, unit, exc)
    error = ""
    if request.method == "POST":
        given = {p.key: request.POST[p.key] for p in HEADER + SECTIONS if p.key in request.POST}
        try:
            services.save_narrative_draft(unit, start, end, given, actor=user)
        except ControlError as exc:
            error = str(exc)
        else:
            messages.success(request, "Đã lưu dự thảo báo cáo.")
            return redirect(reverse("control:narrative") + _query(unit, start, end))
    ctx = build_context(unit, start, end)
    generated = defaults(ctx)
    posted = request.POST if error else None
    parts = [
        {
            "key": part.key,
            "label": part.label,
            "rows": part.rows,
            "value": posted.get(part.key, "") if posted else ctx.texts.get(part.key, ""),
            "default": generated.get(part.key, ""),
        }
        for part in HEADER + SECTIONS
    ]
    return render(
        request,
        "control/narrative_form.html",
        {
            "unit": unit,
            "start": start,
            "end": end,
            "parts": parts,
            "error": error,
            "query": _query(unit, start, end),
            "figures": ctx.dossiers,
        },
    )


@login_required
def download(request: HttpRequest, kind: str) -> HttpResponse:
    user = _user(request)
    unit = unit_for_register(user, request.GET.get("don-vi"))
    try:
        start, end = _period(request)
    except TypedDateError as exc:
        return _bad_period(request, user, unit, exc)
    data = render_narrative(unit, start, end, kind)
    types = {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf",
    }
    response = HttpResponse(data, content_type=types[kind])
    name = f"bao-cao-kiem-soat-tthc-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
