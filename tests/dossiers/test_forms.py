import hashlib
import io
import subprocess
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from pytest_django import DjangoCaptureOnCommitCallbacks as Capture

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.documents.formsets import form_by_key
from motcua.documents.render import render_pdf
from motcua.dossiers.forms import receipt_context
from motcua.dossiers.issued import content_of
from motcua.dossiers.models import Dossier, IssuedDocument
from motcua.dossiers.processing import extend_deadline, hand_over, withdraw
from motcua.dossiers.services import (
    accept_dossier,
    receive_dossier,
    refuse_at_intake,
    request_intake_supplement,
)
from motcua.units.models import Unit
from tests.dossiers.conftest import intake, vn

pytestmark = pytest.mark.usefixtures("reference")


def _text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())  # lines may wrap anywhere


@pytest.fixture
def officer(receiving_officer: User) -> User:
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    return receiving_officer


@pytest.fixture
def accepted(officer: User, django_capture_on_commit_callbacks: Capture) -> Dossier:
    """Accepted, and the receipt rendered by its job after commit (immediate queue)."""
    with django_capture_on_commit_callbacks(execute=True):
        return accept_dossier(
            receive_dossier(intake(), actor=officer, at=vn(2024, 3, 4, 8)),
            actor=officer,
            at=vn(2024, 3, 4, 8, 30),
        )


def test_acceptance_issues_the_receipt_of_the_2018_set(accepted: Dossier, officer: User) -> None:
    document = IssuedDocument.objects.get(dossier=accepted)
    assert document.form_key == "TT01_2018/01"
    with document.file.open("rb") as stored:
        content = stored.read()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    # The job stored exactly what rendering the act's context directly gives.
    direct = render_pdf(form_by_key("TT01_2018/01"), receipt_context(accepted, str(officer)))
    assert content == direct
    text = _text(content)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert accepted.code is not None
    assert accepted.code in text
    assert "Nguyễn Thị Ngọc Ánh" in text
    assert "Thông tư số 01/2018/TT-VPCP" in text
    assert document.event.action == "accept"


def test_intake_supplement_and_refusal_issue_their_forms(officer: User) -> None:
    first = receive_dossier(intake(), actor=officer)
    request_intake_supplement(first, actor=officer, missing=["Bản sao CCCD"], reason="Thiếu")
    second = receive_dossier(intake(), actor=officer)
    refuse_at_intake(second, actor=officer, reasons="Không thuộc thẩm quyền giải quyết")
    keys = sorted(IssuedDocument.objects.values_list("form_key", flat=True))
    assert keys == ["TT01_2018/02", "TT01_2018/03"]
    refusal = IssuedDocument.objects.get(form_key="TT01_2018/03")
    assert "Không thuộc thẩm quyền giải quyết" in _text(content_of(refusal))


def test_an_extension_issues_the_apology_with_both_dates(
    accepted: Dossier,
    officer: User,
    make_staff: Any,
) -> None:
    leader = make_staff(Role.LEADER, "ld", "Lê Văn Cường")
    leader.unit = officer.unit
    leader.save()
    hand_over(accepted, actor=officer, to_user=leader, step_order=3, at=vn(2024, 3, 4, 9))
    extend_deadline(
        accepted,
        actor=leader,
        new_due=vn(2024, 3, 12, 17),
        reason="Cần xác minh",
        at=vn(2024, 3, 5, 9),
    )
    apology = IssuedDocument.objects.get(form_key="TT01_2018/04")
    text = _text(content_of(apology))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "Cần xác minh" in text
    assert "12 tháng 3 năm 2024" in text


def test_the_stop_notice_exists_only_in_the_2025_set(accepted: Dossier, officer: User) -> None:
    withdraw(accepted, actor=officer, reason="Người nộp xin rút")
    assert not IssuedDocument.objects.filter(form_key__endswith="/05").exists()


def test_reprints_serve_the_stored_bytes_and_are_hidden_from_others(
    client: Client,
    accepted: Dossier,
    officer: User,
    make_staff: Any,
) -> None:
    document = IssuedDocument.objects.get(dossier=accepted)
    client.force_login(officer)
    response = client.get(f"/ho-so/{accepted.pk}/van-ban/{document.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(response.content).hexdigest() == document.sha256
    slip = client.get(f"/ho-so/{accepted.pk}/phieu-kiem-soat/")
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in _text(slip.content)
    stranger = make_staff(Role.LEADER, "xa")
    stranger.unit = Unit.objects.get(code="AG-PHUTAN-TTPVHCC")
    stranger.save()
    client.force_login(stranger)
    assert client.get(f"/ho-so/{accepted.pk}/van-ban/{document.pk}/").status_code == 404


def test_the_successor_commune_keeps_its_predecessors_tracking_book(
    client: Client, accepted: Dossier, officer: User
) -> None:
    """Xã Phú Tân took over thị trấn Phú Mỹ on 01/7/2025: its desk reads Phú Mỹ's book."""
    officer.unit = Unit.objects.get(code="30406-2025")
    officer.save()
    client.force_login(officer)
    xlsx = client.get(
        "/ho-so/so-theo-doi/", {"tu": "04/03/2024", "den": "04/03/2024", "dinh-dang": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row]
    assert any(str(accepted.code) in cell for cell in cells)
    day_before = client.get(
        "/ho-so/so-theo-doi/", {"tu": "03/03/2024", "den": "03/03/2024", "dinh-dang": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(day_before.content)).active
    assert sheet is not None
    assert not any(str(accepted.code) in str(c.value) for row in sheet.iter_rows() for c in row)


def test_the_tracking_book_downloads_as_pdf_and_excel(
    client: Client, accepted: Dossier, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        job_page = client.get("/ho-so/so-theo-doi/", {"tu": "01/03/2024", "den": "31/03/2024"})
    assert job_page.status_code == 302  # made by the job queue (immediate in the tests)
    pdf = client.get(f"{job_page['Location']}tai-ve/")
    assert "SỔ THEO DÕI HỒ SƠ" in _text(b"".join(pdf.streaming_content))  # type: ignore[attr-defined]
    xlsx = client.get(
        "/ho-so/so-theo-doi/", {"tu": "01/03/2024", "den": "31/03/2024", "dinh-dang": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert any(str(accepted.code) in str(cell.value) for row in sheet.iter_rows() for cell in row)


def test_the_supplement_request_gives_the_officers_phone_or_names_the_desk(officer: User) -> None:
    first = receive_dossier(intake(), actor=officer)
    request_intake_supplement(first, actor=officer, missing=["Bản sao CCCD"], reason="Thiếu")
    without = _text(content_of(IssuedDocument.objects.get(dossier=first)))
    assert f"liên hệ với {officer} tại Bộ phận Một cửa để được hướng dẫn" in without
    assert "số điện thoại để" not in without  # never an empty number
    officer.phone = "0296 3826 123"
    officer.save()
    second = receive_dossier(intake(), actor=officer)
    request_intake_supplement(second, actor=officer, missing=["Bản sao CCCD"], reason="Thiếu")
    given = _text(content_of(IssuedDocument.objects.get(dossier=second)))
    assert f"liên hệ với {officer}, số điện thoại 0296 3826 123, để được hướng dẫn" in given
