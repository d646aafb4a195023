"""Citizen pages (no login): send a PAKN, follow it up and rate the answer, the public list of
published answers, and the rating of a returned dossier (dossier code + last 4 digits of phone or
ID, the same answer for a wrong code and a wrong second factor). All rate-limited per address.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from motcua.core.privacy import mask_person_name
from motcua.core.ratelimit import allow_request
from motcua.domain.feedback_rules import SCALE, Level, PetitionKind, scheme_on
from motcua.dossiers.public import allow_guess
from motcua.feedback.models import Petition, PetitionState
from motcua.feedback.ratings import (
    NOT_FOUND,
    RatingError,
    find_dossier,
    rate_dossier,
    refusal_reason,
)
from motcua.feedback.services import FeedbackError, PetitionIn, rate_answer, receive_petition
from motcua.units.models import Unit, UnitKind

LOOKUPS, LOOKUP_WINDOW = 20, 600  # look-ups per address per 10 minutes
SUBMISSIONS, SUBMISSION_WINDOW = 5, 3600  # PAKN per address per hour
TOO_MANY = "Bạn đã thao tác quá nhiều lần. Vui lòng thử lại sau."


def _limited(request: HttpRequest, bucket: str, limit: int, window: int) -> bool:
    """Count one attempt; True when the address has used up its attempts."""
    return not allow_request(request, bucket, limit=limit, window=window)


def open_units() -> list[Unit]:
    today = timezone.localdate()
    units = Unit.objects.exclude(kind__in=[UnitKind.AGENCY]).order_by("name")
    return [u for u in units if u.is_active_on(today)]


def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/landing.html")


@require_http_methods(["GET", "POST"])
def petition_form(request: HttpRequest) -> HttpResponse:
    units = open_units()
    context: dict[str, object] = {"units": units, "kinds": list(PetitionKind), "form": {}}
    if request.method == "POST":
        post = request.POST
        context["form"] = post
        if post.get("website"):  # the hidden honeypot field: a robot filled it
            context["error"] = "Không gửi được phản ánh, kiến nghị."
            return render(request, "feedback/submit.html", context, status=400)
        if _limited(request, "petition-submit", SUBMISSIONS, SUBMISSION_WINDOW):
            context["error"] = TOO_MANY
            return render(request, "feedback/submit.html", context, status=429)
        unit = next((u for u in units if u.code == post.get("unit")), None)
        try:
            if unit is None:
                raise FeedbackError("Chưa chọn cơ quan nhận phản ánh, kiến nghị.")
            petition = receive_petition(
                PetitionIn(
                    unit=unit,
                    kind=post.get("kind", ""),
                    name=post.get("name", ""),
                    subject=post.get("subject", ""),
                    content=post.get("content", ""),
                    phone=post.get("phone", ""),
                    email=post.get("email", ""),
                    address=post.get("address", ""),
                    procedure_code=post.get("procedure_code", ""),
                    dossier_code=post.get("dossier_code", ""),
                )
            )
        except FeedbackError as exc:
            context["error"] = str(exc)
            return render(request, "feedback/submit.html", context, status=422)
        return render(request, "feedback/submitted.html", {"petition": petition})
    context["form"] = {"unit": request.GET.get("don-vi", "")}
    return render(request, "feedback/submit.html", context)


def published_list(request: HttpRequest) -> HttpResponse:
    """Published PAKN: the question as rewritten for publication and the answer; no names,
    contacts, codes or original content."""
    rows = (
        Petition.objects.filter(published_at__isnull=False)
        .select_related("unit")
        .only(
            "kind",
            "subject",
            "public_question",
            "answer",
            "received_at",
            "answered_at",
            "published_at",
            "unit__name",
        )
        .order_by("-published_at")[:200]
    )
    return render(request, "feedback/published.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest) -> HttpResponse:
    """The submitter follows a PAKN by its code and rates the answer once."""
    code = (request.POST.get("ma") or "").strip().upper()
    context: dict[str, object] = {"code": code}
    if request.method == "POST":
        if _limited(request, "petition-lookup", LOOKUPS, LOOKUP_WINDOW):
            context["error"] = TOO_MANY
            return render(request, "feedback/follow_up.html", context, status=429)
        petition = Petition.objects.filter(code=code).first()
        if petition is None:
            context["error"] = "Không tìm thấy phản ánh, kiến nghị có mã đã nhập."
        else:
            verdict = request.POST.get("hai-long")
            if verdict in ("co", "khong"):
                try:
                    petition = rate_answer(petition, satisfied=verdict == "co")
                    context["notice"] = "Cảm ơn bạn đã đánh giá việc trả lời."
                except FeedbackError as exc:
                    context["error"] = str(exc)
            context["petition"] = petition
            context["answered"] = petition.state == PetitionState.ANSWERED
    return render(request, "feedback/follow_up.html", context)


@require_http_methods(["GET", "POST"])
def rate_dossier_page(request: HttpRequest) -> HttpResponse:
    """Step 1: code + last 4 digits; step 2 (same POST plus the answers): the rating."""
    post = request.POST
    code = (post.get("ma") or request.GET.get("ma") or "").strip().upper()
    context: dict[str, object] = {"code": code, "levels": SCALE, "na": Level.NOT_APPLICABLE}
    if request.method == "GET":
        return render(request, "feedback/rate.html", context)
    if not allow_guess(request):  # the budget shared with /tra-cuu/ and /thanh-toan/
        context["error"] = TOO_MANY
        return render(request, "feedback/rate.html", context, status=429)
    dossier = find_dossier(code, post.get("so", ""))
    if dossier is None:
        context["error"] = NOT_FOUND
        return render(request, "feedback/rate.html", context)
    answers = {k[3:]: post.get(k, "") for k in post if k.startswith("nd-")}
    refusal = refusal_reason(dossier)
    returned = timezone.localtime(dossier.returned_at or timezone.now()).date()
    context.update(
        dossier=dossier,
        second=post.get("so", ""),
        holder=mask_person_name(dossier.applicant_name),
        refusal=refusal,
        criteria=scheme_on(returned).criteria,
    )
    if post.get("gui") and refusal is None:
        try:
            rate_dossier(dossier, answers, other_text=post.get("khac", ""))
        except RatingError as exc:
            context["error"] = str(exc)
            return render(request, "feedback/rate.html", context, status=422)
        context["done"] = True
    return render(request, "feedback/rate.html", context)
