"""A counter intake through the API (create, then accept) sends a bounded number of statements:
the roles are read once per request, the dossier is not fetched again to check permissions or to
answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.units.models import Unit
from tests.dossiers.test_api import BODY

pytestmark = pytest.mark.usefixtures("reference")

# create + accept, the receipt's render included (tests' "immediate" queue): 16 + 33 on SQLite,
# the accept's savepoint included (its check and act share the one locked read of the row).
MAX_STATEMENTS = 49
MAX_ONE_CALL = 45  # the same intake in one call, on SQLite (the receipt rendered after commit)
UNIT = 'SELECT "units_unit"."id", "units_unit"."code"'


def _intake(client: Client, key: str) -> tuple[int, int, Any]:
    with CaptureQueriesContext(connection) as created_queries:
        created = client.post(
            "/api/v1/dossiers/",
            BODY,
            content_type="application/json",
            headers={"Idempotency-Key": key},
        )
    assert created.status_code == 201, created.content
    with CaptureQueriesContext(connection) as accepted_queries:
        accepted = client.post(f"/api/v1/dossiers/{created.json()['id']}/accept")
    assert accepted.status_code == 200, accepted.content
    return len(created_queries), len(accepted_queries), accepted_queries


def test_an_intake_sends_a_bounded_number_of_statements(make_staff) -> None:  # type: ignore[no-untyped-def]
    officer: User = make_staff(Role.RECEIVING_OFFICER, "tiepnhan")
    officer.unit = Unit.objects.get(code="30406")
    officer.save()
    client = Client()
    client.force_login(officer)
    _intake(client, "warm")  # the first: sequences, caches
    created, accepted, queries = _intake(client, "second")
    roles = [q["sql"] for q in queries.captured_queries if "auth_group" in q["sql"]]
    assert len(roles) <= 1, roles  # the roles: once per request
    # The user's unit and citizen profile: read with the user, in the session's one query.
    alone = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "citizens_citizenprofile"')
        or (q["sql"].startswith(UNIT) and f'"units_unit"."id" = {officer.unit_id} ' in q["sql"])
    ]
    assert not alone, alone
    assert created + accepted <= MAX_STATEMENTS, (created, accepted)


def test_an_intake_in_one_call_sends_fewer_statements(make_staff) -> None:  # type: ignore[no-untyped-def]
    """`"accept": true`: one request, one transaction (the session, the user, the roles, the
    served units and the commit's seal once, not twice)."""
    officer: User = make_staff(Role.RECEIVING_OFFICER, "tiepnhan")
    officer.unit = Unit.objects.get(code="30406")
    officer.save()
    client = Client()
    client.force_login(officer)
    _intake(client, "warm")
    for key in ("one-1", "one-2"):
        with CaptureQueriesContext(connection) as queries:
            created = client.post(
                "/api/v1/dossiers/",
                {**BODY, "accept": True},
                content_type="application/json",
                headers={"Idempotency-Key": key},
            )
        assert created.status_code == 201
        assert created.json()["status"] == "accepted"
    roles = [q["sql"] for q in queries.captured_queries if "auth_group" in q["sql"]]
    assert len(roles) <= 1, roles
    assert len(queries) <= MAX_ONE_CALL
