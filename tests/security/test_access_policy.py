"""One 403/404 policy for every object kind, the same on the page and in the API: an object
outside the user's scope is "not found" (404, so its existence is not revealed); a user in
scope whose role lacks the right is refused (403). Each test asks the page and the API of one
kind the same question."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.citizens.models import Submission
from motcua.citizens.services import register_citizen
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import receive_dossier
from motcua.units.models import Unit
from tests.dossiers.conftest import in_march_2024, intake, reference

__all__ = ["in_march_2024", "reference"]
pytestmark = pytest.mark.django_db


def _staff(role: Role, unit_code: str) -> Client:
    user = create_or_update_staff(
        username=f"{role.value[:8]}-{unit_code}",
        full_name="Cán bộ",
        role=role,
        unit=Unit.objects.get(code=unit_code),
    )
    client = Client()
    client.force_login(user)
    return client


def _statuses(client: Client, *paths: str) -> set[int]:
    return {client.get(path).status_code for path in paths}


def _report_paths(unit: str) -> list[str]:
    return [
        f"/bao-cao/ii06a/?don-vi={unit}&tu=01/01/2024&den=31/03/2024",
        f"/bao-cao/ii07b/?don-vi={unit}&ngay=31/03/2024",
        f"/bao-cao/bang-dieu-khien/?don-vi={unit}",
        f"/api/v1/reports/indicators?unit={unit}&from=2024-01-01&to=2024-03-31",
        f"/api/v1/reports/dashboard?unit={unit}",
    ]


def test_reports_a_unit_outside_the_scope_is_404_on_every_page_and_in_the_api(
    reference: None,
) -> None:
    client = _staff(Role.STATISTICS_OFFICER, "30406")
    assert _statuses(client, *_report_paths("30406")) == {200}
    assert _statuses(client, *_report_paths("89")) == {404}  # the province above: outside
    assert _statuses(client, *_report_paths("khong-co")) == {404}  # unknown: the same answer
    api = client.get("/api/v1/reports/dashboard?unit=89").json()["detail"]
    page = client.get("/bao-cao/ii06a/?don-vi=89&tu=01/01/2024&den=31/03/2024").content.decode()
    assert api in page  # one message for both


def test_reports_a_role_without_reports_is_403_on_every_page_and_in_the_api(
    reference: None,
) -> None:
    client = _staff(Role.RECEIVING_OFFICER, "30406")
    assert _statuses(client, "/bao-cao/", *_report_paths("30406")) == {403}
    assert _statuses(client, *_report_paths("89")) == {403}


@pytest.fixture
def dossier(reference: None) -> Dossier:
    officer = create_or_update_staff(
        username="tiepnhan-30406",
        full_name="Cán bộ tiếp nhận",
        role=Role.RECEIVING_OFFICER,
        unit=Unit.objects.get(code="30406"),
    )
    return receive_dossier(intake(), actor=officer)


def test_dossiers_another_unit_s_dossier_is_404_on_the_page_and_in_the_api(
    dossier: Dossier,
) -> None:
    paths = [f"/ho-so/{dossier.pk}/", f"/api/v1/dossiers/{dossier.pk}"]
    assert _statuses(_staff(Role.RECEIVING_OFFICER, "30406"), *paths) == {200}
    for role in (Role.RECEIVING_OFFICER, Role.LEADER, Role.STATISTICS_OFFICER):
        assert _statuses(_staff(role, "89"), *paths) == {404}, role


def test_citizens_another_citizen_s_dossier_is_404_on_the_page_and_in_the_api(
    dossier: Dossier,
) -> None:
    owner = register_citizen(personal_id="089190000123", full_name="Chủ hồ sơ", password=None)
    stranger = register_citizen(personal_id="089085000456", full_name="Người lạ", password=None)
    Submission.objects.create(dossier=dossier, citizen=owner, submitted_at=dossier.received_at)
    paths = [f"/cong-dan/ho-so/{dossier.pk}/", f"/api/v1/citizens/ho-so/{dossier.pk}"]
    client = Client()
    client.force_login(owner.user)
    assert _statuses(client, *paths) == {200}
    client.force_login(stranger.user)
    assert _statuses(client, *paths) == {404}
    staff: User = create_or_update_staff(
        username="lanhdao-30406",
        full_name="Lãnh đạo",
        role=Role.LEADER,
        unit=Unit.objects.get(code="30406"),
    )
    client.force_login(staff)  # citizen pages are not for staff: a role without the right
    assert _statuses(client, *paths) == {403}


@pytest.mark.parametrize("path", ["/ho-so/", "/lien-thong/", "/buu-chinh/", "/canh-bao/"])
def test_every_staff_page_refuses_a_citizen_and_an_account_without_a_unit_with_403(
    reference: None, path: str
) -> None:
    citizen = register_citizen(personal_id="089190000123", full_name="Công dân", password=None)
    no_unit = create_or_update_staff(username="khong-don-vi", full_name="X", role=Role.LEADER)
    client = Client()
    for user in (citizen.user, no_unit):
        client.force_login(user)
        assert client.get(path).status_code == 403, (path, user)
