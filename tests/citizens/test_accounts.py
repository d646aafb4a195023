"""Citizen accounts: registration, personal ID checks, rate-limited sign-in, no staff access."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.test import Client

from motcua.accounts.models import User
from motcua.citizens.identity import verify_at_desk
from motcua.citizens.models import CitizenProfile, LoginAttempt, Organisation
from motcua.citizens.services import CitizenError, register_citizen, register_organisation
from tests.citizens.conftest import PASSWORD

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db


def _register(client: Client, **changes: str) -> _MonkeyPatchedWSGIResponse:
    data = {
        "personal_id": "089190000123",
        "full_name": "Nguyễn Thị Ngọc Ánh",
        "birth_date": "02/03/1990",
        "phone": "0912345678",
        "email": "anh@example.vn",
        "password": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(changes)
    return client.post("/cong-dan/dang-ky/", data)


def test_registration_creates_a_citizen_without_staff_role_or_unit(reference: None) -> None:
    client = Client()
    response = _register(client)
    assert response.status_code == 302
    profile = CitizenProfile.objects.get(personal_id="089190000123")
    user = profile.user
    assert user.roles() == []
    assert user.unit is None
    assert not user.is_staff
    assert user.password.startswith("argon2")
    assert client.get("/cong-dan/").status_code == 200  # logged in after registration


@pytest.mark.parametrize(
    ("personal_id", "birth_date", "message"),
    [
        ("08919000012", "02/03/1990", "phải gồm đúng 12 chữ số"),
        ("08919000012a", "02/03/1990", "phải gồm đúng 12 chữ số"),
        ("089290000123", "02/03/1990", "không khớp với năm sinh"),  # digit 4 = 2 → 2000s
        ("089185000123", "02/03/1990", "không khớp với năm sinh"),
        ("089190000123", "1990-03-02", "ngày/tháng/năm (dd/mm/yyyy)"),  # year-first is refused
    ],
)
def test_a_wrong_personal_id_is_refused_and_nothing_is_created(
    reference: None, personal_id: str, birth_date: str, message: str
) -> None:
    response = _register(Client(), personal_id=personal_id, birth_date=birth_date)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CitizenProfile.objects.exists()
    assert not User.objects.exists()


def test_one_account_per_personal_id(citizen: CitizenProfile) -> None:
    with pytest.raises(CitizenError, match="đã có tài khoản"):
        register_citizen(personal_id="089190000123", full_name="Người khác", password=PASSWORD)
    assert CitizenProfile.objects.count() == 1


def test_a_weak_password_or_bad_phone_is_refused(reference: None) -> None:
    with pytest.raises(CitizenError):
        register_citizen(personal_id="089190000123", full_name="A", password="123")
    with pytest.raises(CitizenError, match="Số điện thoại"):
        register_citizen(
            personal_id="089190000123", full_name="A", password=PASSWORD, phone="12345"
        )
    assert not User.objects.exists()


def _login(
    client: Client, personal_id: str, password: str, ip: str = "10.0.0.1"
) -> _MonkeyPatchedWSGIResponse:
    return client.post(
        "/cong-dan/dang-nhap/",
        {"personal_id": personal_id, "password": password},
        REMOTE_ADDR=ip,
    )


def test_login_with_personal_id_and_password(citizen: CitizenProfile) -> None:
    client = Client()
    response = _login(client, "089190000123", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/cong-dan/"
    assert client.get("/cong-dan/ho-so/").status_code == 200
    client.post("/cong-dan/dang-xuat/")
    assert client.get("/cong-dan/ho-so/").status_code == 302


def test_five_failures_lock_the_personal_id_at_that_address_for_fifteen_minutes(
    citizen: CitizenProfile,
) -> None:
    client = Client()
    for _ in range(5):
        response = _login(client, "089190000123", "sai-mat-khau", ip="10.0.0.1")
        assert "không đúng" in response.content.decode()
    response = _login(client, "089190000123", PASSWORD, ip="10.0.0.1")
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert "15 phút" in response.content.decode()
    # The owner elsewhere is not locked out by whoever guessed at 10.0.0.1.
    assert _login(Client(), "089190000123", PASSWORD, ip="10.9.9.9").status_code == 302
    with time_machine.travel(dt.timedelta(minutes=16)):
        assert _login(Client(), "089190000123", PASSWORD, ip="10.0.0.1").status_code == 302
    assert LoginAttempt.objects.filter(succeeded=False).count() == 5


def test_failures_spread_over_addresses_spare_the_addresses_the_citizen_uses(
    citizen: CitizenProfile,
) -> None:
    assert _login(Client(), "089190000123", PASSWORD, ip="10.9.9.9").status_code == 302
    for attempt in range(20):
        _login(Client(), "089190000123", "sai-mat-khau", ip=f"10.0.1.{attempt}")
    assert _login(Client(), "089190000123", PASSWORD, ip="10.0.2.1").status_code == 429
    assert _login(Client(), "089190000123", PASSWORD, ip="10.9.9.9").status_code == 302


def test_twenty_failures_from_one_address_lock_that_address(
    citizen: CitizenProfile, other_citizen: CitizenProfile
) -> None:
    for number in range(20):
        _login(Client(), f"08919000{number:04d}", "sai", ip="203.0.113.7")
    response = _login(Client(), "089085000456", PASSWORD, ip="203.0.113.7")
    assert response.status_code == 429
    assert _login(Client(), "089085000456", PASSWORD, ip="203.0.113.8").status_code == 302


def test_staff_pages_refuse_citizens(citizen: CitizenProfile) -> None:
    client = Client()
    client.force_login(citizen.user)
    assert client.get("/ho-so/").status_code == 403
    assert client.get("/ho-so/tiep-nhan/").status_code == 403
    assert client.get("/bao-cao/").status_code in (302, 403, 404)
    assert client.get("/quan-tri/").status_code == 302  # admin login page, not the admin
    assert client.get("/").status_code == 302  # the home page sends citizens to their own


def test_the_staff_login_form_does_not_sign_in_citizens(citizen: CitizenProfile) -> None:
    client = Client()
    response = client.post("/dang-nhap/", {"username": "089190000123", "password": PASSWORD})
    assert response.status_code == 200  # the form again, with its error
    assert "_auth_user_id" not in client.session


def test_citizen_pages_refuse_staff(officer: User) -> None:
    client = Client()
    client.force_login(officer)
    assert client.get("/cong-dan/ho-so/").status_code == 403


def test_an_organisation_is_registered_with_its_representative(
    citizen: CitizenProfile, officer: User
) -> None:
    verify_at_desk(citizen, officer=officer, papers="Thẻ căn cước 089190000123")
    organisation = register_organisation(
        citizen, name="Công ty TNHH Phú Mỹ Xanh", tax_code="1601234567", address="Phú Tân"
    )
    assert organisation.representative == citizen
    with pytest.raises(CitizenError, match="10 chữ số"):
        register_organisation(citizen, name="Sai mã", tax_code="16012")
    with pytest.raises(CitizenError, match="đã được đăng ký"):
        register_organisation(citizen, name="Trùng", tax_code="1601234567")
    assert Organisation.objects.count() == 1


def test_registration_is_rate_limited_per_address_and_the_window_passes(reference: None) -> None:
    from motcua.citizens.identity_providers import REGISTRATION_WINDOW, REGISTRATIONS_PER_ADDRESS

    start = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(REGISTRATIONS_PER_ADDRESS):  # failed tries count too (probing IDs)
            response = _register(Client(), personal_id="08919000012")
            assert response.status_code == 200
        response = _register(Client())  # a valid registration, but one too many
        assert response.status_code == 429
        assert "quá nhiều lần đăng ký" in response.content.decode()
        assert not CitizenProfile.objects.exists()
        other = Client(REMOTE_ADDR="10.0.0.9")  # another address is not affected
        assert _register(other).status_code == 302
    with time_machine.travel(start + REGISTRATION_WINDOW + dt.timedelta(minutes=1), tick=False):
        assert _register(Client(), personal_id="089190000124").status_code == 302
    assert CitizenProfile.objects.count() == 2
    kinds = set(LoginAttempt.objects.values_list("kind", flat=True))
    assert kinds == {"register"}


def test_a_short_password_is_refused_in_vietnamese_on_the_page(reference: None) -> None:
    response = _register(Client(), password="k7#q", password2="k7#q")
    page = response.content.decode()
    assert "Mật khẩu quá ngắn: cần ít nhất 8 ký tự." in page
    assert "too short" not in page
    assert not User.objects.exists()
