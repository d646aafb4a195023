"""Citizen ratings of returned dossiers: the one write path (rate_dossier) and the look-up.

A rating belongs to one dossier whose result was returned (status RETURNED), is given once, and
is tied to the officers who handled the dossier: the receiving officer, every officer a step was
handed to or from, and the last assignee.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.audit.services import record
from motcua.domain.dossier_states import Status
from motcua.domain.feedback_rules import RatingInputError, check_answers, is_satisfied, scheme_on
from motcua.domain.text import nfc
from motcua.dossiers.models import Dossier
from motcua.feedback.models import RatedOfficer, Rating, RatingAnswer

NOT_FOUND = (
    "Không tìm thấy hồ sơ khớp với mã hồ sơ và 4 số cuối điện thoại (hoặc số định danh) đã nhập."
)
OTHER_TEXT_MAX = 2000


class RatingError(ValueError):
    """A rating that cannot be taken; the message is for the citizen (nothing was written)."""


class AlreadyRated(RatingError):  # noqa: N818  (a refusal, answered 409)
    pass


def find_dossier(code: str, second_factor: str) -> Dossier | None:
    """The dossier when the code and the last 4 digits of phone or ID match; else None (the
    caller answers NOT_FOUND the same way for an unknown code and a wrong second factor)."""
    digits = "".join(ch for ch in second_factor if ch.isdigit())
    if len(digits) != 4:
        return None
    dossier = (
        Dossier.objects.select_related("procedure_version__procedure", "competent_unit")
        .filter(code=code.strip().upper())
        .first()
    )
    if dossier is None:
        return None
    for value in (dossier.applicant_phone, dossier.applicant_id_number):
        if value and value[-4:] == digits:
            return dossier
    return None


def refusal_reason(dossier: Dossier) -> str | None:
    """Why this dossier cannot be rated now, or None."""
    if dossier.status != Status.RETURNED:
        return "Hồ sơ chưa được trả kết quả nên chưa thể đánh giá."
    existing = Rating.objects.filter(dossier=dossier).first()
    if existing is not None:
        day = timezone.localtime(existing.rated_at)
        return (
            f"Hồ sơ này đã được đánh giá lúc {day:%H:%M} ngày {day:%d/%m/%Y}; "
            "mỗi hồ sơ chỉ được đánh giá một lần."
        )
    return None


def officers_of(dossier: Dossier) -> dict[int, str]:
    """user id → part, for the officers who handled the dossier (first part wins)."""
    parts: dict[int, str] = {}
    if dossier.received_by_id:
        parts[dossier.received_by_id] = "received"
    for from_id, to_id in dossier.hand_overs.order_by("seq").values_list(
        "from_user_id", "to_user_id"
    ):
        for user_id in (from_id, to_id):
            if user_id is not None:
                parts.setdefault(user_id, "handled")
    if dossier.assignee_id:
        parts.setdefault(dossier.assignee_id, "assignee")
    return parts


@transaction.atomic
def rate_dossier(
    dossier: Dossier,
    answers: Mapping[str, str],
    *,
    other_text: str = "",
    channel: str = "web",
    at: dt.datetime | None = None,
) -> Rating:
    """The applicant rates the service on the nine items; once per dossier, after the return."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    reason = refusal_reason(locked)
    if reason is not None:
        raise (AlreadyRated if locked.status == Status.RETURNED else RatingError)(reason)
    at = at or timezone.now()
    scheme = scheme_on(timezone.localtime(locked.returned_at or at).date())
    try:
        levels = check_answers(scheme, answers)
    except RatingInputError as exc:
        raise RatingError(str(exc)) from exc
    text = nfc(other_text).strip()
    if len(text) > OTHER_TEXT_MAX:
        raise RatingError(f"Ý kiến khác tối đa {OTHER_TEXT_MAX} ký tự.")
    rating = Rating(
        dossier=locked,
        unit_id=locked.competent_unit_id,
        procedure_id=locked.procedure_version.procedure_id,
        rated_at=at,
        channel=channel,
        satisfied=is_satisfied(levels),
        other_text=text,
        scheme_source=scheme.source,
    )
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:  # a concurrent rating of the same dossier committed first
        raise AlreadyRated(
            "Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ được đánh giá một lần."
        ) from None
    RatingAnswer.objects.bulk_create(
        RatingAnswer(rating=rating, criterion=key, level=level.value)
        for key, level in levels.items()
    )
    officers = officers_of(locked)
    RatedOfficer.objects.bulk_create(
        RatedOfficer(rating=rating, user_id=user_id, part=part)
        for user_id, part in officers.items()
    )
    record(
        actor=None,
        actor_label="người nộp hồ sơ (đánh giá)",
        action="rate_dossier",
        object_type="dossier",
        object_id=locked.pk,
        after={
            "satisfied": rating.satisfied,
            "answers": {k: v.value for k, v in levels.items()},
            "officers": sorted(officers),
            "channel": channel,
            "scheme": scheme.source,
        },
    )
    return rating
