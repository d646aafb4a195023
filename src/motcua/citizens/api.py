"""The /api/v1/citizens/ router: a signed-in citizen's own dossiers (read only).

Staff accounts get 403; another citizen's dossier is 404 (citizens/permissions.py decides).
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from motcua.accounts.models import User
from motcua.citizens.models import CitizenProfile, Submission
from motcua.citizens.permissions import get_submission_for_citizen, submissions_of
from motcua.citizens.views.dossiers import holder, supplement_requests
from motcua.core.api_errors import errors
from motcua.domain.dossier_states import Status as DossierStatus

router = Router(tags=["Công dân"])


class SupplementOut(Schema):
    at: dt.datetime
    missing: list[str]
    reason: str


class MyDossierOut(Schema):
    id: int
    code: str | None
    procedure_code: str
    procedure_name: str
    status: str
    status_label: str
    submitted_at: dt.datetime
    due_at: dt.datetime | None
    current_step: str | None
    current_agency: str | None
    organisation: str | None
    supplements: list[SupplementOut]


def _out(submission: Submission) -> MyDossierOut:
    dossier = submission.dossier
    step = holder(dossier)
    return MyDossierOut(
        id=dossier.pk,
        code=dossier.code,
        procedure_code=dossier.procedure_version.procedure.code,
        procedure_name=dossier.procedure_version.name,
        status=dossier.status,
        status_label=DossierStatus(dossier.status).label,
        submitted_at=submission.submitted_at,
        due_at=dossier.due_at,
        current_step=step.step_name if step else None,
        current_agency=str(step.to_unit) if step else None,
        organisation=submission.organisation.name if submission.organisation else None,
        supplements=[SupplementOut(**row) for row in supplement_requests(dossier)],
    )


def _citizen(request: HttpRequest) -> CitizenProfile:
    user = request.user
    citizen = getattr(user, "citizen_profile", None) if isinstance(user, User) else None
    if citizen is None:
        raise HttpError(403, "Chỉ dành cho tài khoản công dân.")
    assert isinstance(citizen, CitizenProfile)
    return citizen


@router.get("/ho-so", response={200: list[MyDossierOut], **errors(403)})
def my_dossiers(request: HttpRequest) -> list[MyDossierOut]:
    citizen = _citizen(request)
    submissions = submissions_of(citizen).select_related("dossier__procedure_version__procedure")
    return [_out(s) for s in submissions.order_by("-submitted_at")[:200]]


@router.get("/ho-so/{id:dossier_id}", response={200: MyDossierOut, **errors(403, 404)})
def my_dossier(request: HttpRequest, dossier_id: int) -> MyDossierOut:
    citizen = _citizen(request)
    return _out(get_submission_for_citizen(citizen, dossier_id))
