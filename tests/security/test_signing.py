"""A unit's certificate signs only in the hand of a leader of that unit: the certified electronic
copy is signed by the person with authority (chủ tịch / phó chủ tịch UBND xã, NĐ 23/2015
Art. 5), never by the officer who received the request and compared the scan with the original.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import Forbidden
from motcua.results.models import CertificationEntry
from motcua.results.permissions import dossier_for_certification, may_certify
from motcua.units.services import UnitSpec, add_unit
from tests.results.conftest import (
    copy_request,
    in_march_2024,
    leader,
    officer,
    reference,
    signing,
    signing_dir,
    staff,
)
from tests.results.test_certification import PNG

__all__ = ["copy_request", "in_march_2024", "leader", "officer", "reference", "signing"]
__all__ += ["signing_dir"]
REFUSED = "Vai trò của bạn không được ký chứng thực bản sao điện tử"
BUTTON = "Ký số chứng thực bản sao"


def _form() -> dict[str, object]:
    return {
        "document_name": "Bằng tốt nghiệp trung học phổ thông",
        "pages": "1",
        "copies": "1",
        "compared": "on",
        "fee_method": "cash",
        "scan": SimpleUploadedFile("ban-chup.png", PNG, "image/png"),
    }


def _post(client: Client, user: User, dossier: Dossier):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client.post(f"/xac-minh/ho-so/{dossier.pk}/chung-thuc/", _form(), follow=True)


@pytest.fixture
def specialist(make_staff: Callable[..., User], reference: None) -> User:
    return staff(make_staff, Role.SPECIALIST, "hotich", "Trần Văn Bình")


@pytest.fixture
def other_leader(make_staff: Callable[..., User], reference: None) -> User:
    """The leader of a neighbouring commune (same district, not a predecessor of the unit)."""
    add_unit(UnitSpec("30409", "Xã Tân Hòa", "commune", "888"))
    return staff(make_staff, Role.LEADER, "lanhdaokhac", "Phan Văn Hòa", unit="30409")


@pytest.mark.parametrize("who", ["officer", "specialist"])
def test_the_desk_and_the_specialist_do_not_sign_the_certified_copy(
    request: pytest.FixtureRequest, client: Client, copy_request: Dossier, who: str
) -> None:
    user: User = request.getfixturevalue(who)
    assert not may_certify(user, copy_request)
    with pytest.raises(Forbidden, match=REFUSED):
        dossier_for_certification(user, copy_request.pk)
    client.force_login(user)
    page = client.get(f"/ho-so/{copy_request.pk}/").content.decode()
    assert BUTTON not in page  # the page offers no button they cannot use
    response = _post(client, user, copy_request)
    assert REFUSED in response.content.decode()
    assert not CertificationEntry.objects.exists()


def test_a_leader_of_another_unit_does_not_sign_with_this_unit_s_certificate(
    client: Client, copy_request: Dossier, other_leader: User
) -> None:
    assert not may_certify(other_leader, copy_request)
    with pytest.raises(Http404):
        dossier_for_certification(other_leader, copy_request.pk)
    client.force_login(other_leader)
    response = client.post(f"/xac-minh/ho-so/{copy_request.pk}/chung-thuc/", _form())
    assert response.status_code == 404
    assert not CertificationEntry.objects.exists()


def test_the_leader_of_the_unit_signs_and_the_desk_officer_is_the_one_who_compared(
    client: Client, copy_request: Dossier, leader: User, officer: User
) -> None:
    client.force_login(leader)
    assert BUTTON in client.get(f"/ho-so/{copy_request.pk}/").content.decode()
    response = _post(client, leader, copy_request)
    assert "số chứng thực 1, quyển số 01/2024-SCT/BS" in response.content.decode()
    entry = CertificationEntry.objects.select_related("result").get()
    assert entry.result.issued_by == leader
    assert entry.compared_by == officer  # the officer who received the original compared it
