import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.http import Http404
from django.test import Client
from pytest_django import Settings

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.chain import verify
from motcua.audit.models import AuditEvent, PersonalDataRead
from motcua.core.links import verification_url
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import Forbidden
from motcua.dossiers.services import IllegalAct
from motcua.results.models import IssuedResult, ResultKind
from motcua.results.permissions import dossier_for_issue, result_for_download
from motcua.results.services import ResultError, issue_electronic_result
from motcua.results.testca import ROOT_CERT
from tests.results.conftest import staff
from tests.results.helpers import flipped, pdf_text, pyhanko_status, stored

BODY = "Chứng nhận ông Trần Văn Hùng và bà Nguyễn Thị Ngọc Ánh đã đăng ký kết hôn."


def _issue(dossier: Dossier, leader: User) -> IssuedResult:
    return issue_electronic_result(
        dossier, actor=leader, title="Giấy chứng nhận kết hôn", number="12/2024", body=BODY
    )


def test_an_issued_result_is_signed_pades_and_chains_to_the_test_root(
    for_approval: Dossier, leader: User, signing: Path
) -> None:
    result = _issue(for_approval, leader)
    data = stored(result)
    assert hashlib.sha256(data).hexdigest() == result.sha256
    status = pyhanko_status(data, signing / ROOT_CERT)
    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert "30406" in status.signing_cert.subject.human_friendly
    assert "TEST" in status.signing_cert.subject.human_friendly
    # The verification address (the QR's content) is printed under the QR, with the text.
    text = pdf_text(data)
    assert verification_url(result.token) in text.replace(" ", "")
    assert "GIẤY CHỨNG NHẬN KẾT HÔN" in text
    assert "Số: 12/2024" in text


def test_issuing_approves_the_dossier_through_the_approve_act(
    for_approval: Dossier, leader: User
) -> None:
    result = _issue(for_approval, leader)
    dossier = Dossier.objects.get(pk=for_approval.pk)
    assert dossier.status == "resolved"
    assert dossier.electronic_result
    assert dossier.result_file.name.endswith(".pdf")
    assert result.kind == ResultKind.RESULT
    assert result.holder_name == "Nguyễn Thị Ngọc Ánh"
    assert len(result.token) >= 22
    actions = list(
        AuditEvent.objects.filter(object_type__in=["dossier", "issued_result"])
        .exclude(action="read_personal_data")
        .values_list("action", flat=True)
        .order_by("seq")
    )
    assert actions[-2:] == ["approve", "issue_electronic_result"]
    assert result.event is not None
    assert result.event.action == "issue_electronic_result"
    assert verify().first_broken is None


def test_issuing_twice_returns_the_first_result_and_signs_nothing_new(
    for_approval: Dossier, leader: User
) -> None:
    first = _issue(for_approval, leader)
    events = AuditEvent.objects.count()
    again = _issue(Dossier.objects.get(pk=for_approval.pk), leader)
    assert again.pk == first.pk
    assert again.sha256 == first.sha256
    assert AuditEvent.objects.count() == events
    assert IssuedResult.objects.count() == 1


def test_an_uploaded_result_pdf_is_stamped_and_signed(
    for_approval: Dossier, leader: User, signing: Path
) -> None:
    from motcua.results.document import image_to_pdf

    source = image_to_pdf(b"\x89PNG\r\n\x1a\n" + b"x", "image/png", "ảnh hỏng")  # any PDF
    result = issue_electronic_result(
        for_approval, actor=leader, title="Trích lục kết hôn", source_pdf=source
    )
    status = pyhanko_status(stored(result), signing / ROOT_CERT)
    assert status.bottom_line


