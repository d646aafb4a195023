"""The citizen who owns a dossier downloads its signed result — the representative of the
organisation it was submitted for too (citizens.permissions.owns_dossier); a stranger gets 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import User
from motcua.citizens.models import CitizenProfile, Organisation, Submission
from motcua.citizens.services import register_citizen
from motcua.dossiers.models import Dossier
from motcua.results.services import issue_electronic_result
from tests.results.helpers import stored

pytestmark = pytest.mark.django_db


def _citizen(personal_id: str, name: str) -> CitizenProfile:
    return register_citizen(personal_id=personal_id, full_name=name, password="Mk-2024-dai-dien!")


def test_the_representative_downloads_and_a_stranger_is_refused(
    for_approval: Dossier, leader: User
) -> None:
    submitter = _citizen("089190000123", "Nguyễn Thị Ngọc Ánh")
    representative = _citizen("089085000456", "Trần Văn Hùng")
    stranger = _citizen("089200000789", "Lê Thị Hoa")
    organisation = Organisation.objects.create(
        name="HTX Phú Mỹ", tax_code="1601234567", representative=representative
    )
    Submission.objects.create(
        dossier=for_approval,
        citizen=submitter,
        organisation=organisation,
        submitted_at=timezone.now(),
    )
    result = issue_electronic_result(
        for_approval, actor=leader, title="Giấy chứng nhận", number="12/2024", body="Nội dung."
    )
    client = Client()
    for owner in (representative, submitter):
        client.force_login(owner.user)
        response = client.get(f"/xac-minh/tai-ve/{result.pk}/")
        assert response.status_code == 200
        assert response.content == stored(result)
    client.force_login(stranger.user)
    assert client.get(f"/xac-minh/tai-ve/{result.pk}/").status_code == 404
