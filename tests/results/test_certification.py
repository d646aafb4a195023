import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django import Settings

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import Forbidden
from motcua.dossiers.services import IllegalAct
from motcua.payments.models import Payment
from motcua.results.certification import certified_copies_count, certify_electronic_copy
from motcua.results.models import CertificationEntry, ResultKind
from motcua.results.permissions import dossier_for_certification
from motcua.results.services import ResultError
from motcua.results.testca import ROOT_CERT
from motcua.units.models import Unit
from tests.dossiers.conftest import vn
from tests.results.conftest import staff
from tests.results.helpers import pdf_text, pyhanko_status, stored

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _certify(dossier: Dossier, actor: User, **changes: object) -> object:
    values: dict[str, object] = {
        "actor": actor,
        "scan": PNG,
        "document_name": "Bằng tốt nghiệp trung học phổ thông",
        "pages": 1,
        "compared_with_original": True,
    }
    values.update(changes)
    return certify_electronic_copy(dossier, **values)  # type: ignore[arg-type]


def test_a_certified_copy_is_signed_numbered_and_counted(
    copy_request: Dossier, leader: User, signing: Path
) -> None:
    result = _certify(copy_request, leader, pages=5, fee_method="cash")
    entry = CertificationEntry.objects.get()
    assert result == entry.result
    assert entry.result.kind == ResultKind.CERTIFIED_COPY
    assert (entry.serial, entry.book, entry.certified_on) == (
        1,
        "01/2024-SCT/BS",
        dt.date(2024, 3, 4),
    )
    # TT 226/2016: 2.000 đ for each of pages 1–2, 1.000 đ from page 3 → 4.000 + 3.000.
    assert entry.fee_amount == 7000
    payment = Payment.objects.get(dossier=copy_request)
    assert entry.payment == payment
    assert payment.status == "paid"
    assert payment.receipt_number
    data = stored(entry.result)
    assert pyhanko_status(data, signing / ROOT_CERT).bottom_line
    text = pdf_text(data)
    assert "Chứng thực bản sao đúng với bản chính." in text
    assert "Số chứng thực: 1, quyển số 01/2024-SCT/BS" in text
    dossier = Dossier.objects.get(pk=copy_request.pk)
    assert dossier.electronic_certified_copy
    assert dossier.e_certified_copies == 1


def test_the_fee_is_capped_per_copy_and_left_to_collect_when_not_paid(
    copy_request: Dossier, leader: User
) -> None:
    _certify(copy_request, leader, pages=250, copies=2)
    entry = CertificationEntry.objects.get()
    assert entry.fee_amount == 400_000  # 200.000 đ cap per copy × 2 copies
    assert Payment.objects.get(dossier=copy_request).status == "waiting"


def test_numbers_are_gapless_per_unit_and_year(
    copy_request: Dossier, leader: User, settings: Settings, tmp_path: Path
) -> None:
    _certify(copy_request, leader)
    with pytest.raises(ResultError):
        _certify(copy_request, leader, compared_with_original=False)
    signing_dir = settings.SIGNING_DIR
    settings.SIGNING_DIR = tmp_path  # no certificate: the act fails after taking a number
    with pytest.raises(ResultError, match="chứng thư số"):
        _certify(copy_request, leader)
    settings.SIGNING_DIR = signing_dir
    _certify(copy_request, leader)
    _certify(copy_request, leader)
    serials = list(CertificationEntry.objects.values_list("serial", flat=True))
    assert serials == [1, 2, 3]
    with time_machine.travel(vn(2025, 1, 2, 8, 0), tick=True):
        later = Dossier.objects.get(pk=copy_request.pk)
        _certify(later, leader)
    last = CertificationEntry.objects.order_by("-pk").first()
    assert last is not None
    assert (last.year, last.serial, last.book) == (2025, 1, "01/2025-SCT/BS")


def test_the_copies_are_counted_per_unit_and_period(copy_request: Dossier, leader: User) -> None:
    for _ in range(3):
        _certify(copy_request, leader)
    unit = Unit.objects.get(code="30406")
    other = Unit.objects.get(code="888")
    assert certified_copies_count([unit.pk], dt.date(2024, 3, 1), dt.date(2024, 3, 31)) == 3
    assert certified_copies_count([unit.pk], dt.date(2024, 3, 5), dt.date(2024, 3, 31)) == 0
    assert certified_copies_count([other.pk], dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == 0
    assert Dossier.objects.get(pk=copy_request.pk).e_certified_copies == 3


def test_a_retried_request_returns_the_same_copy(copy_request: Dossier, leader: User) -> None:
    first = _certify(copy_request, leader, idempotency_key="k-1")
    again = _certify(copy_request, leader, idempotency_key="k-1")
    assert first == again
    assert CertificationEntry.objects.count() == 1


def test_copies_are_only_certified_for_open_copy_requests(
    copy_request: Dossier, leader: User, officer: User, for_approval: Dossier
) -> None:
    with pytest.raises(ResultError, match="không phải chứng thực bản sao"):
        _certify(for_approval, leader)
    with pytest.raises(ResultError, match="Chưa nhập tên"):
        _certify(copy_request, leader, document_name="  ")
    with pytest.raises(ResultError, match="PDF, PNG hoặc JPEG"):
        _certify(copy_request, leader, scan=b"GIF89a....")
    from motcua.dossiers.processing import withdraw

    withdraw(copy_request, actor=officer, reason="Người yêu cầu rút")
    with pytest.raises(IllegalAct):
        _certify(Dossier.objects.get(pk=copy_request.pk), leader)
    assert not CertificationEntry.objects.exists()


def test_who_may_certify(
    make_staff: Callable[..., User], copy_request: Dossier, leader: User, officer: User
) -> None:
    assert dossier_for_certification(leader, copy_request.pk) == copy_request
    clerk = staff(make_staff, Role.STATISTICS_OFFICER, "thongke", "Phạm Thị Dung")
    for refused in (officer, clerk):  # the desk compares; the leader signs (tests/security)
        with pytest.raises(Forbidden):
            dossier_for_certification(refused, copy_request.pk)


def test_the_leader_certifies_through_the_dossier_page(
    client: Client, copy_request: Dossier, leader: User
) -> None:
    client.force_login(leader)
    page = client.get(f"/ho-so/{copy_request.pk}/")
    assert "Chứng thực bản sao điện tử từ bản chính" in page.content.decode()
    scan = ("ban-chup.png", PNG, "image/png")
    form = {
        "document_name": "Giấy khai sinh",
        "pages": "1",
        "copies": "1",
        "compared": "on",
        "fee_method": "cash",
        "form_key": "abc",
        "scan": SimpleUploadedFile(*scan),
    }
    response = client.post(f"/xac-minh/ho-so/{copy_request.pk}/chung-thuc/", form, follow=True)
    assert "số chứng thực 1, quyển số 01/2024-SCT/BS" in response.content.decode()
    token = CertificationEntry.objects.get().result.token
    client.logout()
    public = client.get(f"/xac-minh/{token}/").content.decode()
    assert "Văn bản hợp lệ" in public
    assert "Bản sao điện tử được chứng thực từ bản chính" in public
    assert "1, quyển số 01/2024-SCT/BS" in public
    client.force_login(leader)
    form["scan"] = SimpleUploadedFile(*scan)
    client.post(f"/xac-minh/ho-so/{copy_request.pk}/chung-thuc/", form)  # a double submit
    assert CertificationEntry.objects.count() == 1
