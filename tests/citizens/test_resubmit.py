"""Online resubmission after an intake supplement request (the "bổ sung một lần" list)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.citizens.models import CitizenDocument, CitizenProfile, SubmittedFile
from motcua.citizens.services import add_to_data_store, checked, save_draft, start_draft
from motcua.citizens.submission import submit_draft
from motcua.dossiers.models import Dossier
from motcua.dossiers.online_sla import online_dossiers_waiting
from motcua.dossiers.services import request_intake_supplement
from motcua.units.models import Unit
from tests.citizens.conftest import PDF, PNG, stored_files, stream, upload, vn

pytestmark = pytest.mark.django_db
MISSING = ["Giấy chứng sinh (bản chụp rõ nét)", "Tờ khai có chữ ký của người đi khai sinh"]


@pytest.fixture
def asked(citizen: CitizenProfile, phu_tan: Unit, officer: User) -> Dossier:
    draft = start_draft(citizen, "1.001193")
    component = draft.procedure_version.components.first()
    assert component is not None
    file = checked("to-khai.pdf", stream(PDF))
    dossier = submit_draft(
        save_draft(draft, data={}, unit=phu_tan, uploads={component.pk: file}, reuse={})
    )
    return request_intake_supplement(dossier, actor=officer, missing=MISSING, reason="Thiếu")


@pytest.fixture
def client(citizen: CitizenProfile) -> Client:
    client = Client()
    client.force_login(citizen.user)
    return client


def test_the_citizen_sends_the_missing_documents_online(
    client: Client, citizen: CitizenProfile, asked: Dossier
) -> None:
    kept = add_to_data_store(citizen, title="Giấy chứng sinh", file=checked("a.png", stream(PNG)))
    page = client.get(f"/cong-dan/ho-so/{asked.pk}/").content.decode()
    assert "Nộp giấy tờ bổ sung trực tuyến" in page
    code = asked.code
    assert code  # given at submission (the time limit starts at acceptance)
    response = client.post(
        f"/cong-dan/ho-so/{asked.pk}/bo-sung/",
        {"file-1": upload("to-khai-ky.pdf", PDF), "reuse-0": kept.pk},
        follow=True,
    )
    assert "Đã nộp giấy tờ bổ sung" in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == "received"  # back to the officer's check, not accepted
    assert asked.accepted_at is None
    assert asked.code == code  # the code given at submission stays
    added = {c.name: c for c in asked.components.filter(name__in=MISSING)}
    assert added[MISSING[0]].reused
    assert added[MISSING[1]].digitised
    assert SubmittedFile.objects.get(component=added[MISSING[0]]).document == kept
    # A second post (double click) changes nothing.
    again = client.post(
        f"/cong-dan/ho-so/{asked.pk}/bo-sung/", {"file-1": upload("b.pdf", PDF)}, follow=True
    )
    assert "không ở trạng thái chờ bổ sung" in again.content.decode()
    assert asked.components.count() == 3


def test_a_bad_supplement_file_changes_nothing(client: Client, asked: Dossier, media: Path) -> None:
    before = set(stored_files(media))
    response = client.post(
        f"/cong-dan/ho-so/{asked.pk}/bo-sung/",
        {"file-0": upload("../../etc/passwd", PDF), "file-1": upload("ok.pdf", PDF)},
        follow=True,
    )
    assert "đuôi .pdf" in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == "intake_supplement"
    assert asked.components.count() == 1
    assert set(stored_files(media)) == before
    assert CitizenDocument.objects.count() == 1  # only the first submission's form


def test_the_eight_hours_restart_at_resubmission(
    client: Client, asked: Dossier, phu_tan: Unit
) -> None:
    Dossier.objects.filter(pk=asked.pk).update(received_at=vn(2026, 2, 26, 16, 0))
    client.post(f"/cong-dan/ho-so/{asked.pk}/bo-sung/", {"file-0": upload("a.pdf", PDF)})
    [(dossier, hours)] = online_dossiers_waiting([phu_tan.pk], vn(2026, 3, 2, 10, 0))
    assert dossier == asked
    assert hours < 2.1  # since Monday ~08:00, not since Thursday (12 h)
