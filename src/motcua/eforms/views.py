"""Staff pages of a dossier's e-form: the officer's audited correction and the printed
declaration; and the communes of a province for the address fields (citizens and staff).

Deny by default: the dossier comes through dossiers/permissions.py (404 for whoever may not see
it, 403 for a role that may not correct it; an inter-linked agency gets neither).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import Forbidden, get_dossier_for_staff, own_dossier_for_staff
from motcua.eforms.declaration import render_declaration
from motcua.eforms.services import (
    EformError,
    definition_of,
    dossier_values,
    edit_by_officer,
    vouched,
)
from motcua.eforms.widgets import table, widgets
from motcua.units.picker import address_choices


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or user.unit is None or not user.roles():
        raise PermissionDenied("Trang dành cho cán bộ đã được gán đơn vị và vai trò.")
    return user


def dossier_section(user: User, dossier: Dossier) -> dict[str, Any]:
    """What the dossier page shows of the e-form (nothing when the procedure has none)."""
    definition = definition_of(dossier.procedure_version)
    if definition is None:
        return {}
    data = dossier_values(dossier)
    rows = table(definition, data.values if data else {})
    can_edit = dossier.returned_at is None and dossier.ended_at is None
    try:
        get_dossier_for_staff(user, dossier.pk, "edit_eform", log_read=False)
    except (Forbidden, Http404):
        can_edit = False
    return {"eform_rows": rows, "eform_can_edit": can_edit, "eform_shown": True}


@login_required
def communes(request: HttpRequest) -> HttpResponse:
    """The communes of a province on today's list (the address fields' second select)."""
    province = next(
        (
            str(value)
            for key, value in request.GET.items()
            if key.startswith("ef-") and key.endswith("-province")
        ),
        "",
    )
    choices = address_choices(timezone.localdate(), province or "-")
    return render(request, "units/address_communes.html", {"address": choices})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    try:
        dossier = get_dossier_for_staff(user, pk, "edit_eform", log_read=request.method == "GET")
    except Forbidden as exc:
        raise PermissionDenied(str(exc)) from exc
    definition = definition_of(dossier.procedure_version)
    if definition is None:
        raise Http404("Thủ tục không có tờ khai điện tử")
    data = dossier_values(dossier)
    context: dict[str, Any] = {"dossier": dossier, "definition": definition}
    status = 200
    if request.method == "POST":
        try:
            cleaned = edit_by_officer(
                dossier, request.POST.dict(), actor=user, day=timezone.localdate()
            )
        except EformError as exc:
            messages.error(request, str(exc))
            return redirect("dossiers:detail", pk)
        if cleaned.ok:
            messages.success(request, "Đã lưu nội dung tờ khai (thay đổi được ghi nhật ký).")
            return redirect("dossiers:detail", pk)
        context["eform"] = widgets(
            definition,
            post=request.POST.dict(),
            errors=cleaned.errors,
            fixed=vouched(data),
            day=timezone.localdate(),
            near=dossier.competent_unit,
        )
        context["error"] = "Tờ khai còn thông tin chưa hợp lệ; chưa lưu. Xem thông báo tại từng ô."
        status = 400
    else:
        context["eform"] = widgets(
            definition,
            values=data.values if data else {},
            fixed=vouched(data),
            day=timezone.localdate(),
            near=dossier.competent_unit,
        )
    return render(request, "eforms/edit.html", context, status=status)


@login_required
def declaration(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    dossier = own_dossier_for_staff(user, pk)
    definition = definition_of(dossier.procedure_version)
    data = dossier_values(dossier)
    if definition is None or data is None:
        raise Http404("Hồ sơ chưa có tờ khai điện tử")
    pdf = render_declaration(dossier, definition, dict(data.values))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"to-khai-{dossier.code or dossier.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
