"""The /api/v1/feedback/ router: ratings and PAKN. It only calls services.

Public (no login): POST ratings (dossier code + last 4 digits), POST petitions (rate-limited),
GET published. Staff (session): petition detail and acts, counts, satisfaction. Errors: 404 not
found or not visible (and, for ratings, a wrong code or second factor alike), 403 role, 409 the
act is not allowed now (already rated, already answered), 422 bad input, 429 too many attempts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja import Status as HttpStatus
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from motcua.accounts.models import User
from motcua.core.api_errors import errors
from motcua.core.api_guard import public_json
from motcua.core.ratelimit import allow_request
from motcua.dossiers.public import allow_guess
from motcua.feedback.indicators import GroupRate, feedback_counts, satisfaction_summary
from motcua.feedback.models import Petition
from motcua.feedback.permissions import get_petition_for_staff, served_unit_ids
from motcua.feedback.public import SUBMISSION_WINDOW, SUBMISSIONS
from motcua.feedback.ratings import NOT_FOUND, AlreadyRated, RatingError, find_dossier, rate_dossier
from motcua.feedback.services import (
    FeedbackError,
    IllegalPetitionAct,
    PetitionIn,
    answer_petition,
    publish_petition,
    receive_petition,
    route_petition,
)
from motcua.units.models import Unit

router = Router(tags=["Đánh giá, phản ánh kiến nghị"])


def _throttle(request: HttpRequest, bucket: str, limit: int, window: int) -> None:
    if not allow_request(request, bucket, limit=limit, window=window):
        raise HttpError(429, "Bạn đã thao tác quá nhiều lần. Vui lòng thử lại sau.")


class RatingIn(Schema):
    code: str
    digits: str
    answers: dict[str, str]
    other: str = ""


class RatingOut(Schema):
    dossier_code: str
    satisfied: bool
    rated_at: dt.datetime


@router.post(
    "/ratings", auth=None, response={201: RatingOut, **errors(403, 404, 409, 415, 422, 429)}
)
@decorate_view(public_json)
def create_rating(request: HttpRequest, payload: RatingIn) -> HttpStatus[RatingOut]:
    if not allow_guess(request):  # the budget shared with /tra-cuu/ and /thanh-toan/
        raise HttpError(429, "Bạn đã thao tác quá nhiều lần. Vui lòng thử lại sau.")
    dossier = find_dossier(payload.code, payload.digits)
    if dossier is None:
        raise HttpError(404, NOT_FOUND)
    try:
        rating = rate_dossier(dossier, payload.answers, other_text=payload.other, channel="api")
    except AlreadyRated as exc:
        raise HttpError(409, str(exc)) from exc
    except RatingError as exc:
        raise HttpError(422, str(exc)) from exc
    return HttpStatus(
        201,
        RatingOut(dossier_code=payload.code, satisfied=rating.satisfied, rated_at=rating.rated_at),
    )


class PetitionSubmitIn(Schema):
    unit: str
    kind: str
    name: str
    subject: str
    content: str
    phone: str = ""
    email: str = ""
    address: str = ""
    procedure_code: str = ""
    dossier_code: str = ""


class PetitionReceipt(Schema):
    code: str
    due_at: dt.datetime


class PetitionOut(Schema):
    id: int
    code: str
    unit: str
    kind: str
    channel: str
    state: str
    subject: str
    content: str
    submitter_name: str
    received_at: dt.datetime
    due_at: dt.datetime
    handler: str | None
    answer: str
    answered_at: dt.datetime | None
    on_time: bool | None
    published_at: dt.datetime | None


def out(p: Petition) -> PetitionOut:
    return PetitionOut(
        id=p.pk,
        code=p.code,
        unit=p.unit.code,
        kind=p.kind,
        channel=p.channel,
        state=p.state,
        subject=p.subject,
        content=p.content,
        submitter_name=p.submitter_name,
        received_at=p.received_at,
        due_at=p.due_at,
        handler=p.handler.username if p.handler else None,
        answer=p.answer,
        answered_at=p.answered_at,
        on_time=p.on_time,
        published_at=p.published_at,
    )


ACT: dict[Any, Any] = {
    200: PetitionOut,
    **errors(403, 404, 409, 422),
}  # the answers of every act on a PAKN


@router.post("/petitions", auth=None, response={201: PetitionReceipt, **errors(403, 415, 422, 429)})
@decorate_view(public_json)
def submit_petition(request: HttpRequest, payload: PetitionSubmitIn) -> HttpStatus[PetitionReceipt]:
    _throttle(request, "petition-submit", SUBMISSIONS, SUBMISSION_WINDOW)
    unit = Unit.objects.filter(code=payload.unit).first()
    if unit is None:
        raise HttpError(422, f"Không có cơ quan mã “{payload.unit}”.")
    fields = payload.model_dump()
    fields["unit"] = unit
    try:
        petition = receive_petition(PetitionIn(**fields))
    except FeedbackError as exc:
        raise HttpError(422, str(exc)) from exc
    return HttpStatus(201, PetitionReceipt(code=petition.code, due_at=petition.due_at))


class PublishedOut(Schema):
    unit: str
    kind: str
    subject: str
    question: str
    answer: str
    answered_at: dt.datetime | None
    published_at: dt.datetime | None


@router.get("/petitions/published", auth=None, response=list[PublishedOut])
def published(request: HttpRequest) -> list[PublishedOut]:
    rows = Petition.objects.filter(published_at__isnull=False).select_related("unit")
    return [
        PublishedOut(
            unit=p.unit.name,
            kind=p.kind,
            subject=p.subject,
            question=p.public_question,
            answer=p.answer,
            answered_at=p.answered_at,
            published_at=p.published_at,
        )
        for p in rows.order_by("-published_at")[:200]
    ]


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _petition(request: HttpRequest, pk: int, act: str) -> Petition:
    try:
        return get_petition_for_staff(_user(request), pk, act, log_read=act == "view")
    except Http404:
        raise HttpError(404, "Không tìm thấy phản ánh, kiến nghị.") from None


@router.get("/petitions/{id:petition_id}", response={200: PetitionOut, **errors(403, 404)})
def get_petition(request: HttpRequest, petition_id: int) -> PetitionOut:
    return out(_petition(request, petition_id, "view"))


class RouteIn(Schema):
    handler: str


class AnswerIn(Schema):
    answer: str


class PublishIn(Schema):
    public_question: str


def _errors(exc: FeedbackError) -> HttpError:
    return HttpError(409 if isinstance(exc, IllegalPetitionAct) else 422, str(exc))


@router.post("/petitions/{id:petition_id}/route", response=ACT)
def route(request: HttpRequest, petition_id: int, payload: RouteIn) -> PetitionOut:
    user = _user(request)
    petition = _petition(request, petition_id, "route")
    handler = User.objects.filter(username=payload.handler, unit=user.unit).first()
    if handler is None:
        raise HttpError(422, f"Không có cán bộ “{payload.handler}” trong đơn vị.")
    try:
        return out(route_petition(petition, actor=user, handler=handler))
    except FeedbackError as exc:
        raise _errors(exc) from exc


@router.post("/petitions/{id:petition_id}/answer", response=ACT)
def answer(request: HttpRequest, petition_id: int, payload: AnswerIn) -> PetitionOut:
    petition = _petition(request, petition_id, "answer")
    try:
        return out(answer_petition(petition, actor=_user(request), answer=payload.answer))
    except FeedbackError as exc:
        raise _errors(exc) from exc


@router.post("/petitions/{id:petition_id}/publish", response=ACT)
def publish(request: HttpRequest, petition_id: int, payload: PublishIn) -> PetitionOut:
    petition = _petition(request, petition_id, "publish")
    try:
        return out(
            publish_petition(
                petition, actor=_user(request), public_question=payload.public_question
            )
        )
    except FeedbackError as exc:
        raise _errors(exc) from exc


class GroupOut(Schema):
    key: str
    label: str
    rated: int
    satisfied: int


class SatisfactionOut(Schema):
    rated: int
    satisfied: int
    rate: Decimal | None
    criteria: dict[str, dict[str, int]]
    by_unit: list[GroupOut]
    by_procedure: list[GroupOut]
    by_officer: list[GroupOut]
    policy: str


EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)  # as the dashboard's periods


def _period(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    if not EARLIEST <= start <= end <= LATEST:
        raise HttpError(
            422,
            "Kỳ báo cáo không hợp lệ: ngày bắt đầu không sau ngày kết thúc, trong khoảng "
            f"{EARLIEST:%d/%m/%Y}–{LATEST:%d/%m/%Y}.",
        )
    return start, end


def _units(request: HttpRequest) -> set[int]:
    units = served_unit_ids(_user(request))
    if not units:
        raise HttpError(403, "Tài khoản chưa được gán đơn vị và vai trò cán bộ.")
    return units


@router.get("/satisfaction", response={200: SatisfactionOut, **errors(403, 422)})
def satisfaction(request: HttpRequest, start: dt.date, end: dt.date) -> SatisfactionOut:
    """The satisfaction figures of the caller's unit (and the units it took over)."""
    s = satisfaction_summary(_units(request), *_period(start, end))

    def groups(items: list[GroupRate]) -> list[GroupOut]:
        return [
            GroupOut(key=g.key, label=g.label, rated=g.rated, satisfied=g.satisfied) for g in items
        ]

    return SatisfactionOut(
        rated=s.rated,
        satisfied=s.satisfied,
        rate=s.rate,
        criteria=s.criteria,
        by_unit=groups(s.by_unit),
        by_procedure=groups(s.by_procedure),
        by_officer=groups(s.by_officer),
        policy=s.policy,
    )


@router.get("/counts", response={200: dict[str, Any], **errors(403, 422)})
def counts(request: HttpRequest, start: dt.date, end: dt.date) -> dict[str, Any]:
    """PAKN counts of the caller's unit for the narrative report and the QĐ 766 index."""
    return feedback_counts(_units(request), *_period(start, end))
