"""PAKN: receive → route → answer (on time or late, in working days) → publish → rate."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client

from motcua.accounts.models import User
from motcua.audit.chain import verify
from motcua.audit.models import AuditEvent
from motcua.feedback.indicators import feedback_counts
from motcua.feedback.models import Petition, PetitionState
from motcua.feedback.public import SUBMISSIONS
from motcua.feedback.services import (
    FeedbackError,
    IllegalPetitionAct,
    PetitionIn,
    answer_petition,
    publish_petition,
    rate_answer,
    receive_petition,
    route_petition,
)
from motcua.units.models import Unit
from tests.dossiers.conftest import vn

NAME, PHONE, EMAIL = "Phạm Văn Khiếu", "0987654321", "khieu@example.vn"
CONTENT = "Niêm yết thủ tục đăng ký kết hôn tại Bộ phận Một cửa đã cũ, thiếu mức lệ phí mới."


def petition_in(unit: Unit, kind: str = "regulation") -> PetitionIn:
    return PetitionIn(
        unit=unit,
        kind=kind,
        name=NAME,
        subject="Niêm yết thủ tục chưa cập nhật",
        content=CONTENT,
        phone=PHONE,
        email=EMAIL,
        address="Khóm Trung 1",
    )


def test_a_pakn_answered_on_the_due_day_is_on_time(
    phumy: Unit, leader: User, specialist: User
) -> None:
    # Monday 04/3/2024: ten working days later is Monday 18/3/2024.
    petition = receive_petition(petition_in(phumy), at=vn(2024, 3, 4, 8, 0))
    assert petition.due_at == vn(2024, 3, 18, 17, 0)
    assert "PAKN_ANSWER_RULES" in petition.deadline_source
    route_petition(petition, actor=leader, handler=specialist)
    with time_machine.travel(vn(2024, 3, 18, 16, 0), tick=False):
        answered = answer_petition(petition, actor=specialist, answer="Đã cập nhật niêm yết.")
    assert answered.on_time is True
    assert answered.state == PetitionState.ANSWERED
    actions = list(
        AuditEvent.objects.filter(object_type="petition", object_id=str(petition.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["receive_petition", "route_petition", "answer_petition"]
    assert verify().first_broken is None


def test_a_pakn_answered_the_next_working_day_is_late(phumy: Unit, leader: User) -> None:
    petition = receive_petition(petition_in(phumy), at=vn(2024, 3, 4, 8, 0))
    with time_machine.travel(vn(2024, 3, 19, 8, 0), tick=False):
        answered = answer_petition(petition, actor=leader, answer="Trả lời muộn.")
    assert answered.on_time is False
    counts = feedback_counts([phumy.pk], dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert counts["answered_late"] == 1
    assert counts["answered_on_time"] == 0


def test_a_second_answer_is_refused(phumy: Unit, leader: User) -> None:
    petition = receive_petition(petition_in(phumy))
    answer_petition(petition, actor=leader, answer="Trả lời.")
    with pytest.raises(IllegalPetitionAct, match="Đã trả lời"):
        answer_petition(petition, actor=leader, answer="Trả lời lần hai.")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "", "email": ""}, "Cần số điện thoại hoặc thư điện tử"),
        ({"content": "ngắn"}, "ít nhất 20 ký tự"),
        ({"kind": "khac"}, "Chưa chọn loại"),
        ({"email": "khong-phai-email", "phone": ""}, "thư điện tử không hợp lệ"),
        ({"name": "  "}, "Chưa nhập họ tên"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(
    phumy: Unit, changes: dict[str, str], message: str
) -> None:
    data = petition_in(phumy)
    with pytest.raises(FeedbackError, match=message):
        receive_petition(PetitionIn(**{**data.__dict__, **changes}))
    assert not Petition.objects.exists()


def test_published_answers_show_no_personal_data(client: Client, phumy: Unit, leader: User) -> None:
    petition = receive_petition(petition_in(phumy))
    answer_petition(petition, actor=leader, answer="Đã niêm yết lại đầy đủ mức lệ phí.")
    with pytest.raises(FeedbackError, match="không được chứa họ tên"):
        publish_petition(
            petition, actor=leader, public_question=f"Ông {NAME} phản ánh niêm yết cũ."
        )
    publish_petition(
        petition, actor=leader, public_question="Niêm yết thủ tục chưa cập nhật lệ phí."
    )
    html = client.get("/phan-anh/cong-khai/").content.decode()
    assert "Niêm yết thủ tục chưa cập nhật lệ phí." in html
    assert "Đã niêm yết lại đầy đủ mức lệ phí." in html
    for private in (NAME, PHONE, EMAIL, petition.code, "Khóm Trung 1", CONTENT):
        assert private not in html
    api = json.dumps(client.get("/api/v1/feedback/petitions/published").json(), ensure_ascii=False)
    assert "Niêm yết thủ tục chưa cập nhật lệ phí." in api
    for private in (NAME, PHONE, EMAIL, petition.code):
        assert private not in api
    counts = feedback_counts([phumy.pk], dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert counts["published"] == 1


def test_the_submitter_rates_the_answer_once_by_the_code(
    client: Client, phumy: Unit, leader: User
) -> None:
    petition = receive_petition(petition_in(phumy))
    answer_petition(petition, actor=leader, answer="Đã xử lý.")
    page = client.post("/phan-anh/tra-cuu/", {"ma": petition.code, "hai-long": "co"})
    assert "Cảm ơn bạn đã đánh giá" in page.content.decode()
    with pytest.raises(IllegalPetitionAct, match="một lần"):
        rate_answer(petition, satisfied=False)
    counts = feedback_counts([phumy.pk], dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert (counts["answer_rated"], counts["answer_satisfied"]) == (1, 1)


def test_the_web_form_receives_a_pakn_without_login(client: Client, phumy: Unit) -> None:
    form = {
        "unit": phumy.code,
        "kind": "behaviour",
        "name": NAME,
        "subject": "Cán bộ hẹn trả sai giờ",
        "content": "Tôi được hẹn 15 giờ nhưng 16 giờ 30 mới nhận được kết quả chứng thực.",
        "phone": PHONE,
    }
    html = client.post("/phan-anh/gui/", form).content.decode()
    petition = Petition.objects.get()
    assert petition.code in html
    assert petition.channel == "web"
    assert petition.received_by is None
    assert "18/03/2024" in html  # the answer deadline


def test_robots_and_floods_are_turned_away(client: Client, phumy: Unit) -> None:
    form = {
        "unit": phumy.code,
        "kind": "regulation",
        "name": NAME,
        "subject": "Tiêu đề",
        "content": CONTENT,
        "phone": PHONE,
    }
    assert client.post("/phan-anh/gui/", {**form, "website": "http://spam"}).status_code == 400
    assert not Petition.objects.exists()
    for _ in range(SUBMISSIONS):
        assert client.post("/phan-anh/gui/", form).status_code == 200
    assert client.post("/phan-anh/gui/", form).status_code == 429
    assert Petition.objects.count() == SUBMISSIONS


def test_counts_for_the_report(phumy: Unit, leader: User) -> None:
    """Carried over, new, answered on time and late, pending and overdue, by kind."""
    old = receive_petition(petition_in(phumy), at=vn(2024, 2, 1, 9, 0))  # due 22/2 (Tết)
    late_pending = receive_petition(petition_in(phumy, "behaviour"), at=vn(2024, 2, 2, 9, 0))
    new = receive_petition(petition_in(phumy), at=vn(2024, 3, 4, 9, 0))
    answer_petition(old, actor=leader, answer="Trả lời.", at=vn(2024, 3, 5, 9, 0))
    answer_petition(new, actor=leader, answer="Trả lời.", at=vn(2024, 3, 6, 9, 0))
    before_period = receive_petition(petition_in(phumy), at=vn(2024, 1, 2, 9, 0))
    answer_petition(before_period, actor=leader, answer="Trả lời.", at=vn(2024, 1, 3, 9, 0))
    counts = feedback_counts([phumy.pk], dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert {k: v for k, v in counts.items() if k != "policy"} == {
        "received_new": 1,
        "carried_over": 2,
        "received": 3,
        "answered_on_time": 1,
        "answered_late": 1,
        "pending": 1,
        "pending_overdue": 1,
        "published": 0,
        "answer_rated": 0,
        "answer_satisfied": 0,
        "by_kind": {"regulation": 2, "behaviour": 1},
    }
    assert late_pending.state == PetitionState.RECEIVED


def test_the_submitter_is_told_when_the_pakn_is_answered(phumy: Unit, leader: User) -> None:
    from motcua.notifications.models import Notification

    petition = receive_petition(petition_in(phumy), at=vn(2024, 3, 4, 8, 0))
    assert not Notification.objects.exists()
    answer_petition(petition, actor=leader, answer="Đã cập nhật niêm yết.")
    notes = Notification.objects.filter(kind="feedback_answered")
    assert sorted(notes.values_list("address", flat=True)) == sorted([EMAIL, PHONE])
    assert all(petition.code in note.body for note in notes)
    assert all("/phan-anh/tra-cuu/" in note.body for note in notes)
