"""Issued forms: the row in the act, the PDF after commit — by the job, on download, or repaired."""

import hashlib
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from motcua.accounts.models import User
from motcua.documents.formsets import form_by_key
from motcua.documents.render import render_pdf
from motcua.domain.dossier_states import Status
from motcua.dossiers import issued
from motcua.dossiers.forms import receipt_context
from motcua.dossiers.issued import content_of, render_document, render_missing
from motcua.dossiers.models import Dossier, IssuedDocument
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.units.models import Unit
from tests.dossiers.conftest import intake, vn

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def officer(receiving_officer: User) -> User:
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    return receiving_officer


def _accept(officer: User) -> Dossier:
    return accept_dossier(
        receive_dossier(intake(), actor=officer, at=vn(2024, 3, 4, 8)),
        actor=officer,
        at=vn(2024, 3, 4, 8, 30),
    )


@pytest.fixture
def unrendered(officer: User, django_capture_on_commit_callbacks: Capture) -> Dossier:
    """Accepted, but the render job never ran (lost between commit and the queue)."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        dossier = _accept(officer)
    assert any(getattr(c, "func", None) is issued._enqueue for c in callbacks)  # not run
    return dossier


def test_the_act_records_the_form_and_its_context_but_renders_nothing(
    unrendered: Dossier, officer: User
) -> None:
    document = IssuedDocument.objects.get(dossier=unrendered)
    assert not document.file
    assert document.sha256 == ""
    assert document.event.action == "accept"
    assert document.context["$type"] == "ReceiptContext"
    assert document.context["dossier_code"] == unrendered.code


def test_the_job_renders_after_commit_the_bytes_the_act_context_gives(
    officer: User, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        dossier = _accept(officer)
    document = IssuedDocument.objects.get(dossier=dossier)
    direct = render_pdf(form_by_key(document.form_key), receipt_context(dossier, str(officer)))
    with document.file.open("rb") as stored:
        assert stored.read() == direct
    assert document.sha256 == hashlib.sha256(direct).hexdigest()


def test_a_download_renders_a_document_whose_job_never_ran_once(
    client: Client, unrendered: Dossier, officer: User
) -> None:
    document = IssuedDocument.objects.get(dossier=unrendered)
    client.force_login(officer)
    first = client.get(f"/ho-so/{unrendered.pk}/van-ban/{document.pk}/")
    assert first.status_code == 200
    assert first.content.startswith(b"%PDF")
    document.refresh_from_db()
    assert document.sha256 == hashlib.sha256(first.content).hexdigest()
    stored_as = document.file.name
    again = client.get(f"/ho-so/{unrendered.pk}/van-ban/{document.pk}/")
    assert again.content == first.content
    document.refresh_from_db()
    assert document.file.name == stored_as  # served from the file, not rendered twice


def test_the_form_says_what_the_act_fixed_not_what_the_dossier_says_later(
    unrendered: Dossier, officer: User
) -> None:
    expected = render_pdf(form_by_key("TT01_2018/01"), receipt_context(unrendered, str(officer)))
    Dossier.objects.filter(pk=unrendered.pk).update(applicant_name="Tên Đã Đổi Sau")
    document = IssuedDocument.objects.get(dossier=unrendered)
    assert content_of(document) == expected


def test_the_repair_job_renders_what_is_missing_and_is_idempotent(unrendered: Dossier) -> None:
    document = IssuedDocument.objects.get(dossier=unrendered)
    assert render_missing() == {"rendered": 0, "failed": 0}  # too young: its job may still run
    assert render_missing(older_than=None) == {"rendered": 1, "failed": 0}
    document.refresh_from_db()
    assert document.file
    assert len(document.sha256) == 64
    assert render_missing(older_than=None) == {"rendered": 0, "failed": 0}


def test_the_command_renders_missing_forms(unrendered: Dossier) -> None:
    out = io.StringIO()
    call_command("dossiers", "render-forms", stdout=out)
    assert "Đã tạo tệp cho 1 văn bản, lỗi 0 văn bản." in out.getvalue()
    assert not IssuedDocument.objects.filter(file="").exists()


def test_a_second_render_keeps_the_first_file(unrendered: Dossier) -> None:
    document = IssuedDocument.objects.get(dossier=unrendered)
    first = render_document(document.pk)
    second = render_document(document.pk)
    assert (second.file.name, second.sha256) == (first.file.name, first.sha256)


def test_a_lost_race_deletes_its_own_copy(
    unrendered: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = IssuedDocument.objects.get(dossier=unrendered)
    storage = document.file.storage
    real_render, real_save = render_pdf, storage.save
    saved: list[str] = []
    winner: list[str] = []

    def save(name: str, content: Any, **kwargs: Any) -> str:
        saved.append(real_save(name, content, **kwargs))
        return saved[-1]

    def render_while_another_stores(*args: Any) -> bytes:
        content = real_render(*args)
        monkeypatch.setattr(issued, "render_pdf", real_render)
        winner.append(render_document(document.pk).file.name)  # the other render wins
        return content

    monkeypatch.setattr(storage, "save", save)
    monkeypatch.setattr(issued, "render_pdf", render_while_another_stores)
    result = render_document(document.pk)
    assert result.file.name == winner[0]
    assert len(saved) == 2
    assert saved[0] == winner[0]
    assert storage.exists(saved[0])
    assert not storage.exists(saved[1])


def test_a_failing_render_does_not_undo_the_accepted_dossier(
    officer: User,
    django_capture_on_commit_callbacks: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any) -> bytes:
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(issued, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        dossier = _accept(officer)
    dossier.refresh_from_db()
    assert dossier.status == Status.ACCEPTED
    assert dossier.code
    document = IssuedDocument.objects.get(dossier=dossier)
    assert not document.file
    assert render_missing(older_than=None) == {"rendered": 0, "failed": 1}
    monkeypatch.undo()
    assert content_of(document).startswith(b"%PDF")  # the next attempt succeeds
