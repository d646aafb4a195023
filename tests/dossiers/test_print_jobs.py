"""The tracking book's PDF is made by the job queue, off the request path, for its requester."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.models import AuditEvent
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.prints import services
from motcua.prints.models import PrintJob
from motcua.units.models import Unit
from tests.dossiers.conftest import intake, vn

pytestmark = pytest.mark.usefixtures("reference")
PERIOD = {"tu": "01/03/2024", "den": "31/03/2024"}


@pytest.fixture
def officer(receiving_officer: User) -> User:
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    return receiving_officer


@pytest.fixture
def accepted(officer: User) -> Dossier:
    dossier = receive_dossier(intake(), actor=officer, at=vn(2024, 3, 4, 8))
    return accept_dossier(dossier, actor=officer, at=vn(2024, 3, 4, 8))


def test_the_request_returns_at_once_and_the_worker_makes_the_pdf(
    client: Client,
    officer: User,
    accepted: Dossier,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    queued: list[int] = []
    monkeypatch.setattr(services, "enqueue", queued.append)  # a queue nobody works yet

    def no_render(*_: Any) -> bytes:
        raise AssertionError("the request rendered the PDF itself")

    monkeypatch.setattr(services, "render_pdf", no_render)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/ho-so/so-theo-doi/", PERIOD)
    job = PrintJob.objects.get()
    assert response["Location"] == f"/in-an/{job.pk}/"
    assert queued == [job.pk]
    assert (job.state, job.file.name) == ("queued", "")
    page = client.get(f"/in-an/{job.pk}/").content.decode()
    assert "Đang chờ tạo" in page
    assert 'hx-trigger="every 2s"' in page  # the page refreshes itself
    assert client.get(f"/in-an/{job.pk}/tai-ve/").status_code == 404  # nothing yet
    event = AuditEvent.objects.get(action="request_print")
    assert (event.after or {})["start"] == "2024-03-01"

    monkeypatch.undo()
    done = services.render_job(job.pk)  # the worker
    assert done.state == "done"
    assert done.rows == 1
    page = client.get(f"/in-an/{job.pk}/").content.decode()
    assert "Đã xong" in page
    assert "every 2s" not in page
    pdf = b"".join(client.get(f"/in-an/{job.pk}/tai-ve/").streaming_content)  # type: ignore[attr-defined]
    assert pdf.startswith(b"%PDF")
    assert services.render_job(job.pk).file.name == done.file.name  # a second run changes nothing


def test_only_the_requester_sees_the_job_and_its_file(
    client: Client,
    officer: User,
    accepted: Dossier,
    make_staff: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/ho-so/so-theo-doi/", PERIOD)
    job = PrintJob.objects.get()
    assert job.state == "done"
    colleague = make_staff(Role.RECEIVING_OFFICER, "dongnghiep", "Đồng Nghiệp")
    colleague.unit = officer.unit
    colleague.save()
    other = Client()
    other.force_login(colleague)
    assert other.get(f"/in-an/{job.pk}/").status_code == 404
    assert other.get(f"/in-an/{job.pk}/tai-ve/").status_code == 404
    anonymous = Client().get(f"/in-an/{job.pk}/tai-ve/")
    assert anonymous.status_code == 302
    assert "/dang-nhap/" in anonymous["Location"]


def test_a_failed_render_is_kept_on_the_job_in_vietnamese(
    client: Client,
    officer: User,
    accepted: Dossier,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    def broken(*_: Any) -> bytes:
        raise OSError("font missing")

    monkeypatch.setattr(services, "render_pdf", broken)
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        location = client.get("/ho-so/so-theo-doi/", PERIOD)["Location"]
    job = PrintJob.objects.get()
    assert job.state == "failed"
    page = client.get(location).content.decode()
    assert "Không tạo được bản in" in page
    assert "font missing" not in page
