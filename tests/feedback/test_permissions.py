"""Staff see and act on the PAKN of their unit only; each act needs its role."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.models import PersonalDataRead
from motcua.feedback.models import Petition, PetitionState
from motcua.feedback.services import PetitionIn, receive_petition
from motcua.units.models import Unit
from tests.conftest import PASSWORD


@pytest.fixture
def petition(phumy: Unit) -> Petition:
    return receive_petition(
        PetitionIn(
            unit=phumy,
            kind="behaviour",
            name="Phạm Văn Khiếu",
            subject="Cán bộ hẹn sai giờ",
            content="Tôi được hẹn 15 giờ nhưng 16 giờ 30 mới nhận được kết quả.",
            phone="0987654321",
        )
    )


def _as(client: Client, user: User) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _api(client: Client, path: str, body: dict[str, str] | None = None) -> int:
    if body is None:
        return client.get(path).status_code
    return client.post(path, json.dumps(body), content_type="application/json").status_code


def test_an_officer_of_another_unit_neither_sees_nor_acts(
    client: Client, petition: Petition, outsider: User
) -> None:
    _as(client, outsider)
    assert petition.code not in client.get("/phan-anh/").content.decode()
    assert client.get(f"/phan-anh/{petition.pk}/").status_code == 404
    assert client.post(f"/phan-anh/{petition.pk}/answer/", {"answer": "x"}).status_code == 404
    base = f"/api/v1/feedback/petitions/{petition.pk}"
    assert _api(client, base) == 404
    assert _api(client, f"{base}/answer", {"answer": "Trả lời"}) == 404
    petition.refresh_from_db()
    assert petition.state == PetitionState.RECEIVED


def test_an_anonymous_visitor_gets_the_citizen_page_and_no_pakn(
    client: Client, petition: Petition
) -> None:
    landing = client.get("/phan-anh/").content.decode()
    assert "Gửi phản ánh, kiến nghị" in landing
    assert petition.code not in landing
    assert client.get(f"/phan-anh/{petition.pk}/").status_code == 404
    assert _api(client, f"/api/v1/feedback/petitions/{petition.pk}") == 401


def test_a_specialist_may_not_publish_or_answer_unless_routed_to(
    client: Client, petition: Petition, specialist: User, leader: User
) -> None:
    base = f"/api/v1/feedback/petitions/{petition.pk}"
    _as(client, specialist)
    assert _api(client, f"{base}/answer", {"answer": "Trả lời"}) == 403
    _as(client, leader)
    assert _api(client, f"{base}/route", {"handler": specialist.username}) == 200
    _as(client, specialist)
    assert _api(client, f"{base}/answer", {"answer": "Đã nhắc nhở cán bộ."}) == 200
    assert _api(client, f"{base}/answer", {"answer": "Lần hai"}) == 409
    assert _api(client, f"{base}/publish", {"public_question": "Hẹn trả sai giờ."}) == 403
    assert (
        client.post(f"/phan-anh/{petition.pk}/publish/", {"public_question": "x"}).status_code
        == 403
    )
    _as(client, leader)
    assert _api(client, f"{base}/publish", {"public_question": "Hẹn trả kết quả sai giờ."}) == 200
    petition.refresh_from_db()
    assert petition.published_at is not None
    assert petition.answered_by == specialist


def test_staff_pages_show_the_overdue_flag_and_log_personal_data_reads(
    client: Client, phumy: Unit, leader: User
) -> None:
    from tests.dossiers.conftest import vn

    old = receive_petition(
        PetitionIn(
            unit=phumy,
            kind="regulation",
            name="Người cũ",
            subject="Phản ánh quá hạn",
            content="Nội dung phản ánh đã lâu chưa được trả lời.",
            email="cu@example.vn",
        ),
        at=vn(2024, 1, 2, 9, 0),
    )
    _as(client, leader)
    listing = client.get("/phan-anh/").content.decode()
    assert "Phản ánh quá hạn" in listing
    assert "Quá hạn" in listing
    page = client.get(f"/phan-anh/{old.pk}/").content.decode()
    assert "cu@example.vn" in page
    assert PersonalDataRead.objects.filter(object_type="petition", object_id=str(old.pk)).exists()


def test_an_officer_records_a_phone_pakn(client: Client, officer: User) -> None:
    _as(client, officer)
    response = client.post(
        "/phan-anh/ghi-nhan/",
        {
            "channel": "phone",
            "kind": "regulation",
            "name": "Người gọi điện",
            "subject": "Hỏi về lệ phí",
            "content": "Người dân gọi điện phản ánh chưa rõ mức lệ phí cấp bản sao trích lục.",
            "phone": "0911222333",
        },
    )
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert petition.channel == "phone"
    assert petition.received_by == officer
    assert petition.unit == officer.unit


def test_counts_and_satisfaction_api_cover_the_callers_unit(
    client: Client, petition: Petition, leader: User, outsider: User
) -> None:
    _as(client, leader)
    counts = client.get("/api/v1/feedback/counts?start=2024-03-01&end=2024-03-31").json()
    assert counts["received"] == 1
    assert counts["by_kind"] == {"regulation": 0, "behaviour": 1}
    summary = client.get("/api/v1/feedback/satisfaction?start=2024-03-01&end=2024-03-31")
    assert summary.json()["rated"] == 0
    _as(client, outsider)
    other = client.get("/api/v1/feedback/counts?start=2024-03-01&end=2024-03-31").json()
    assert other["received"] == 0
    assert client.get("/phan-anh/chi-so/").status_code == 200
    assert Role.LEADER in leader.roles()


def test_a_period_out_of_range_is_a_clear_422_never_a_500(client: Client, leader: User) -> None:
    _as(client, leader)
    for query in ("start=0001-01-01&end=0001-01-08", "start=2024-03-31&end=2024-03-01"):
        for path in ("/api/v1/feedback/counts", "/api/v1/feedback/satisfaction"):
            answer = client.get(f"{path}?{query}")
            assert answer.status_code == 422  # found by schemathesis (tests/reliability)
            assert "Kỳ báo cáo không hợp lệ" in answer.json()["detail"]


def test_the_indicators_page_takes_its_period_day_first(client: Client, leader: User) -> None:
    _as(client, leader)
    page = client.get("/phan-anh/chi-so/", {"tu": "01/03/2024", "den": "31/03/2024"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kỳ: từ ngày 01/03/2024 đến ngày 31/03/2024." in html
    assert 'id="den" name="den" value="31/03/2024" inputmode="numeric"' in html
    assert 'type="date"' not in html
    for query in (
        {"tu": "2024-03-01", "den": "31/03/2024"},
        {"tu": "01/03/2024", "den": "31/13/2024"},
        {"tu": "31/03/2024", "den": "01/03/2024"},
    ):
        bad = client.get("/phan-anh/chi-so/", query)
        assert bad.status_code == 400, query
        text = bad.content.decode()
        assert "không đúng" in text or "“Đến ngày” phải sau hoặc bằng “Từ ngày”." in text
        assert 'id="rated"' not in text  # no figures for a period not understood
