"""Handing the result over: the "Trả kết quả" list, the collector recorded by the return act,
the agencies' outputs on the dossier page, the return slip and "Hồ sơ của tôi", and fees the desk
asks to be paid online — nothing paid for is released before it is paid."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pytest_django import Settings

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.bundles.services import complete_step
from motcua.catalog.models import Fee
from motcua.citizens.models import CitizenProfile, Organisation, Submission
from motcua.citizens.services import register_citizen, store_result_for_citizen
from motcua.core.menu import menu_for
from motcua.dossiers.collection import Collector
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import hand_over, return_result
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.payments.models import Payment
from motcua.payments.services import record_payment
from motcua.results.models import IssuedResult, ResultKind
from tests.dossiers.conftest import intake, vn

CITIZEN_PASSWORD = "Mat-khau-cong-dan-2026"
COLLECTOR = Collector("Trần Văn Bình", "089085000456", "authorised")


def _resolved(people: dict[str, User]) -> Dossier:
    """Group 1 through its four agencies' steps: resolved, waiting to be handed over."""
    dossier = receive_dossier(intake("2.002621"), actor=people["tiepnhan"], at=vn(2024, 3, 4, 8))
    dossier = accept_dossier(dossier, actor=people["tiepnhan"], at=vn(2024, 3, 4, 8))
    hand_over(dossier, actor=people["tiepnhan"], to_user=people["hotich"], step_order=2)
    complete_step(dossier, actor=people["hotich"], title="Giấy khai sinh", number="127/2024")
    complete_step(dossier, actor=people["lanhdao"], title="Giấy khai sinh đã ký")
    complete_step(dossier, actor=people["congan"], title="Đăng ký thường trú")
    resolved = complete_step(
        dossier, actor=people["bhxh"], title="Thẻ BHYT", number="TE1898900123456"
    )
    assert isinstance(resolved, Dossier)
    return resolved


def _staff_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _citizen(personal_id: str, name: str) -> CitizenProfile:
    return register_citizen(personal_id=personal_id, full_name=name, password=CITIZEN_PASSWORD)


def _owned_by(dossier: Dossier, citizen: CitizenProfile) -> None:
    Submission.objects.create(dossier=dossier, citizen=citizen, submitted_at=timezone.now())


def _fee(dossier: Dossier) -> Fee:
    return Fee.objects.create(
        version=dossier.procedure_version,
        kind="le_phi",
        name="Lệ phí cấp bản sao trích lục khai sinh",
        rule="per_unit",
        amount=8000,
        unit_text="mỗi bản sao",
        legal_ref="TT 281/2016/TT-BTC (giả định cho thử nghiệm)",
        assumed=True,
    )


def test_the_receiving_officer_finds_results_ready_in_the_return_list_with_its_count(
    bundle_world: dict[str, User],
) -> None:
    people = bundle_world
    ready = _resolved(people)
    desk = _staff_client(people["tiepnhan"])
    items = {item.label: item for item in menu_for(people["tiepnhan"], "/ho-so/")}
    assert items["Trả kết quả"].count == 1
    page = desk.get(items["Trả kết quả"].url).content.decode()
    assert str(ready.code) in page
    assert "<h1>Trả kết quả</h1>" in page
    # a specialist has no return list: the desk returns results
    assert "Trả kết quả" not in {i.label for i in menu_for(people["hotich"], "/ho-so/")}
    return_result(ready, actor=people["tiepnhan"], method="desk", collector=COLLECTOR)
    items = {item.label: item for item in menu_for(people["tiepnhan"], "/ho-so/")}
    assert not items["Trả kết quả"].count
    assert str(ready.code) not in desk.get(items["Trả kết quả"].url).content.decode()


@pytest.mark.parametrize(
    ("collector", "message"),
    [
        (None, "họ tên và số định danh"),
        (Collector(" ", "089085000456"), "Chưa ghi họ tên"),
        (Collector("Trần Văn Bình", ""), "Chưa ghi số định danh"),
        (Collector("Trần Văn Bình", "08908500"), "đúng 12 chữ số"),
        (Collector("Trần Văn Bình", "089085000456", "hang_xom"), "ủy quyền"),
    ],
)
def test_a_desk_return_without_a_valid_collector_is_refused_and_writes_nothing(
    bundle_world: dict[str, User], collector: Collector | None, message: str
) -> None:
    ready = _resolved(bundle_world)
    events = AuditEvent.objects.count()
    with pytest.raises(DossierError, match=message):
        return_result(ready, actor=bundle_world["tiepnhan"], method="desk", collector=collector)
    ready.refresh_from_db()
    assert (ready.status, ready.collector_name, ready.returned_at) == ("resolved", "", None)
    assert AuditEvent.objects.count() == events


