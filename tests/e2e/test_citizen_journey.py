"""Issue 6's whole citizen journey on a phone: register, submit a birth registration online
with an upload and a document reused from the data store, pay a fee through the sandbox
gateway, follow the dossier, download the signed electronic result, verify it on the public
page, and rate the service. The officers' side runs through the same services the staff pages
call (their pages have their own browser tests)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django import Settings
from weasyprint import HTML

from motcua.accounts.demo import create_demo_staff
from motcua.accounts.models import User
from motcua.catalog.loader import read_reference
from motcua.catalog.models import Fee
from motcua.catalog.services import load_catalog
from motcua.citizens.models import CitizenDocument, Submission
from motcua.dossiers.processing import hand_over, return_result
from motcua.dossiers.services import accept_dossier
from motcua.feedback.models import Rating
from motcua.payments.models import Payment
from motcua.payments.services import FeeQuantity, assess_fees
from motcua.results.services import issue_electronic_result
from motcua.results.testca import make_test_ca
from motcua.results.verification import verify_document
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.e2e.conftest import screenshot
from tests.e2e.eform_fill import fill_birth_eform
from tests.e2e.journey_steps import off_the_loop, rate_the_service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PASSWORD = "Mat-khau-cong-dan-2026"


def _register_and_submit(page: Page) -> None:
    page.goto("/cong-dan/dang-ky/")
    page.get_by_label("Số định danh cá nhân").fill("089190000123")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Ngọc Ánh")
    page.get_by_label("Ngày sinh").fill("02/03/1990")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    page.get_by_role("link", name="Kho dữ liệu").click()
    page.get_by_label("Tên giấy tờ").fill("Giấy chứng sinh của bé An")
    page.get_by_label("Tệp (PDF, PNG, JPEG)").set_input_files(
        {"name": "giay-chung-sinh.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="Lưu vào kho").click()
    page.get_by_role("link", name="Nộp hồ sơ").click()
    page.get_by_label("Tìm thủ tục").fill("khai sinh")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role(
        "button", name=re.compile(r"Nộp trực tuyến: Thủ tục đăng ký khai sinh$")
    ).click()
    fill_birth_eform(
        page,
        Unit.objects.get(code="30406-2025"),
        born=dt.date.today() - dt.timedelta(days=10),
        child="Nguyễn Minh An",
    )
    page.get_by_label("Nơi nộp hồ sơ").select_option(label="Xã Phú Tân")
    page.locator("input[type=file]").first.set_input_files(
        {"name": "to-khai-khai-sinh.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("select[name^=reuse-]").nth(1).select_option(index=1)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_text("Đã nộp hồ sơ trực tuyến")).to_be_visible()


def test_a_citizen_submits_pays_downloads_verifies_and_rates(
    phone_page: Page, settings: Settings, tmp_path: Path
) -> None:
    load_reference_units()
    load_catalog(read_reference())
    create_demo_staff()
    make_test_ca("30406-2025", "Xã Phú Tân", tmp_path)
    settings.SIGNING_DIR = tmp_path
    settings.SIGNING_TRUST_ROOTS = tmp_path / "trust-roots.pem"
    settings.SIGNING_PASSWORD = ""
    page = phone_page
    _register_and_submit(page)
    dossier = Submission.objects.get().dossier
    assert dossier.has_reused_data

    # the desk accepts it and assesses the fee of one copy of the birth certificate
    desk, leader = User.objects.get(username="tiepnhan"), User.objects.get(username="lanhdao")
    dossier = accept_dossier(dossier, actor=desk)
    copies = Fee.objects.get(version=dossier.procedure_version, rule="per_unit")
    assess_fees(dossier, [FeeQuantity(copies.pk, units=1)], actor=desk)

    page.get_by_role("link", name="Hồ sơ của tôi").click()
    page.get_by_role("link", name="Thủ tục đăng ký khai sinh").click()
    expect(page.locator(".status")).to_have_text("Đã tiếp nhận")
    page.get_by_role("link", name="Thanh toán 8.000 đồng trực tuyến").click()
    page.get_by_role("button", name="Thanh toán trực tuyến").click()
    expect(page.get_by_text("CỔNG THANH TOÁN THỬ NGHIỆM (SANDBOX)")).to_be_visible()
    screenshot(page, "journey-01-sandbox")
    page.get_by_role("button", name="Xác nhận thanh toán").click()
    expect(page.locator("#trang-thai")).to_have_text("Đã thanh toán", timeout=30_000)
    payment = Payment.objects.get(dossier=dossier)
    assert (payment.status, payment.method) == ("paid", "online")
    dossier.refresh_from_db()
    assert dossier.paid_online

    # the leader signs the electronic result; the desk returns it electronically
    hand_over(dossier, actor=desk, to_user=leader, step_order=3)
    dossier.refresh_from_db()
    off_the_loop(
        issue_electronic_result,
        dossier,
        actor=leader,
        title="Giấy khai sinh",
        number="15/2026",
        # the birth certificate comes from the civil-status software: its file is the result
        source_pdf=HTML(
            string="<h1>GIẤY KHAI SINH</h1><p>Họ, chữ đệm, tên: Nguyễn Văn An.</p>"
        ).write_pdf(),
    )
    dossier.refresh_from_db()
    return_result(dossier, actor=desk, method="electronic")

    page.goto(f"/cong-dan/ho-so/{dossier.pk}/")
    expect(page.locator(".status")).to_have_text(re.compile("trả kết quả", re.IGNORECASE))
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Tải giấy khai sinh")).click()
    signed_pdf = Path(download_info.value.path()).read_bytes()
    assert off_the_loop(verify_document, signed_pdf).genuine
    assert CitizenDocument.objects.filter(dossier=dossier, source="result").exists()

    page.goto("/xac-minh/")
    page.locator("input[type=file]").set_input_files(
        {"name": "giay-khai-sinh.pdf", "mimeType": "application/pdf", "buffer": signed_pdf}
    )
    page.get_by_role("button", name=re.compile("Kiểm tra|Xác minh")).first.click()
    # the signature is checked by pyHanko: allow for a loaded machine
    expect(page.get_by_role("heading", level=2)).to_have_text("Văn bản hợp lệ", timeout=30_000)
    screenshot(page, "journey-02-verified")

    rate_the_service(page, f"/cong-dan/ho-so/{dossier.pk}/", "5678")
    screenshot(page, "journey-03-rated")
    assert Rating.objects.get(dossier=dossier).satisfied
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
