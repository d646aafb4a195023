"""What a citizen may see — the one place where that is decided.

A citizen owns the dossiers they submitted online (Submission) and those of the organisations
they represent: one rule (`owns_dossier`, `dossiers_owned_by`) for seeing a dossier, paying its
fees and downloading its results. Anything else answers 404, the same as a dossier that does not
exist, and the attempt is logged (security log, not the audit chain: nothing changed).
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from motcua.accounts.models import User
from motcua.citizens.models import CitizenProfile, Draft, Submission

log = logging.getLogger("motcua.citizens.access")


def citizen_of(request: HttpRequest) -> CitizenProfile:
    """The logged-in citizen, or 403 for a staff account (citizen pages are not for staff)."""
    user = request.user
    profile = getattr(user, "citizen_profile", None) if isinstance(user, User) else None
    if profile is None:
        raise PermissionDenied("Trang dành cho công dân đã đăng ký tài khoản.")
    return profile  # type: ignore[no-any-return]


def _owned_by(user_pk: object) -> Q:
    """The submissions a signed-in account owns: its own, and its organisations'."""
    return Q(citizen__user_id=user_pk) | Q(organisation__representative__user_id=user_pk)


def dossiers_owned_by(user: object) -> set[int]:
    """The ids of the dossiers `user` owns as a citizen (empty for anyone else)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return set()
    owned = Submission.objects.filter(_owned_by(user.pk)).values_list("dossier_id", flat=True)
    return set(owned)


def owns_dossier(user: object, dossier_pk: int) -> bool:
    """True when `user` submitted the dossier online or represents the organisation that did."""
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    return Submission.objects.filter(_owned_by(user.pk), dossier_id=dossier_pk).exists()


def submissions_of(citizen: CitizenProfile) -> QuerySet[Submission]:
    return Submission.objects.filter(_owned_by(citizen.user_id)).select_related(
        "dossier__procedure_version", "dossier__competent_unit", "organisation"
    )


def get_submission_for_citizen(citizen: CitizenProfile, dossier_pk: int) -> Submission:
    """The citizen's own submission of that dossier, or 404 (logged) for anything else."""
    submission = submissions_of(citizen).filter(dossier_id=dossier_pk).first()
    if submission is None:
        log.warning("citizen %s asked for dossier %s that is not theirs", citizen.pk, dossier_pk)
        raise Http404("Không tìm thấy hồ sơ")
    return submission


def get_draft_for_citizen(citizen: CitizenProfile, draft_pk: int) -> Draft:
    draft = Draft.objects.filter(pk=draft_pk, citizen=citizen).first()
    if draft is None:
        log.warning("citizen %s asked for draft %s that is not theirs", citizen.pk, draft_pk)
        raise Http404("Không tìm thấy hồ sơ nháp")
    return draft
