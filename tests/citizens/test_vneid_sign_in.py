"""Sign-in with VNeID through the pages: the start, the operator (the VNeID simulator, or an
unreachable operator), the return; every refusal signs nobody in and creates nothing."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client, override_settings

from motcua.accounts.models import User
from motcua.citizens.identity import verify_at_desk
from motcua.citizens.models import CitizenProfile
from motcua.config import VneidConfig
from tests.citizens.conftest import PASSWORD

pytestmark = pytest.mark.django_db
SIMULATOR = override_settings(MOTCUA_VNEID=VneidConfig(mode="simulator"))
ANH = {"personal_id": "089190000123", "full_name": "Nguyễn  Thị Ngọc Ánh", "phone": "0912345678"}


def operator_page(client: Client, next_url: str = "") -> str:
    """Press "Đăng nhập bằng VNeID": our start page sends the browser to the operator."""
    start = client.get("/cong-dan/vneid/", {"next": next_url} if next_url else {})
    assert start.status_code == 302
    location = start["Location"]
    assert location.startswith("/cong-dan/vneid-thu-nghiem/?response_type=code")
    return location


def consent(client: Client, location: str, **identity: str) -> str:
    """At the operator: type the identity and consent; the operator answers with our return."""
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    answer = client.post("/cong-dan/vneid-thu-nghiem/", {**query, **identity, "consent": "1"})
    assert answer.status_code == 302, answer.content.decode()
    return str(answer["Location"])


@SIMULATOR
def test_a_citizen_signs_in_with_vneid_and_the_account_is_opened_once(reference: None) -> None:
    client = Client()
    login_page = client.get("/cong-dan/dang-nhap/").content.decode()
    assert 'href="/cong-dan/vneid/"' in login_page
    assert "THỬ NGHIỆM" in login_page
    assert "THỬ NGHIỆM" in client.get(operator_page(client)).content.decode()
    back = consent(client, operator_page(client, "/cong-dan/ho-so/"), **ANH)
    assert back.startswith("/cong-dan/vneid/ve/?code=")
    home = client.get(back)
    assert home.status_code == 302
    assert home["Location"] == "/cong-dan/ho-so/"
    profile = CitizenProfile.objects.get(personal_id="089190000123")
    assert profile.user.full_name == "Nguyễn Thị Ngọc Ánh"
    assert profile.identity_provider == "vneid"
    assert not profile.user.has_usable_password()
    assert "Nguyễn Thị Ngọc Ánh" in client.get("/cong-dan/").content.decode()

    again = Client()
    assert again.get(consent(again, operator_page(again), **ANH))["Location"] == "/cong-dan/"
    assert CitizenProfile.objects.filter(personal_id="089190000123").count() == 1
    assert again.get("/cong-dan/").status_code == 200


@SIMULATOR
def test_an_existing_verified_account_is_the_one_vneid_signs_into(
    citizen: CitizenProfile, officer: User
) -> None:
    """A password account verified at the desk keeps its password; an unverified one is taken
    over by the VNeID sign-in (tests/security/test_identity.py)."""
    verify_at_desk(citizen, officer=officer, papers="Thẻ căn cước 089190000123")
    client = Client()
    identity = {"personal_id": citizen.personal_id, "full_name": "Ai Đó", "phone": ""}
    client.get(consent(client, operator_page(client), **identity))
    assert client.get("/cong-dan/").status_code == 200
    assert CitizenProfile.objects.count() == 1
    citizen.user.refresh_from_db()
    assert citizen.user.check_password(PASSWORD)  # the password still works as well


@SIMULATOR
def test_refusals_and_forged_returns_sign_nobody_in(reference: None) -> None:
    client = Client()
    location = operator_page(client)
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    refused = client.post("/cong-dan/vneid-thu-nghiem/", {**query, "refuse": "1"})
    page = client.get(refused["Location"])
    assert page.status_code == 400
    assert "chưa đồng ý chia sẻ thông tin định danh" in page.content.decode()

    bad_id = client.post("/cong-dan/vneid-thu-nghiem/", {**query, **ANH, "personal_id": "12ab"})
    assert bad_id.status_code == 400
    assert "đủ 12 chữ số" in bad_id.content.decode()

    back = consent(client, operator_page(client), **ANH)
    forged = back.replace("state=", "state=x")
    assert client.get(forged).status_code == 400
    replay = client.get(back)  # the state was used by the forged return: it is gone
    assert replay.status_code == 400
    assert "đã hết hạn hoặc không hợp lệ" in replay.content.decode()

    stranger = Client()  # a return without a start in this browser (a code sent by someone else)
    assert stranger.get(consent(client, operator_page(client), **ANH)).status_code == 400

    tampered = consent(client, operator_page(client), **ANH).replace("code=", "code=x")
    assert client.get(tampered).status_code == 400
    assert CitizenProfile.objects.count() == 0
    assert client.get("/cong-dan/").status_code == 302  # still signed out
    other_return = client.get(
        "/cong-dan/vneid-thu-nghiem/", {**query, "redirect_uri": "https://evil.example/"}
    )
    assert other_return.status_code == 400  # the simulator only answers to our return address


@override_settings(
    MOTCUA_VNEID=VneidConfig(
        mode="oidc",
        oidc={
            "issuer": "https://127.0.0.1:9",
            "authorization_endpoint": "https://127.0.0.1:9/authorize",
            "token_endpoint": "https://127.0.0.1:9/token",  # nothing listens: connection refused
            "userinfo_endpoint": "https://127.0.0.1:9/userinfo",
            "client_id": "motcua",
            "client_secret": "bi-mat",
            "redirect_uri": "https://motcua.example/cong-dan/vneid/ve/",
        },
    )
)
def test_an_operator_that_cannot_be_reached_is_a_clear_error(reference: None) -> None:
    client = Client()
    start = client.get("/cong-dan/vneid/")
    assert start["Location"].startswith("https://127.0.0.1:9/authorize?response_type=code")
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    answer = client.get("/cong-dan/vneid/ve/", {"code": "c", "state": state})
    assert answer.status_code == 502
    assert "Không kết nối được với VNeID" in answer.content.decode()
    assert CitizenProfile.objects.count() == 0


def test_without_vneid_there_is_no_button_and_no_pages(reference: None) -> None:
    client = Client()
    login_page = client.get("/cong-dan/dang-nhap/").content.decode()
    assert 'href="/cong-dan/vneid/' not in login_page
    assert "VNeID: chưa kết nối" in login_page
    assert client.get("/cong-dan/vneid/").status_code == 404
    assert client.get("/cong-dan/vneid/ve/", {"code": "c", "state": "s"}).status_code == 404
    assert client.get("/cong-dan/vneid-thu-nghiem/").status_code == 404
