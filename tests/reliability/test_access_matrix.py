"""Access-control matrix: persona (role × unit) × endpoint on a dossier of thị trấn Phú Mỹ.

Staff of another unit (here the province office) never see the dossier (404), roles without
the act get 403/404/409, and no combination answers 500.
"""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import receive_dossier
from tests.dossiers.conftest import intake
from tests.reliability.conftest import ROLES

ENDPOINTS = [
    ("get", "/api/v1/dossiers/{id}"),
    ("post", "/api/v1/dossiers/{id}/accept"),
    ("post", "/api/v1/dossiers/{id}/withdraw"),
    ("post", "/api/v1/dossiers/{id}/approve"),
    ("get", "/ho-so/{id}/"),
    ("get", "/ho-so/{id}/phieu-kiem-soat/"),
]
DENIED = {403, 404}


@pytest.fixture
def dossier(personas: dict[tuple[str, str], User]) -> Dossier:
    return receive_dossier(intake(), actor=personas[("receiving_officer", "30406")])


def test_matrix(personas: dict[tuple[str, str], User], dossier: Dossier) -> None:
    for role in [r.value for r in ROLES]:
        for method, url in ENDPOINTS:
            check(role, method, url.format(id=dossier.pk), personas, dossier)


def check(
    role: str, method: str, path: str, personas: dict[tuple[str, str], User], dossier: Dossier
) -> None:
    body = {"reason": "Công dân xin rút"} if path.endswith("withdraw") else {}
    for unit_code in ("30406", "89"):
        client = Client()
        client.force_login(personas[(role, unit_code)])
        before = Dossier.objects.get(pk=dossier.pk).status
        response = getattr(client, method)(path, body, content_type="application/json")
        assert response.status_code < 500, (role, unit_code, path, response.status_code)
        if unit_code == "89":  # another unit: not even visible, and nothing changes
            assert response.status_code in DENIED, (role, path, response.status_code)
            assert Dossier.objects.get(pk=dossier.pk).status == before
    anonymous = getattr(Client(), method)(path, body, content_type="application/json")
    assert anonymous.status_code in {401, 403, 302}


def test_a_clerk_cannot_receive_for_another_unit(personas: dict[tuple[str, str], User]) -> None:
    client = Client()
    client.force_login(personas[("receiving_officer", "89")])
    response = client.post(
        "/api/v1/dossiers/",
        {
            "procedure_code": "1.000894",
            "competent_unit": "30406",
            "applicant": {"name": "Lê Văn Tám", "id_number": "089190000123"},
        },
        content_type="application/json",
        headers={"Idempotency-Key": "matrix-1"},
    )
    assert response.status_code in DENIED | {422}
    assert not Dossier.objects.filter(idempotency_key__endswith=":matrix-1").exists()