def test_a_tampered_copy_fails_pyhanko(for_approval: Dossier, leader: User, signing: Path) -> None:
    data = stored(_issue(for_approval, leader))
    signed_range_start = data.index(b"/ByteRange")
    status = pyhanko_status(flipped(data, signed_range_start // 2), signing / ROOT_CERT)
    assert not status.intact


def test_bad_input_changes_nothing(for_approval: Dossier, leader: User) -> None:
    with pytest.raises(ResultError, match="tên văn bản"):
        issue_electronic_result(for_approval, actor=leader, title=" ", body=BODY)
    with pytest.raises(ResultError, match="nội dung kết quả"):
        issue_electronic_result(for_approval, actor=leader, title="Kết quả")
    with pytest.raises(ResultError, match="PDF"):
        issue_electronic_result(
            for_approval, actor=leader, title="Kết quả", source_pdf=b"\x89PNG\r\n\x1a\nabc"
        )
    assert Dossier.objects.get(pk=for_approval.pk).status == "in_progress"
    assert not IssuedResult.objects.exists()


def test_a_dossier_not_ready_for_approval_is_refused(
    for_approval: Dossier, leader: User, officer: User
) -> None:
    from motcua.dossiers.processing import suspend

    suspend(for_approval, actor=officer, reason="Xác minh")
    with pytest.raises(IllegalAct, match=r"[Tt]ạm dừng"):
        _issue(Dossier.objects.get(pk=for_approval.pk), leader)


def test_a_unit_without_a_certificate_cannot_sign(
    for_approval: Dossier, leader: User, settings: Settings, tmp_path: Path
) -> None:
    settings.SIGNING_DIR = tmp_path
    with pytest.raises(ResultError, match="chưa có chứng thư số"):
        _issue(for_approval, leader)
    assert Dossier.objects.get(pk=for_approval.pk).status == "in_progress"


def test_only_the_leader_issues_and_only_staff_of_the_unit_download(
    make_staff: Callable[..., User], for_approval: Dossier, leader: User
) -> None:
    specialist = staff(make_staff, Role.SPECIALIST, "cv", "Trần Văn Bình")
    with pytest.raises(Forbidden):
        dossier_for_issue(specialist, for_approval.pk)
    result = _issue(for_approval, leader)
    assert result_for_download(specialist, result.pk) == result
    stranger = staff(make_staff, Role.LEADER, "khac", "Cán bộ xã khác", unit="888")
    with pytest.raises(Http404):
        result_for_download(stranger, result.pk)
    with pytest.raises(Http404):
        result_for_download(specialist, result.pk + 1000)
    reads = PersonalDataRead.objects.filter(actor=specialist)
    assert reads.exists()


def test_download_page_serves_the_stored_bytes_to_staff_only(
    client: Client, make_staff: Callable[..., User], for_approval: Dossier, leader: User
) -> None:
    result = _issue(for_approval, leader)
    client.force_login(leader)
    response = client.get(f"/xac-minh/tai-ve/{result.pk}/")
    assert response.status_code == 200
    assert response.content == stored(result)
    assert response["Content-Type"] == "application/pdf"
    client.logout()
    assert client.get(f"/xac-minh/tai-ve/{result.pk}/").status_code == 302  # to the login page
    client.force_login(staff(make_staff, Role.LEADER, "khac", "Cán bộ khác", unit="888"))
    assert client.get(f"/xac-minh/tai-ve/{result.pk}/").status_code == 404


def test_the_dossier_page_offers_signing_to_the_leader_only(
    client: Client, make_staff: Callable[..., User], for_approval: Dossier, leader: User
) -> None:
    button = "Ký số và phát hành kết quả điện tử"
    client.force_login(leader)
    assert button in client.get(f"/ho-so/{for_approval.pk}/").content.decode()
    client.force_login(staff(make_staff, Role.SPECIALIST, "cv", "Trần Văn Bình"))
    assert button not in client.get(f"/ho-so/{for_approval.pk}/").content.decode()
    client.post(f"/xac-minh/ho-so/{for_approval.pk}/phat-hanh/", {"title": "X", "body": "Y"})
    assert not IssuedResult.objects.exists()
