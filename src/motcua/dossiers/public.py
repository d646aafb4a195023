"""The public status page: a dossier's progress by its code plus a second factor.

The code alone is guessable (agency-date-sequence), so the page also asks for the last four
digits of the applicant's phone number (or personal ID number), answers "not found" the same
way for a wrong code and a wrong second factor, shows no personal data but a masked name, and
limits attempts per address.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from motcua.domain.dossier_states import Status
from motcua.dossiers.models import Dossier

ATTEMPTS, WINDOW = 20, 600  # per client address, per 10 minutes


def mask_name(name: str) -> str:
    """ "Nguyễn Thị Ngọc Ánh" → "Nguyễn T. N. Á." """
    words = name.split()
    if len(words) <= 1:
        return (name[:1] + "***") if name else ""
    return " ".join([words[0], *[w[0] + "." for w in words[1:]]])


def _matches(dossier: Dossier, second: str) -> bool:
    digits = "".join(ch for ch in second if ch.isdigit())
    if len(digits) != 4:
        return False
    return any(
        value and value[-4:] == digits
        for value in (dossier.applicant_phone, dossier.applicant_id_number)
    )


@require_http_methods(["GET", "POST"])
def status_page(request: HttpRequest) -> HttpResponse:
    code = (request.POST.get("ma") or request.GET.get("ma") or "").strip().upper()
    context: dict[str, object] = {"code": code}
    if request.method == "POST":
        key = f"status-lookup:{request.META.get('REMOTE_ADDR', '')}"
        attempts = int(cache.get_or_set(key, 0, WINDOW) or 0)
        if attempts >= ATTEMPTS:
            context["error"] = "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau 10 phút."
            return render(request, "dossiers/status.html", context, status=429)
        cache.incr(key)
        dossier = Dossier.objects.select_related("procedure_version").filter(code=code).first()
        if dossier is None or not _matches(dossier, request.POST.get("so", "")):
            context["error"] = (
                "Không tìm thấy hồ sơ khớp với mã hồ sơ và 4 số cuối điện thoại "
                "(hoặc số định danh) đã nhập."
            )
        else:
            context["dossier"] = dossier
            context["status"] = Status(dossier.status)
            context["holder"] = mask_name(dossier.applicant_name)
            context["current_step"] = dossier.hand_overs.order_by("-seq").first()
            context["owes"] = dossier.payments.filter(status="waiting").exists()
    return render(request, "dossiers/status.html", context)
