"""Public catalogue pages: list with search and filters, detail, notice-board listing, counts."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.catalog.excel import export_catalog
from motcua.catalog.models import (
    Field,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureKind,
    ProcedureVersion,
    current_versions,
)
from motcua.catalog.search import search_versions
from motcua.domain.text import fold
from motcua.units.models import Unit


def _filtered(request: HttpRequest) -> tuple[QuerySet[ProcedureVersion], dict[str, str]]:
    params = {key: request.GET.get(key, "").strip() for key in ("q", "field", "level", "online")}
    versions = current_versions(timezone.localdate()).filter(
        procedure__kind=ProcedureKind.PROCEDURE
    )
    searched = search_versions(versions, params["q"])
    if params["field"]:
        searched = searched.filter(field__code=params["field"])
    if params["level"] in Level.values:
        searched = searched.filter(level=params["level"])
    if params["online"] in OnlineLevel.values:
        searched = searched.filter(online_level=params["online"])
    searched = searched.select_related("procedure", "field")
    if not fold(params["q"]).strip():  # no query: the catalogue's own order
        searched = searched.order_by("field__report_order", "procedure__code")
    return searched, params


@require_GET
def catalog_list(request: HttpRequest) -> HttpResponse:
    versions, params = _filtered(request)
    context = {
        "versions": versions,
        "params": params,
        "fields": Field.objects.all(),
        "levels": Level.choices,
        "online_levels": OnlineLevel.choices,
    }
    template = "catalog/_results.html" if request.htmx else "catalog/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
def catalog_print(request: HttpRequest) -> HttpResponse:
    versions, params = _filtered(request)
    versions = versions.prefetch_related("fees")
    return render(request, "catalog/print.html", {"versions": versions, "params": params})


@require_GET
def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = get_object_or_404(Procedure, code=code)
    version = procedure.version_on(timezone.localdate())
    if version is None:
        raise Http404("Thủ tục chưa có hiệu lực")
    context = {
        "procedure": procedure,
        "version": version,
        "fees": version.fees.all(),
        "components": version.components.all(),
        "steps": version.steps.all(),
        "publications": procedure.publications.select_related("unit"),
        "other_versions": procedure.versions.exclude(pk=version.pk),
        "online": version.online_level in (OnlineLevel.FULL, OnlineLevel.PARTIAL)
        and procedure.kind == ProcedureKind.PROCEDURE,
    }
    return render(request, "catalog/detail.html", context)


@require_GET
def catalog_excel(request: HttpRequest) -> HttpResponse:
    day = timezone.localdate()
    response = HttpResponse(
        export_catalog(day),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="danh-muc-tthc-{day:%Y%m%d}.xlsx"'
    return response


@require_GET
def publication_counts(request: HttpRequest) -> HttpResponse:
    units = (
        Unit.objects.annotate(
            at_desk=Count("publications", filter=Q(publications__at_desk=True)),
            on_portal=Count("publications", filter=Q(publications__on_portal=True)),
            total=Count("publications"),
        )
        .filter(total__gt=0)
        .order_by("code")
    )
    return render(request, "catalog/counts.html", {"units": units})
