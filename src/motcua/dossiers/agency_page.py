"""The dossier page as an inter-linked agency sees it while its step is open: the applicant's
identification, its step (name, deadline), the competent unit's results handed on to it
and the components its step needs — nothing else (no other step's record, no other agency's
output, no fees, documents, history or unrelated uploads). Its acts are on /lien-thong/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.accounts.models import User
from motcua.domain.step_needs import APPLICANT_FIELDS
from motcua.dossiers.models import Dossier, HandOver
from motcua.dossiers.permissions import components_visible_to, handed_on_to


def agency_page(request: HttpRequest, user: User, dossier: Dossier, step: HandOver) -> HttpResponse:
    applicant = [(label, getattr(dossier, name)) for name, label in APPLICANT_FIELDS]
    context = {
        "dossier": dossier,
        "step": step,
        "applicant": applicant,
        "handed_on": handed_on_to(step),
        "components": components_visible_to(user, dossier),
    }
    return render(request, "dossiers/agency_page.html", context)
