"""The public status page: a dossier's progress by its code plus a second factor.

The code alone is guessable (agency-date-sequence), so the page also asks for the last four
digits of the applicant's phone number (or personal ID number), answers "not found" the same
way for a wrong code and a wrong second factor, shows no personal data but a masked name, and
limits the guesses per client address (one budget with the payment look-up and the ratings).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.db import connection
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from motcua.core.privacy import mask_person_name
from motcua.core.ratelimit import allow_request
from motcua.domain.dossier_states import Status
from motcua.dossiers import fee_rules
from motcua.dossiers.models import Dossier, HandOver

ATTEMPTS, WINDOW = 20, 600  # per client address, per 10 minutes
GUESS_BUCKET = "dossier-guess"  # one budget for every code + 4-digit look-up


def allow_guess(request: HttpRequest) -> bool:
    """Count one code + 4-digit guess of this client: the status page, the payment look-up and
    the ratings (page and API) share ATTEMPTS per WINDOW, so three pages do not give 3×."""
    return allow_request(request, GUESS_BUCKET, limit=ATTEMPTS, window=WINDOW)


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


def _queryset(code: str) -> QuerySet[Dossier, dict[str, Any]]:
    """Everything the page shows, in ONE query (no model instances, no further queries for the
    current step or a fee owed)."""
    return (
        Dossier.objects.filter(code=code)
        .annotate(
            procedure_name=F("procedure_version__name"),
            step_name=_latest_step("step_name"),
            step_unit=_latest_step("to_unit__name"),
            owes=fee_rules.waiting_fee(),  # a fee waiting to be paid (the payments app's rule)
        )
        .values(*FIELDS)
    )


FIELDS = (
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
DATETIMES = ("accepted_at", "due_at", "resolved_at", "returned_at")
_SENTINEL = "\x00code"  # stands for the looked-up code in the compiled statement


@functools.cache
def _statement(vendor: str) -> tuple[str, tuple[Any, ...], int]:
    """The query above compiled to SQL once per process and engine: compiling its two
    subqueries and the join cost more than running it (≈ 1 ms a look-up, measured)."""
    sql, params = _queryset(_SENTINEL).query.sql_with_params()
    return sql, tuple(params), list(params).index(_SENTINEL)


def _datetime(value: dt.datetime | str | None) -> dt.datetime | None:
    """The driver's value as Django's converters would give it: PostgreSQL returns aware
    datetimes; SQLite naive UTC datetimes (or text, Django's storage format)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value


def _find(code: str) -> dict[str, Any] | None:
    sql, params, at = _statement(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params[:at], code, *params[at + 1 :]))
        row = cursor.fetchone()
        names = [column[0] for column in cursor.description]
    if row is None:
        return None
    found = dict(zip(names, row, strict=True))
    for name in DATETIMES:
        found[name] = _datetime(found[name])
    found["owes"] = bool(found["owes"])
    return found


# What the card shows, in order: the cache key of its rendered HTML. Not the applicant's name,
# phone or ID number — the card shows only the masked name, which is in the key instead.
SHOWN = tuple(name for name in FIELDS if not name.startswith("applicant_"))


@functools.lru_cache(maxsize=4096)
def _card(shown: tuple[Any, ...], holder: str) -> str:
    """The status card, rendered once per process for each distinct content. The key is every
    value the card shows, so a dossier whose status, step, dates or fee change gets a new card
    on its next look-up (no invalidation to forget); stale entries just age out of the LRU.
    Only called after the code + second factor check passed."""
    dossier = dict(zip(SHOWN, shown, strict=True))
    return render_to_string(
        "dossiers/_status_card.html",
        {"dossier": dossier, "status": Status(dossier["status"]), "holder": holder},
    )


@require_http_methods(["GET", "POST"])
def status_page(request: HttpRequest) -> HttpResponse:
    code = (request.POST.get("ma") or request.GET.get("ma") or "").strip().upper()
    context: dict[str, object] = {"code": code}
    if request.method == "POST":
        if not allow_guess(request):
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
            shown = tuple(found[name] for name in SHOWN)
            card = _card(shown, mask_person_name(found["applicant_name"]))
            context["card"] = mark_safe(card)  # noqa: S308 — rendered by the autoescaping engine
    return render(request, "dossiers/status.html", context)
