"""An act reads its dossier row once: the instance a caller locked (to check permissions on it)
is handed to the act once, within its transaction only (dossiers/locking.py)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from motcua.accounts.roles import Role
from motcua.domain.dossier_states import Status
from motcua.dossiers import locking
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit

pytestmark = pytest.mark.usefixtures("reference")


def test_a_locked_instance_is_handed_over_once(dossier: Dossier) -> None:
    with transaction.atomic():
        locked = locking.lock(dossier.pk)
        assert locking.take(dossier) is None  # another instance of the row: read it
        assert locking.take(locked) is locked
        assert locking.take(locked) is None  # once


def test_nothing_is_handed_over_after_its_transaction(dossier: Dossier) -> None:
    with transaction.atomic():
        locked = locking.lock(dossier.pk)
    with transaction.atomic():
        assert locking.take(locked) is None


def test_nothing_is_handed_over_after_a_savepoint_rolled_back(dossier: Dossier) -> None:
    with transaction.atomic():
        locked = locking.lock(dossier.pk)
        try:
            with transaction.atomic():
                Dossier.objects.filter(pk=dossier.pk).update(applicant_name="X")
                raise ValueError
        except ValueError:
            pass
        assert locking.take(locked) is None  # the lock may have gone with the savepoint


def _reads_of_the_row(make_staff, dossier: Dossier, url: str) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    """POST `url` as a receiving officer of the dossier's unit: the answer's status and the
    statements that read the dossier's row."""
    officer = make_staff(Role.RECEIVING_OFFICER, "tn3")
    officer.unit = Unit.objects.get(code="30406")
    officer.save()
    client = Client()
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        status = client.post(url).status_code
    dossier.refresh_from_db()
    assert dossier.status == Status.ACCEPTED.value
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT") and f'"dossiers_dossier"."id" = {dossier.pk}' in q["sql"]
    ]
    return status, reads


def test_an_act_through_the_api_reads_its_dossier_once_locked(make_staff, dossier: Dossier) -> None:  # type: ignore[no-untyped-def]
    status, reads = _reads_of_the_row(make_staff, dossier, f"/api/v1/dossiers/{dossier.pk}/accept")
    assert status == 200
    # One read, and the permission check is made on it: the row as the act finds it, locked.
    assert len(reads) == 1, reads
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in reads[0]


def test_an_act_from_the_dossier_page_reads_its_dossier_once(make_staff, dossier: Dossier) -> None:  # type: ignore[no-untyped-def]
    status, reads = _reads_of_the_row(make_staff, dossier, f"/ho-so/{dossier.pk}/accept/")
    assert status == 302  # back to the dossier page, with the message
    assert len(reads) == 1, reads
