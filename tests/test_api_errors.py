"""The API's one error shape ({"detail": Vietnamese message}) and its declaration in the schema."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.core.api_errors import framework_errors
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit
from tests.dossiers.conftest import in_march_2024, reference

__all__ = ["in_march_2024", "reference"]
pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def officer(receiving_officer: User) -> User:
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    return receiving_officer


def _create(client: Client, body: Any) -> Any:
    return client.post(
        "/api/v1/dossiers/", body, content_type="application/json", headers={"Idempotency-Key": "k"}
    )


def test_a_body_that_does_not_validate_is_a_vietnamese_422_with_where(
    client: Client, officer: User
) -> None:
    client.force_login(officer)
    answer = _create(
        client, {"procedure_code": "1.000894", "applicant": {"name": 7}, "sets_count": "x"}
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["detail"].startswith("Dữ liệu không hợp lệ — ")
    assert "applicant.name: phải là chuỗi ký tự" in body["detail"]
    assert "sets_count: phải là số nguyên" in body["detail"]
    assert {tuple(e["loc"]) for e in body["errors"]} == {
        ("body", "payload", "applicant", "name"),
        ("body", "payload", "sets_count"),
    }
    assert not Dossier.objects.exists()


def test_a_query_that_does_not_validate_names_the_parameter(client: Client, officer: User) -> None:
    client.force_login(officer)
    answer = client.get("/api/v1/feedback/satisfaction", {"start": "hôm qua"})
    assert answer.status_code == 422
    assert "start: phải là ngày" in answer.json()["detail"]
    assert "end: thiếu trường bắt buộc" in answer.json()["detail"]


def test_no_session_is_a_vietnamese_401_and_no_csrf_a_vietnamese_403(officer: User) -> None:
    anonymous = Client()
    answer = anonymous.get("/api/v1/dossiers/1")
    assert answer.status_code == 401
    assert answer.json() == {
        "detail": "Chưa đăng nhập hoặc phiên làm việc đã hết hạn; xin đăng nhập lại."
    }
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    refused = _create(strict, {"procedure_code": "1.000894", "applicant": {"name": "A"}})
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Dossier.objects.exists()


def test_every_operation_declares_its_errors_with_the_one_error_schema(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    error = {"$ref": "#/components/schemas/ApiError"}
    assert schema["components"]["schemas"]["ApiError"]["required"] == ["detail"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = {int(code) for code in operation["responses"]}
            assert framework_errors(method, operation) <= codes, (method, path)
            for code, response in operation["responses"].items():
                if int(code) >= 400:
                    assert response["content"]["application/json"]["schema"] == error
    create = schema["paths"]["/api/v1/dossiers/"]["post"]["responses"]
    assert {int(c) for c in create} == {201, 400, 401, 403, 422}
    accept = schema["paths"]["/api/v1/dossiers/{dossier_id}/accept"]["post"]["responses"]
    assert {int(c) for c in accept} == {200, 400, 401, 403, 404, 409, 422}
    rating = schema["paths"]["/api/v1/feedback/ratings"]["post"]["responses"]
    assert {int(c) for c in rating} == {201, 400, 403, 404, 409, 415, 422, 429}  # no 401
