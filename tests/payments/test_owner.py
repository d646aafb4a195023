"""One ownership rule (citizens.permissions.owns_dossier): the representative of an organisation
owns its dossiers like the citizen who submitted them — sees, pays; a stranger is refused (404)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from motcua.citizens.models import CitizenProfile, Organisation, Submission
from motcua.citizens.services import register_citizen
from motcua.dossiers.models import Dossier
from motcua.payments.models import OnlinePayment

pytestmark = pytest.mark.django_db


def _citizen(personal_id: str, name: str) -> CitizenProfile:
    return register_citizen(personal_id=personal_id, full_name=name, password="Mk-2024-dai-dien!")


def _submitted_for_an_organisation(dossier: Dossier) -> tuple[CitizenProfile, CitizenProfile]:
    """The dossier submitted online by one citizen for an organisation another represents."""
    submitter = _citizen("089190000123", "Nguyễn Thị Ngọc Ánh")
    representative = _citizen("089085000456", "Trần Văn Hùng")
    organisation = Organisation.objects.create(
        name="HTX Phú Mỹ", tax_code="1601234567", representative=representative
    )
    Submission.objects.create(
        dossier=dossier, citizen=submitter, organisation=organisation, submitted_at=timezone.now()
    )
    return submitter, representative


def _pay(client: Client, dossier: Dossier) -> int:
    answer = client.post(reverse("payments:pay"), {"ho_so": dossier.pk, "hanh_dong": "thanh_toan"})
    return int(answer.status_code)


def test_the_organisation_s_representative_sees_and_pays_its_dossier(owing: Dossier) -> None:
    _, representative = _submitted_for_an_organisation(owing)
    client = Client()
    client.force_login(representative.user)
    assert client.get(f"/cong-dan/ho-so/{owing.pk}/").status_code == 200
    assert _pay(client, owing) == 302  # to the gateway
    attempt = OnlinePayment.objects.get(dossier=owing)
    sandbox = client.get(reverse("payments:sandbox", args=[attempt.order_id]))
    assert sandbox.status_code == 200


def test_the_submitter_pays_and_a_stranger_citizen_is_refused(owing: Dossier) -> None:
    submitter, _ = _submitted_for_an_organisation(owing)
    stranger = _citizen("089200000789", "Lê Thị Hoa")
    client = Client()
    client.force_login(stranger.user)
    assert client.get(f"/cong-dan/ho-so/{owing.pk}/").status_code == 404
    assert _pay(client, owing) == 404
    assert not OnlinePayment.objects.exists()
    client.force_login(submitter.user)
    assert _pay(client, owing) == 302
    attempt = OnlinePayment.objects.get(dossier=owing)
    client.force_login(stranger.user)
    assert client.get(reverse("payments:sandbox", args=[attempt.order_id])).status_code == 404
