"""The public status page: a dossier's progress by its code plus a second factor.

The code alone is guessable (agency-date-sequence), so the page also asks for the last four
digits of the applicant's phone number (or personal ID number), answers "not found" the same
way for a wrong code and a wrong second factor, shows no personal data but a masked name, and
limits attempts per address.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, F, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from motcua.core.privacy import mask_person_name
from motcua.core.ratelimit import allow_request
from motcua.domain.dossier_states import Status
from motcua.dossiers.models import Dossier, HandOver
from motcua.payments.models import Payment, PaymentStatus

ATTEMPTS, WINDOW = 20, 600  # per client address, per 10 minutes


def second_factor_matches(second: str, phone: str, id_number: str) -> bool:
    """The last four digits typed match the applicant's phone or personal ID number."""
    digits = "".join(ch for ch in second if ch.isdigit())
    if len(digits) != 4:
        return False
    return any(value and value[-4:] == digits for value in (phone, id_number))


def _latest_step(field: str) -> Subquery:
    return Subquery(
        HandOver.objects.filter(dossier=OuterRef("pk")).order_by("-seq").values(field)[:1]
    )


def _find(code: str) -> dict[str, Any] | None:
    """Everything the page shows, in ONE query (the page is public and hit hard: no model
    instances, no further queries for the current step or a fee owed)."""
    return (
        Dossier.objects.filter(code=code)
        .annotate(
            procedure_name=F("procedure_version__name"),
            step_name=_latest_step("step_name"),
            step_unit=_latest_step("to_unit__name"),
            owes=Exists(
                Payment.objects.filter(dossier=OuterRef("pk"), status=PaymentStatus.WAITING)
            ),
        )
        .values(
            "code",
            "status",
            "applicant_name",
            "applicant_phone",
            "applicant_id_number",
            "accepted_at",
            "due_at",
            "resolved_at",
            "returned_at",
            "procedure_name",
            "step_name",
            "step_unit",
            "owes",
        )
        .first()
    )


@require_http_methods(["GET", "POST"])
def status_page(request: HttpRequest) -> HttpResponse:
    code = (request.POST.get("ma") or request.GET.get("ma") or "").strip().upper()
    context: dict[str, object] = {"code": code}
    if request.method == "POST":
        if not allow_request(request, "status-lookup", limit=ATTEMPTS, window=WINDOW):
            context["error"] = "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau 10 phút."
            return render(request, "dossiers/status.html", context, status=429)
        found = _find(code)
        if found is None or not second_factor_matches(
            request.POST.get("so", ""), found["applicant_phone"], found["applicant_id_number"]
        ):
            context["error"] = (
                "Không tìm thấy hồ sơ khớp với mã hồ sơ và 4 số cuối điện thoại "
                "(hoặc số định danh) đã nhập."
            )
        else:
            context["dossier"] = found
            context["status"] = Status(found["status"])
            context["holder"] = mask_person_name(found["applicant_name"])
    return render(request, "dossiers/status.html", context)