def test_the_collector_is_kept_audited_shown_and_printed_with_the_agencies_outputs(
    bundle_world: dict[str, User],
) -> None:
    people = bundle_world
    ready = _resolved(people)
    desk = _staff_client(people["tiepnhan"])
    posted = desk.post(
        reverse("dossiers:act", args=[ready.pk, "return_result"]),
        {
            "method": "desk",
            "collector_role": "authorised",
            "collector_name": "Trần Văn Bình",
            "collector_id_number": "0890 8500 0456",
        },
    )
    assert posted.status_code == 302
    ready.refresh_from_db()
    assert (ready.status, ready.collector_name, ready.collector_id_number) == (
        "returned",
        "Trần Văn Bình",
        "089085000456",
    )
    event = AuditEvent.objects.filter(object_id=str(ready.pk), action="return_result").get()
    assert (event.after or {})["collector"] == {
        "name": "Trần Văn Bình",
        "id_number": "089085000456",
        "role": "authorised",
    }
    page = desk.get(reverse("dossiers:detail", args=[ready.pk])).content.decode()
    assert "Trần Văn Bình · 089085000456 · Người được ủy quyền" in page
    assert "Giấy khai sinh số 127/2024" in page
    assert "Thẻ BHYT số TE1898900123456" in page
    slip_url = reverse("dossiers:return_slip", args=[ready.pk])
    slip = desk.get(slip_url)
    assert slip["Content-Type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(slip.content)).pages[0].extract_text().split())
    for printed in (
        "PHIẾU TRẢ KẾT QUẢ",
        "Trần Văn Bình",
        "089085000456",
        "Người được ủy quyền",
        "Giấy khai sinh số 127/2024",
        "Thẻ BHYT số TE1898900123456",
        "Công an thị trấn Phú Mỹ",
    ):
        assert printed in text, printed
    # the police, whose step is over, never see the slip
    assert _staff_client(people["congan"]).get(slip_url).status_code == 404


def test_the_citizen_sees_the_agencies_outputs_and_a_stranger_sees_nothing(
    bundle_world: dict[str, User],
) -> None:
    ready = _resolved(bundle_world)
    owner = _citizen("089190000123", "Nguyễn Thị Ngọc Ánh")
    _owned_by(ready, owner)
    stranger = _citizen("001200000999", "Người Lạ")
    url = reverse("citizens:dossier", args=[ready.pk])
    client = Client()
    client.force_login(owner.user)
    page = client.get(url).content.decode()
    assert "Kết quả của các cơ quan liên thông" in page
    assert "Giấy khai sinh số 127/2024" in page
    assert "Thẻ BHYT số TE1898900123456" in page
    client.force_login(stranger.user)
    assert client.get(url).status_code == 404


def test_the_desk_asks_for_online_payment_of_an_ordinary_fee_and_nothing_is_released_unpaid(
    bundle_world: dict[str, User],
) -> None:
    people = bundle_world
    ready = _resolved(people)
    fee = _fee(ready)
    owner = _citizen("089190000123", "Nguyễn Thị Ngọc Ánh")
    _owned_by(ready, owner)
    desk = _staff_client(people["tiepnhan"])
    desk.post(
        reverse("dossiers:collect_fee", args=[ready.pk]),
        {"fee": fee.pk, "copies": 3, "truc_tuyen": "1"},
    )
    asked = Payment.objects.get(dossier=ready)
    assert (asked.status, asked.amount, asked.receipt_number) == ("waiting", 24000, "")
    assert AuditEvent.objects.filter(action="request_online_payment").count() == 1
    # not handed over, by any channel, while the fee waits
    for method, collector in (("desk", COLLECTOR), ("electronic", None)):
        with pytest.raises(DossierError, match=r"24\.000 đồng phí, lệ phí chưa nộp"):
            return_result(ready, actor=people["tiepnhan"], method=method, collector=collector)
    ready.refresh_from_db()
    assert ready.status == "resolved"

    citizen = Client()
    citizen.force_login(owner.user)
    mine = citizen.get(reverse("citizens:dossier", args=[ready.pk])).content.decode()
    assert "Thanh toán 24.000 đồng trực tuyến" in mine
    go = citizen.post(reverse("payments:pay"), {"ho_so": ready.pk, "hanh_dong": "thanh_toan"})
    back = citizen.post(go["Location"], {"ket_qua": "thanh_cong", "bao_ket_qua": "now"})
    result = citizen.get(back["Location"]).content.decode()
    asked.refresh_from_db()
    assert asked.status == "paid"
    assert reverse("citizens:dossier", args=[ready.pk]) in result
    receipt_url = reverse("payments:receipt", args=[asked.pk])
    assert receipt_url in result
    receipt = citizen.get(receipt_url).content.decode()
    assert asked.receipt_number in receipt
    assert "24.000 đồng" in receipt
    # a stranger gets no receipt
    stranger = Client()
    stranger.force_login(_citizen("001200000999", "Người Lạ").user)
    assert stranger.get(receipt_url).status_code == 404
    returned = return_result(ready, actor=people["tiepnhan"], method="desk", collector=COLLECTOR)
    assert returned.status == "returned"


def test_an_electronic_result_is_not_downloaded_by_its_owner_before_it_is_paid(
    bundle_world: dict[str, User], settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    people = bundle_world
    ready = _resolved(people)
    owner = _citizen("089190000123", "Nguyễn Thị Ngọc Ánh")
    _owned_by(ready, owner)
    result = IssuedResult(
        dossier=ready,
        kind=ResultKind.RESULT,
        title="Giấy khai sinh",
        number="127/2024",
        issuer_unit=ready.competent_unit,
        holder_name=ready.applicant_name,
        issued_at=timezone.now(),
        issued_by=people["lanhdao"],
        sha256="0" * 64,
        token="t" * 22,
    )
    result.file.save("thu.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    fee = _fee(ready)
    _staff_client(people["tiepnhan"]).post(
        reverse("dossiers:collect_fee", args=[ready.pk]),
        {"fee": fee.pk, "copies": 1, "truc_tuyen": "1"},
    )
    citizen = Client()
    citizen.force_login(owner.user)
    url = reverse("results:download", args=[result.pk])
    assert citizen.get(url).status_code == 403
    mine = citizen.get(reverse("citizens:dossier", args=[ready.pk])).content.decode()
    assert "tải về được sau khi thanh toán" in mine
    assert url not in mine
    # staff still open it (they check what they hand over)
    assert _staff_client(people["tiepnhan"]).get(url).status_code == 200
    payment = Payment.objects.get(dossier=ready)
    go = citizen.post(reverse("payments:pay"), {"ho_so": ready.pk, "hanh_dong": "thanh_toan"})
    back = citizen.post(go["Location"], {"ket_qua": "thanh_cong", "bao_ket_qua": "now"})
    citizen.get(back["Location"])  # the return page asks the gateway
    payment.refresh_from_db()
    assert payment.status == "paid"
    assert citizen.get(url).status_code == 200


def test_an_organisations_representative_may_pay_for_its_dossier(
    bundle_world: dict[str, User],
) -> None:
    """One ownership rule (citizens.permissions.submissions_of) for "Hồ sơ của tôi" and paying."""
    people = bundle_world
    ready = _resolved(people)
    fee = _fee(ready)
    employee = _citizen("089190000123", "Nguyễn Thị Ngọc Ánh")
    director = _citizen("089180000777", "Lê Văn Giám Đốc")
    company = Organisation.objects.create(
        name="Công ty TNHH Phú Mỹ", tax_code="0312345678", representative=director
    )
    Submission.objects.create(
        dossier=ready, citizen=employee, organisation=company, submitted_at=timezone.now()
    )
    _staff_client(people["tiepnhan"]).post(
        reverse("dossiers:collect_fee", args=[ready.pk]),
        {"fee": fee.pk, "copies": 1, "truc_tuyen": "1"},
    )
    client = Client()
    client.force_login(director.user)
    assert client.get(reverse("citizens:dossier", args=[ready.pk])).status_code == 200
    go = client.post(reverse("payments:pay"), {"ho_so": ready.pk, "hanh_dong": "thanh_toan"})
    assert go.status_code == 302
    back = client.post(go["Location"], {"ket_qua": "thanh_cong", "bao_ket_qua": "now"})
    client.get(back["Location"])
    assert Payment.objects.get(dossier=ready).status == "paid"
    outsider = Client()
    outsider.force_login(_citizen("001200000999", "Người Lạ").user)
    refused = outsider.post(reverse("payments:pay"), {"ho_so": ready.pk, "hanh_dong": "thanh_toan"})
    assert refused.status_code == 404


def test_staff_cannot_ask_for_online_payment_when_the_gateway_is_off(
    bundle_world: dict[str, User], settings: Settings
) -> None:
    ready = _resolved(bundle_world)
    fee = _fee(ready)
    settings.MOTCUA_PAYMENT = replace(settings.MOTCUA_PAYMENT, gateway="off")
    desk = _staff_client(bundle_world["tiepnhan"])
    response = desk.post(
        reverse("dossiers:collect_fee", args=[ready.pk]),
        {"fee": fee.pk, "copies": 1, "truc_tuyen": "1"},
        follow=True,
    )
    assert "chưa cung cấp thanh toán trực tuyến" in response.content.decode()
    assert not Payment.objects.filter(dossier=ready).exists()


def test_a_result_in_the_citizens_data_store_opens_only_once_the_fee_is_paid(
    bundle_world: dict[str, User], settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    people = bundle_world
    ready = _resolved(people)
    owner = _citizen("089190000123", "Nguyễn Thị Ngọc Ánh")
    _owned_by(ready, owner)
    stored = store_result_for_citizen(
        ready, ContentFile(b"%PDF-1.4\n%%EOF\n", name="giay-khai-sinh.pdf"), "Giấy khai sinh"
    )
    assert stored is not None
    fee = _fee(ready)
    _staff_client(people["tiepnhan"]).post(
        reverse("dossiers:collect_fee", args=[ready.pk]),
        {"fee": fee.pk, "copies": 1, "truc_tuyen": "1"},
    )
    citizen = Client()
    citizen.force_login(owner.user)
    url = reverse("citizens:document", args=[stored.pk])
    assert citizen.get(url).status_code == 403
    payment = Payment.objects.get(dossier=ready)
    record_payment(payment, actor=people["tiepnhan"], method="cash")
    opened = citizen.get(url)
    assert opened.status_code == 200
    assert opened.content.startswith(b"%PDF")
