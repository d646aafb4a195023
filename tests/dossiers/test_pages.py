import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.catalog.models import Component
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.units.models import Unit
from tests.dossiers.conftest import intake

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def officer(receiving_officer: User) -> User:
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    return receiving_officer


def test_the_intake_form_receives_and_accepts(client: Client, officer: User) -> None:
    client.force_login(officer)
    form = client.get("/ho-so/tiep-nhan/", {"thu-tuc": "1.000894"}).content.decode()
    assert "Tờ khai theo mẫu" in form
    component = Component.objects.get(version__procedure__code="1.000894")
    response = client.post(
        "/ho-so/tiep-nhan/",
        {
            "procedure_code": "1.000894",
            "applicant_name": "Lê Thị Hoa",
            "id_number": "089190000123",
            "birth_date": "02/03/1990",
            "phone": "0912345678",
            "channel": "counter",
            "result_delivery": "desk",
            f"present-{component.pk}": "on",
            "decision": "accept",
            "form_key": "f1",
        },
        follow=True,
    )
    dossier = Dossier.objects.get()
    assert dossier.status == "accepted"
    assert dossier.components.count() == 1
    assert f"Đã tiếp nhận hồ sơ {dossier.code}" in response.content.decode()


def test_a_bad_intake_shows_the_error_and_keeps_the_input(client: Client, officer: User) -> None:
    client.force_login(officer)
    html = client.post(
        "/ho-so/tiep-nhan/",
        {
            "procedure_code": "1.000894",
            "applicant_name": "Lê Thị Hoa",
            "id_number": "12",
            "channel": "counter",
            "result_delivery": "desk",
            "decision": "accept",
        },
    ).content.decode()
    assert "đúng 12 chữ số" in html
    assert 'value="Lê Thị Hoa"' in html
    assert not Dossier.objects.exists()


def test_the_queue_shows_the_deadline_countdown(client: Client, officer: User) -> None:
    dossier = accept_dossier(receive_dossier(intake(), actor=officer), actor=officer)
    client.force_login(officer)
    html = client.get("/ho-so/").content.decode()
    assert str(dossier.code) in html
    assert "Trong hạn" in html


def test_an_illegal_act_from_the_page_shows_the_reason(  # type: ignore[no-untyped-def]
    client: Client, officer: User, make_staff
) -> None:
    dossier = receive_dossier(intake(), actor=officer)
    leader = make_staff(Role.LEADER, "ld")
    leader.unit = officer.unit
    leader.save()
    client.force_login(leader)
    html = client.post(f"/ho-so/{dossier.pk}/approve/", follow=True).content.decode()
    assert "Vai trò của bạn không được phê duyệt kết quả" not in html  # leaders may approve…
    assert "Không thể phê duyệt kết quả" in html  # …but not a dossier not yet accepted
    dossier.refresh_from_db()
    assert dossier.status == "received"


def test_staff_of_another_unit_get_404(client: Client, officer: User, make_staff) -> None:  # type: ignore[no-untyped-def]
    dossier = receive_dossier(intake(), actor=officer)
    stranger = make_staff(Role.LEADER, "xa")
    stranger.unit = Unit.objects.get(code="AG-PHUTAN-TTPVHCC")
    stranger.save()
    client.force_login(stranger)
    assert client.get(f"/ho-so/{dossier.pk}/").status_code == 404


def test_citizens_and_outsiders_cannot_open_staff_pages(client: Client) -> None:
    assert client.get("/ho-so/").status_code == 302  # to the login page
    client.force_login(User.objects.create_user("dan", password="x-y-z-1234567"))
    assert client.get("/ho-so/").status_code == 403
