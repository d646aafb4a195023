"""Ratings: once per dossier, only after the return, tied to the officers; the public page and
the API answer a wrong code and a wrong second factor alike."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.domain.feedback_rules import CRITERIA_KEYS
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.feedback.models import RatedOfficer, Rating, RatingAnswer
from motcua.feedback.ratings import NOT_FOUND, AlreadyRated, RatingError, rate_dossier
from tests.dossiers.conftest import intake

ALL_GOOD = dict.fromkeys(CRITERIA_KEYS, "very_satisfied")


def test_a_returned_dossier_is_rated_once_and_tied_to_its_officers(
    returned: Dossier, officer: User, specialist: User, leader: User
) -> None:
    rating = rate_dossier(returned, {**ALL_GOOD, "attitude": "satisfied"}, other_text="Tốt")
    assert rating.satisfied is True
    assert rating.unit_id == returned.competent_unit_id
    assert dict(RatedOfficer.objects.filter(rating=rating).values_list("user_id", "part")) == {
        officer.pk: "received",
        specialist.pk: "handled",
        leader.pk: "handled",
    }
    assert RatingAnswer.objects.filter(rating=rating).count() == 9
    event = AuditEvent.objects.get(action="rate_dossier", object_id=str(returned.pk))
    assert event.after is not None
    assert event.after["answers"]["attitude"] == "satisfied"
    with pytest.raises(AlreadyRated, match="mỗi hồ sơ chỉ được đánh giá một lần"):
        rate_dossier(returned, ALL_GOOD)
    assert Rating.objects.count() == 1


def test_one_dissatisfied_item_makes_the_rating_not_satisfied(returned: Dossier) -> None:
    assert rate_dossier(returned, {**ALL_GOOD, "time": "dissatisfied"}).satisfied is False


def test_a_dossier_not_yet_returned_cannot_be_rated(officer: User) -> None:
    accepted = accept_dossier(receive_dossier(intake(), actor=officer), actor=officer)
    with pytest.raises(RatingError, match="chưa được trả kết quả"):
        rate_dossier(accepted, ALL_GOOD)
    assert not Rating.objects.exists()


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({k: v for k, v in ALL_GOOD.items() if k != "time"}, "Chưa chọn mức đánh giá"),
        ({**ALL_GOOD, "attitude": "not_applicable"}, "phải được đánh giá"),
        ({**ALL_GOOD, "time": "tuyệt vời"}, "không hợp lệ"),
        ({**ALL_GOOD, "weather": "satisfied"}, "không có trong phiếu"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_written(
    returned: Dossier, answers: dict[str, str], message: str
) -> None:
    with pytest.raises(RatingError, match=message):
        rate_dossier(returned, answers)
    assert not Rating.objects.exists()
    assert not RatingAnswer.objects.exists()


def test_optional_items_may_be_left_out(returned: Dossier) -> None:
    answers = {k: v for k, v in ALL_GOOD.items() if k not in ("complaints", "online", "other")}
    rating = rate_dossier(returned, answers)
    levels = dict(rating.answers.values_list("criterion", "level"))
    assert levels["complaints"] == levels["online"] == "not_applicable"


def _form(code: str, digits: str, **extra: str) -> dict[str, str]:
    return {"ma": code, "so": digits, **extra}


@pytest.mark.parametrize("digits", ["0000", "", "5678x9", "abcd"])
def test_the_rating_page_answers_a_wrong_factor_like_an_unknown_code(
    client: Client, returned: Dossier, digits: str
) -> None:
    wrong = client.post("/phan-anh/danh-gia/", _form(returned.code or "", digits))
    unknown = client.post("/phan-anh/danh-gia/", _form("H01-000000-0001", "5678"))
    assert NOT_FOUND in wrong.content.decode()
    assert NOT_FOUND in unknown.content.decode()
    assert wrong.status_code == unknown.status_code == 200
    assert "Thái độ, tác phong" not in wrong.content.decode()


def test_a_citizen_rates_on_the_public_page_once(client: Client, returned: Dossier) -> None:
    code = returned.code or ""
    form = client.post("/phan-anh/danh-gia/", _form(code, "5678")).content.decode()
    assert "Thái độ, tác phong của cán bộ, công chức" in form
    assert "Nguyễn T*** N*** Á***" in form
    assert "Nguyễn Thị Ngọc Ánh" not in form
    answers = {f"nd-{k}": "satisfied" for k in CRITERIA_KEYS}
    done = client.post("/phan-anh/danh-gia/", _form(code, "0123", gui="1", **answers))  # ID
    assert "Cảm ơn bạn đã đánh giá" in done.content.decode()
    again = client.post("/phan-anh/danh-gia/", _form(code, "5678", gui="1", **answers))
    assert "mỗi hồ sơ chỉ được đánh giá một lần" in again.content.decode()
    assert Rating.objects.filter(dossier=returned, channel="web").count() == 1


def test_the_api_rates_once_and_hides_wrong_factors(client: Client, returned: Dossier) -> None:
    def post(code: str, digits: str) -> tuple[int, str]:
        body = {"code": code, "digits": digits, "answers": ALL_GOOD}
        response = client.post(
            "/api/v1/feedback/ratings", json.dumps(body), content_type="application/json"
        )
        return response.status_code, response.json()[
            "detail"
        ] if response.status_code >= 400 else ""

    assert post(returned.code or "", "9999") == (404, NOT_FOUND)
    assert post("H01-000000-0001", "5678") == (404, NOT_FOUND)
    assert post(returned.code or "", "5678") == (201, "")
    status, message = post(returned.code or "", "5678")
    assert status == 409
    assert "một lần" in message


def test_guessing_on_the_rating_page_is_rate_limited(client: Client, returned: Dossier) -> None:
    from motcua.feedback.public import LOOKUPS

    for _ in range(LOOKUPS):
        client.post("/phan-anh/danh-gia/", _form(returned.code or "", "0000"))
    assert client.post("/phan-anh/danh-gia/", _form(returned.code or "", "5678")).status_code == 429
