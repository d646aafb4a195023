"""For receiving officers: verify a citizen's personal ID number at the desk, after checking the
person's identity papers (citizens/identity.py: an audited act with the officer's name)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.citizens.identity import VerificationError, verify_at_desk
from motcua.citizens.models import CitizenProfile
from motcua.domain.identity import IdentityError, check_personal_id


@login_required
@require_http_methods(["GET", "POST"])
def verify_identity(request: HttpRequest) -> HttpResponse:
    officer = request.user
    if not isinstance(officer, User) or Role.RECEIVING_OFFICER not in officer.roles():
        raise PermissionDenied("Trang dành cho công chức tiếp nhận.")
    context: dict[str, object] = {"number": request.POST.get("so_dinh_danh", "").strip()}
    if request.method == "POST":
        try:
            number = check_personal_id(str(context["number"]), None)
        except IdentityError as exc:
            context["error"] = str(exc)
            return render(request, "citizens/desk_verify.html", context, status=400)
        profile = CitizenProfile.objects.filter(personal_id=number, closed_at__isnull=True).first()
        context["profile"] = profile
        if profile is None:
            context["error"] = "Số định danh này chưa có tài khoản dịch vụ công."
        elif request.POST.get("hanh_dong") == "xac_thuc":
            try:
                verify_at_desk(profile, officer=officer, papers=request.POST.get("giay_to", ""))
            except VerificationError as exc:
                context["error"] = str(exc)
            else:
                context["done"] = True
    status = 400 if "error" in context else 200
    return render(request, "citizens/desk_verify.html", context, status=status)
