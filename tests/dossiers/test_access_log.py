"""Staff reads of personal data go to the access log, not the audit chain: a staff dossier view
writes one row there and never touches the chain's head (the lock every sealed commit takes).
A row changed without the key no longer verifies."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from motcua.accounts.roles import Role
from motcua.audit.access_log import altered
from motcua.audit.models import AuditEvent, AuditHead, PersonalDataRead
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import receive_dossier
from motcua.units.models import Unit
from tests.dossiers.conftest import intake

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def dossier_and_client(make_staff) -> tuple[Dossier, Client]:  # type: ignore[no-untyped-def]
    officer = make_staff(Role.RECEIVING_OFFICER, "tn", "Cán bộ Phú Mỹ")
    officer.unit = Unit.objects.get(code="30406")
    officer.save()
    dossier = receive_dossier(intake(), actor=officer)
    client = Client()
    client.force_login(officer)
    return dossier, client


def test_a_staff_dossier_view_logs_the_read_without_touching_the_chain(
    dossier_and_client: tuple[Dossier, Client],
) -> None:
    dossier, client = dossier_and_client
    events, head = AuditEvent.objects.count(), AuditHead.objects.get(pk=1)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/ho-so/{dossier.pk}/")
    assert page.status_code == 200
    head_table = AuditHead._meta.db_table
    assert not [q["sql"] for q in queries.captured_queries if head_table in q["sql"]]
    chain_table = AuditEvent._meta.db_table
    assert not [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(("INSERT", "UPDATE")) and chain_table in q["sql"]
    ]
    assert AuditEvent.objects.count() == events
    after = AuditHead.objects.get(pk=1)
    assert (after.last_seq, after.last_hash) == (head.last_seq, head.last_hash)
    read = PersonalDataRead.objects.get()
    assert (read.object_type, read.object_id) == ("dossier", str(dossier.pk))
    assert read.detail == {"fields": ["applicant"]}
    assert altered() == []


def test_a_read_changed_without_the_key_does_not_verify(
    dossier_and_client: tuple[Dossier, Client],
) -> None:
    dossier, client = dossier_and_client
    client.get(f"/ho-so/{dossier.pk}/")
    call_command("audit", "verify")
    read = PersonalDataRead.objects.get()
    PersonalDataRead.objects.filter(pk=read.pk).update(object_id="999999")
    assert altered() == [read.pk]
    with pytest.raises(CommandError, match="Nhật ký xem dữ liệu cá nhân: 1 dòng đã bị sửa"):
        call_command("audit", "verify")
