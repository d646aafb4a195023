"""Online submission: the procedures that allow it, the e-form of a draft, submit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.catalog.models import ProcedureVersion, current_versions
from motcua.catalog.search import search_versions
from motcua.citizens import eform_page
from motcua.citizens.eform_prefill import identity_address
from motcua.citizens.models import CitizenDocument, CitizenProfile, Draft, Organisation
from motcua.citizens.permissions import citizen_of, get_draft_for_citizen
from motcua.citizens.services import (
    ONLINE_LEVELS,
    CitizenError,
    checked,
    online_version,
    remove_draft_item,
    save_draft,
    start_draft,
)
from motcua.citizens.submission import submit_draft
from motcua.citizens.uploads import CheckedFile
from motcua.core.converters import parse_id
from motcua.dossiers.models import Delivery
from motcua.eforms import pages as eform_pages
from motcua.eforms.services import attach_draft, save_for_draft
from motcua.units.models import Unit
from motcua.units.picker import address_choices

LOGIN = "citizens:login"
UNIT_KINDS = {
    "commune": ["commune"],
    "district": ["district"],
    "province": ["department", "public_service_centre"],
}


@login_required(login_url=LOGIN)
def procedures(request: HttpRequest) -> HttpResponse:
    """Procedures a citizen can submit online today (toàn trình or một phần)."""
    citizen = citizen_of(request)
    query = request.GET.get("q", "").strip()
    versions = search_versions(
        current_versions(timezone.localdate())
        .filter(procedure__kind="procedure", online_level__in=ONLINE_LEVELS)
        .select_related("procedure")
        .prefetch_related("fees")
        .order_by("name"),
        query,
    )
    return render(
        request,
        "citizens/procedures.html",
        {"versions": versions[:100], "query": query, "organisations": citizen.organisations.all()},
    )


@login_required(login_url=LOGIN)
@require_POST
def new_draft(request: HttpRequest) -> HttpResponse:
    citizen = citizen_of(request)
    organisation = None
    if request.POST.get("organisation"):
        organisation = Organisation.objects.filter(
            pk=parse_id(request.POST["organisation"]) or 0, representative=citizen
        ).first()
    try:
        draft = start_draft(citizen, request.POST.get("code", ""), organisation=organisation)
    except CitizenError as exc:
        messages.error(request, str(exc))
        return redirect("citizens:procedures")
    return redirect("citizens:draft", draft.pk)


@login_required(login_url=LOGIN)
@require_GET
def open_form(request: HttpRequest, code: str) -> HttpResponse:
    """The procedure's form, straight from its catalogue page (also the target a sign-in returns
    to, so the citizen lands on the form without another tap): the citizen's open draft of that
    procedure for themselves, else a new one. Opening it again never makes a second draft."""
    citizen = citizen_of(request)
    try:
        version = online_version(code)
    except CitizenError as exc:
        messages.error(request, str(exc))
        return redirect("citizens:procedures")
    draft = Draft.objects.filter(
        citizen=citizen, organisation=None, procedure_version=version, submission__isnull=True
    ).first()
    if draft is None:
        draft = start_draft(citizen, code)
    return redirect("citizens:draft", draft.pk)


def _contact_address(draft: Draft, citizen: CitizenProfile) -> dict[str, Any]:
    """The applicant's address as kept on the draft, else VNeID's permanent address with its
    province and commune pre-selected (citizens/eform_prefill.identity_address)."""
    home = identity_address(citizen)
    codes: dict[str, Any] = home if isinstance(home, dict) and home["commune"] else {}
    province = draft.data.get("address_province") or codes.get("province", "")
    return {
        "address": address_choices(timezone.localdate(), province, near=draft.unit),
        "address_unit": draft.data.get("address_unit") or codes.get("commune", ""),
        "street": draft.data.get("address") or (codes["detail"] if codes else citizen.address),
    }


def units_for(version: ProcedureVersion) -> QuerySet[Unit]:
    today = timezone.localdate()
    units = Unit.objects.exclude(short_code="").filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
    )
    kinds = UNIT_KINDS.get(version.level)
    return (units.filter(kind__in=kinds) if kinds else units).order_by("name")


def _files(request: HttpRequest, component_ids: set[int]) -> dict[int, CheckedFile]:
    """Every uploaded file checked before any is stored (one bad file: nothing is kept)."""
    files = {}
    for component_id in component_ids:
        upload = request.FILES.get(f"file-{component_id}")
        if upload is not None:
            files[component_id] = checked(upload.name or "", upload, upload.size)
    return files


def _reuse(request: HttpRequest, component_ids: set[int]) -> dict[int, int]:
    reuse = {}
    for component_id in component_ids:
        value = request.POST.get(f"reuse-{component_id}", "")
        if value.isdigit():
            reuse[component_id] = int(value)
    return reuse


@login_required(login_url=LOGIN)
@require_http_methods(["GET", "POST"])
def draft_page(request: HttpRequest, pk: int) -> HttpResponse:
    citizen = citizen_of(request)
    draft = get_draft_for_citizen(citizen, pk)
    done = getattr(draft, "submission", None)
    if done is not None:
        return redirect("citizens:dossier", done.dossier_id)
    version = draft.procedure_version
    units = units_for(version)
    component_ids = set(version.components.values_list("pk", flat=True))
    eform = eform_page.for_draft(draft, citizen)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("remove"):
                remove_draft_item(draft, parse_id(request.POST["remove"]) or 0)
                return redirect("citizens:draft", draft.pk)
            submitting = request.POST.get("action") == "submit"
            if not eform.check(request.POST, day=timezone.localdate(), complete=submitting):
                raise CitizenError(
                    eform_pages.INVALID
                )  # nothing written (the form is checked first)
            unit = units.filter(pk=parse_id(request.POST.get("unit")) or 0).first()
            draft = save_draft(
                draft,
                data=request.POST.dict(),
                unit=unit,
                uploads=_files(request, component_ids),
                reuse=_reuse(request, component_ids),
            )
            if eform.checked is not None:
                save_for_draft(
                    draft.pk, eform.checked, prefilled=list(eform.fixed), actor=draft.citizen.user
                )
            if submitting:
                with transaction.atomic():
                    dossier = submit_draft(draft)
                    attach_draft(draft.pk, dossier, actor=draft.citizen.user)
                messages.success(
                    request,
                    "Đã nộp hồ sơ trực tuyến. Cán bộ tiếp nhận sẽ kiểm tra trong 8 giờ làm việc.",
                )
                return redirect("citizens:dossier", dossier.pk)
            messages.success(request, "Đã lưu hồ sơ nháp.")
            return redirect("citizens:draft", draft.pk)
        except CitizenError as exc:
            messages.error(request, str(exc))
            status = 400 if not eform.ok else 200
    items = {item.component_id: item for item in draft.items.select_related("document")}
    context: dict[str, Any] = {
        "draft": draft,
        "version": version,
        "citizen": citizen,
        "units": units,
        **_contact_address(draft, citizen),
        "rows": [(c, items.get(c.pk)) for c in version.components.all()],
        "store": CitizenDocument.objects.filter(citizen=citizen, in_store=True),
        "deliveries": [
            (value, label)
            for value, label in Delivery.choices
            if not version.result_delivery or value in version.result_delivery
        ],
        "eform": eform_page.draft_context(
            eform,
            draft,
            day=timezone.localdate(),
            post=request.POST.dict() if request.method == "POST" else None,
        ),
    }
    return render(request, "citizens/draft.html", context, status=status)


@login_required(login_url=LOGIN)
def address_communes(request: HttpRequest) -> HttpResponse:
    """The communes of a province on today's list (options for the e-form's address picker)."""
    citizen_of(request)
    choices = address_choices(timezone.localdate(), request.GET.get("address_province", "-"))
    return render(request, "units/address_communes.html", {"address": choices})
