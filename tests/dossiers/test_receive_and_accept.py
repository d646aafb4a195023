"""Receiving and accepting in one call (the API's `"accept": true`, the counter form's
"Tiếp nhận"): one transaction, the accept checked as every act is; refused, nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.models import AuditEvent
from motcua.dossiers.models import Dossier, IssuedDocument
from motcua.units.models import Unit
from tests.dossiers.test_api import BODY

pytestmark = pytest.mark.usefixtures("reference")
ACCEPTING = {**BODY, "accept": True}


@pytest.fixture
def officer(make_staff) -> User:  # type: ignore[no-untyped-def]
    user: User = make_staff(Role.RECEIVING_OFFICER, "tiepnhan")
    user.unit = Unit.objects.get(code="30406")
    user.save()
    return user


def _create(client: Client, key: str, body: dict[str, Any] = ACCEPTING) -> Any:
    return client.post(
        "/api/v1/dossiers/", body, content_type="application/json", headers={"Idempotency-Key": key}
    )


def _actions(dossier_id: int) -> list[str]:
    events = AuditEvent.objects.filter(object_type="dossier", object_id=str(dossier_id))
    return list(events.order_by("seq").values_list("action", flat=True))


def test_one_call_receives_and_accepts(client: Client, officer: User) -> None:
    client.force_login(officer)
    response = _create(client, "k1")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "accepted"
    assert body["code"]
    assert body["due_at"]
    assert body["accepted_at"]
    dossier = Dossier.objects.get(pk=body["id"])
    assert dossier.status == "accepted"
    assert dossier.code == body["code"]
    assert _actions(dossier.pk) == ["receive", "accept"]
    assert IssuedDocument.objects.filter(dossier=dossier).count() == 1  # the receipt


def test_a_retried_call_answers_the_same_dossier_and_accepts_once(
    client: Client, officer: User
) -> None:
    client.force_login(officer)
    first = _create(client, "k1").json()
    second = _create(client, "k1")
    assert second.status_code == 201
    assert second.json()["id"] == first["id"]
    assert second.json()["code"] == first["code"]
    assert _actions(first["id"]) == ["receive", "accept"]
    assert Dossier.objects.count() == 1


def test_without_accept_the_dossier_is_only_received(client: Client, officer: User) -> None:
    client.force_login(officer)
    body = _create(client, "k1", BODY).json()
    assert body["status"] == "received"
    assert body["code"] is None
    assert _actions(body["id"]) == ["receive"]


def test_an_accept_the_officer_may_not_do_writes_nothing(
    client: Client, officer: User, accept_refused: str
) -> None:
    """The accept goes through the act's own check (permissions.acting_on → refusal): a refusal
    there is a 403 and the received dossier goes with the transaction."""
    client.force_login(officer)
    events = AuditEvent.objects.count()
    response = _create(client, "k1")
    assert response.status_code == 403
    assert response.json()["detail"] == accept_refused
    assert not Dossier.objects.exists()
    assert AuditEvent.objects.count() == events


def test_an_accept_refused_by_the_rules_writes_nothing(client: Client, officer: User) -> None:
    """A unit without its agency code cannot give a dossier code: the accept is refused in
    Vietnamese and the receipt of the dossier is not kept either."""
    Unit.objects.filter(staff=officer).update(agency_code="")
    client.force_login(officer)
    events = AuditEvent.objects.count()
    response = _create(client, "k1")
    assert response.status_code == 422
    assert "chưa có mã định danh" in response.json()["detail"]
    assert not Dossier.objects.exists()
    assert AuditEvent.objects.count() == events
    # without the accept, the same dossier is received
    assert _create(client, "k2", BODY).status_code == 201


def test_the_field_is_described_in_the_published_schema(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    field = schema["components"]["schemas"]["DossierIn"]["properties"]["accept"]
    assert field["default"] is False
    assert "cùng một giao dịch" in field["description"]
