"""Input that the database cannot store is refused with a Vietnamese 4xx on every engine, never a
500 (found by tests/reliability/test_api_fuzz.py on PostgreSQL, where a too-long text or a too
large count is a DataError; SQLite stores them)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit
from tests.dossiers.conftest import in_march_2024, reference

__all__ = ["in_march_2024", "reference"]
pytestmark = pytest.mark.usefixtures("reference")

BODY: dict[str, Any] = {
    "procedure_code": "1.000894",
    "applicant": {
        "name": "Nguyễn Thị Ngọc Ánh",
        "id_number": "089190000123",
        "birth_date": "1990-03-02",
    },
    "components": [{"name": "Tờ khai đăng ký kết hôn"}],
}


@pytest.fixture
def officer(client: Client, receiving_officer: User) -> Client:
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    client.force_login(receiving_officer)
    return client


def _create(client: Client, body: dict[str, Any], key: str = "k-1") -> Any:
    return client.post(
        "/api/v1/dossiers/", body, content_type="application/json", headers={"Idempotency-Key": key}
    )


@pytest.mark.parametrize(
    "change",
    [
        {"applicant": {**BODY["applicant"], "name": "A" * 201}},
        {"applicant": {**BODY["applicant"], "address": "Ấp " * 200}},
        {"applicant": {**BODY["applicant"], "representative_name": "B" * 201}},
        {"delivery_address": "x" * 301},
        {"components": [{"name": "Giấy " * 200}]},
        {"components": [{"name": "Tờ khai", "count": 40000}]},
        {"components": [{"name": "Tờ khai", "copy_kind": "bản không có thật"}]},
    ],
)
def test_what_cannot_be_stored_is_a_422(officer: Client, change: dict[str, Any]) -> None:
    answer = _create(officer, {**BODY, **change})
    assert answer.status_code == 422, answer.content
    assert answer.json()["detail"]
    assert not Dossier.objects.exists()


def test_the_longest_idempotency_key_is_accepted_and_a_longer_one_refused(officer: Client) -> None:
    assert _create(officer, BODY, key="k" * 64).status_code == 201
    assert _create(officer, BODY, key="k" * 64).status_code == 201  # the same dossier again
    assert Dossier.objects.count() == 1
    refused = _create(officer, BODY, key="k" * 65)
    assert refused.status_code == 400
    assert "64" in refused.json()["detail"]


@pytest.mark.parametrize(
    "change",
    [
        {"pages": 10**12},
        {"copies": 10**6, "pages": 10_000},
        {"exemption_reason": "miễn " * 100},
        {"method": "transfer", "bank_reference": "R" * 81},
    ],
)
def test_a_payment_that_cannot_be_stored_is_a_422(officer: Client, change: dict[str, Any]) -> None:
    from motcua.catalog.models import Fee

    dossier_id = _create(officer, {**BODY, "procedure_code": "2.000815"}).json()["id"]
    fee = Fee.objects.get(version__procedure__code="2.000815")
    answer = officer.post(
        f"/api/v1/dossiers/{dossier_id}/payments",
        {"fee_id": fee.pk, **change},
        content_type="application/json",
        headers={"Idempotency-Key": "pay-1"},
    )
    assert answer.status_code == 422, answer.content
    assert not Dossier.objects.get(pk=dossier_id).payments.exists()
