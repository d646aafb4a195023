"""Nobody receives a person's documents by typing their ID number: a self-registered number is
unverified; VNeID or an officer at the desk verifies it; VNeID takes a squatted number over."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.citizens.identity import VerificationError, verify_at_desk
from motcua.citizens.identity_providers import OidcProvider, PasswordProvider
from motcua.citizens.models import CitizenDocument, CitizenProfile
from motcua.citizens.services import CitizenError, register_citizen, register_organisation
from motcua.dossiers.models import Dossier
from motcua.notifications.models import Notification
from motcua.results.models import IssuedResult
from motcua.results.services import issue_electronic_result
from tests.citizens.test_identity_providers import CONFIG, SimulatedOperator
from tests.results.conftest import (
    for_approval,
    in_march_2024,
    leader,
    officer,
    reference,
    signing,
    signing_dir,
)

__all__ = [
    "for_approval",
    "in_march_2024",
    "leader",
    "officer",
    "reference",
    "signing",
    "signing_dir",
]
NUMBER = "089190000123"  # the applicant of the desk dossier (tests/dossiers/conftest.intake)
SQUATTER_PASSWORD = "mat-khau-ke-gia-mao-2026"
VNEID = {"citizen_pid": NUMBER, "name": "Nguyễn Thị Ngọc Ánh", "email": "anh@example.vn"}


def _squat() -> CitizenProfile:
    return register_citizen(
        personal_id=NUMBER,
        full_name="Kẻ Giả Mạo",
        password=SQUATTER_PASSWORD,
        email="gia-mao@example.vn",
    )


def _issue(dossier: Dossier, leader: User) -> IssuedResult:
    return issue_electronic_result(
        dossier, actor=leader, title="Giấy chứng nhận kết hôn", number="12/2024", body="Kết hôn."
    )


def _vneid_sign_in() -> CitizenProfile | None:
    oidc = OidcProvider(CONFIG, transport=SimulatedOperator(VNEID))
    return oidc.authenticate(client_ip="1.2.3.4", code="good", state="s", expected_state="s")


def test_a_squatter_who_typed_the_number_receives_nothing_of_a_desk_dossier(
    for_approval: Dossier, leader: User
) -> None:
    squatter = _squat()
    _issue(for_approval, leader)
    assert not CitizenDocument.objects.filter(citizen=squatter).exists()
    client = Client()
    client.force_login(squatter.user)
    assert "Giấy chứng nhận kết hôn" not in client.get("/cong-dan/kho-du-lieu/").content.decode()
    assert client.get(f"/cong-dan/ho-so/{for_approval.pk}/").status_code == 404


def test_a_vneid_sign_in_takes_the_number_over_and_gets_the_waiting_result(
    for_approval: Dossier, leader: User
) -> None:
    squatter = _squat()
    _issue(for_approval, leader)
    owner = _vneid_sign_in()
    assert owner is not None
    assert owner.pk != squatter.pk
    assert (owner.personal_id, owner.verified, owner.verified_via) == (NUMBER, True, "vneid")
    # the waiting result is delivered to the verified holder
    assert CitizenDocument.objects.filter(citizen=owner, dossier=for_approval).count() == 1
    # the squatter's account is closed: its password no longer works, it is marked and told
    squatter.refresh_from_db()
    assert squatter.closed_at is not None
    assert not squatter.user.is_active
    login = PasswordProvider().authenticate(
        client_ip="5.6.7.8", personal_id=NUMBER, password=SQUATTER_PASSWORD
    )
    assert login is None
    event = AuditEvent.objects.get(action="close_unverified_citizen", object_id=str(squatter.pk))
    assert event.before == {"personal_id": NUMBER}
    assert Notification.objects.filter(kind="account_closed", address="gia-mao@example.vn")
    # a second sign-in lands in the same verified account
    assert _vneid_sign_in() == owner


def test_an_officer_verifies_at_the_desk_and_the_waiting_result_is_delivered(
    for_approval: Dossier, leader: User, officer: User
) -> None:
    holder = register_citizen(personal_id=NUMBER, full_name="Nguyễn Thị Ngọc Ánh", password=None)
    _issue(for_approval, leader)
    assert not CitizenDocument.objects.filter(citizen=holder).exists()
    with pytest.raises(VerificationError):
        verify_at_desk(holder, officer=leader, papers="Thẻ căn cước")  # not a receiving officer
    with pytest.raises(VerificationError):
        verify_at_desk(holder, officer=officer, papers=" ")
    verify_at_desk(holder, officer=officer, papers="Thẻ căn cước 089190000123")
    holder.refresh_from_db()
    assert (holder.verified, holder.verified_via) == (True, "desk")
    assert CitizenDocument.objects.filter(citizen=holder, dossier=for_approval).count() == 1
    event = AuditEvent.objects.get(action="verify_citizen_at_desk")
    assert event.actor == officer
    assert event.after is not None
    assert event.after["papers"] == "Thẻ căn cước 089190000123"


def test_an_unverified_account_cannot_bind_a_tax_code(reference: None) -> None:
    squatter = _squat()
    with pytest.raises(CitizenError, match="đã xác thực số định danh"):
        register_organisation(squatter, name="Công ty của người khác", tax_code="1601234567")


def test_registering_a_taken_number_reveals_nothing_and_points_to_vneid(reference: None) -> None:
    _squat()
    with pytest.raises(CitizenError, match="VNeID") as refused:
        register_citizen(personal_id=NUMBER, full_name="Chủ thật", password="mat-khau-that-2026")
    assert "Kẻ Giả Mạo" not in str(refused.value)


def test_the_desk_page_verifies_after_showing_the_account_and_refuses_other_roles(
    for_approval: Dossier, leader: User, officer: User
) -> None:
    holder = register_citizen(personal_id=NUMBER, full_name="Nguyễn Thị Ngọc Ánh", password=None)
    _issue(for_approval, leader)
    page = "/cong-dan/can-bo/xac-thuc-so-dinh-danh/"
    other = Client()
    other.force_login(leader)
    assert other.post(page, {"so_dinh_danh": NUMBER, "hanh_dong": "xac_thuc"}).status_code == 403
    citizen = Client()
    citizen.force_login(holder.user)
    assert citizen.get(page).status_code == 403
    desk = Client()
    desk.force_login(officer)
    found = desk.post(page, {"so_dinh_danh": NUMBER, "hanh_dong": "tra_cuu"}).content.decode()
    assert "Nguyễn Thị Ngọc Ánh" in found
    assert "Chưa xác thực" in found
    assert desk.post(page, {"so_dinh_danh": "12345"}).status_code == 400
    done = desk.post(
        page, {"so_dinh_danh": NUMBER, "hanh_dong": "xac_thuc", "giay_to": "Thẻ căn cước số X"}
    )
    assert "Đã xác thực số định danh" in done.content.decode()
    holder.refresh_from_db()
    assert holder.verified_via == "desk"
    assert CitizenDocument.objects.filter(citizen=holder, dossier=for_approval).count() == 1


def test_a_verified_account_closed_by_the_staff_stays_closed_to_vneid(reference: None) -> None:
    owner = _vneid_sign_in()
    assert owner is not None
    owner.user.is_active = False
    owner.user.save(update_fields=["is_active"])
    assert _vneid_sign_in() is None
    assert CitizenProfile.objects.filter(personal_id=NUMBER).count() == 1
