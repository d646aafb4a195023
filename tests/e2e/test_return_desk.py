"""The hand-over of an inter-linked dossier in the browser: the desk asks for online payment of
an ordinary fee; the citizen pays it in the sandbox on a phone and lands back on the dossier;
the dossier appears in "Trả kết quả"; the officer records who collected the result and prints
the return slip; the citizen sees the agencies' outputs (the birth certificate's number, the
health-insurance card code). The agencies' steps run through the services their own pages call
(tests/e2e/test_bundle_agencies.py walks those pages)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from motcua.bundles.services import complete_step
from motcua.catalog.models import Fee
from motcua.citizens.models import Submission
from motcua.citizens.services import register_citizen
from motcua.domain.vntime import VN
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import hand_over
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.payments.models import Payment
from tests.bundles.conftest import PASSWORD, make_bundle_world
from tests.dossiers.conftest import intake
from tests.e2e.conftest import SCREENSHOTS, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CITIZEN_PASSWORD = "Mat-khau-cong-dan-2026"


def _resolved_bundle() -> Dossier:
    people = make_bundle_world()
    dossier = receive_dossier(intake("2.002621"), actor=people["tiepnhan"])
    dossier = accept_dossier(dossier, actor=people["tiepnhan"])
    hand_over(dossier, actor=people["tiepnhan"], to_user=people["hotich"], step_order=2)
    complete_step(dossier, actor=people["hotich"], title="Giấy khai sinh", number="127/2024")
    complete_step(dossier, actor=people["lanhdao"], title="Giấy khai sinh đã ký")
    complete_step(dossier, actor=people["congan"], title="Đăng ký thường trú cho trẻ")
    resolved = complete_step(
        dossier, actor=people["bhxh"], title="Thẻ BHYT", number="TE1898900123456"
    )
    assert isinstance(resolved, Dossier)
    Fee.objects.create(
        version=resolved.procedure_version,
        kind="le_phi",
        name="Lệ phí cấp bản sao trích lục khai sinh",
        rule="per_unit",
        amount=8000,
        unit_text="mỗi bản sao",
        legal_ref="TT 281/2016/TT-BTC (giả định cho thử nghiệm)",
        assumed=True,
    )
    citizen = register_citizen(
        personal_id="089190000123", full_name="Nguyễn Thị Ngọc Ánh", password=CITIZEN_PASSWORD
    )
    Submission.objects.create(dossier=resolved, citizen=citizen, submitted_at=timezone.now())
    return resolved


def _citizen_login(phone: Page) -> None:
    phone.goto("/cong-dan/dang-nhap/")
    phone.get_by_label("Số định danh cá nhân").fill("089190000123")
    phone.get_by_label("Mật khẩu").fill(CITIZEN_PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url("**/cong-dan/")


def _slip_as_png(pdf: bytes) -> None:
    """The return slip as a picture next to the screenshots (pdftoppm, when installed)."""
    if shutil.which("pdftoppm") is None:
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    source = SCREENSHOTS / "return-05-slip.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(source), str(source.with_suffix(""))],
        check=True,
    )


def test_pay_online_then_return_at_the_desk_and_the_citizen_sees_the_agencies_results(
    page: Page, phone_page: Page
) -> None:
    with time_machine.travel(dt.datetime(2024, 3, 4, 8, 0, tzinfo=VN), tick=True):
        dossier = _resolved_bundle()
        code = str(dossier.code)

        # the desk asks for online payment of 3 copies of the birth extract
        login(page, "tiepnhan", PASSWORD)
        page.goto(f"/ho-so/{dossier.pk}/")
        page.get_by_label("Khoản thu").select_option(index=0)
        page.get_by_label("Số bản / số lượng (theo đơn vị tính)").fill("3")
        page.get_by_role("button", name="Yêu cầu người nộp thanh toán trực tuyến").click()
        expect(page.locator(".messages .success")).to_contain_text(
            "Đã yêu cầu người nộp thanh toán trực tuyến 24.000 đồng"
        )
        screenshot(page, "return-01-online-payment-asked")
        # not handed over while the fee waits
        page.get_by_label("Họ tên người nhận").fill("Nguyễn Thị Ngọc Ánh")
        page.get_by_role("button", name="Trả kết quả").click()
        expect(page.locator(".messages .error")).to_contain_text("24.000 đồng phí, lệ phí chưa nộp")

        # the citizen pays in the sandbox on a phone and comes back to the dossier
        phone = phone_page
        _citizen_login(phone)
        phone.goto("/cong-dan/ho-so/")
        phone.get_by_role("link", name=re.compile("Đăng ký khai sinh, đăng ký thường trú")).click()
        phone.get_by_role("link", name="Thanh toán 24.000 đồng trực tuyến").click()
        phone.get_by_role("button", name="Thanh toán trực tuyến").click()
        expect(phone.get_by_text("CỔNG THANH TOÁN THỬ NGHIỆM (SANDBOX)")).to_be_visible()
        phone.get_by_role("button", name="Xác nhận thanh toán").click()
        expect(phone.locator("#trang-thai")).to_have_text("Đã thanh toán", timeout=30_000)
        payment = Payment.objects.get(dossier=dossier)
        assert (payment.status, payment.method) == ("paid", "online")
        expect(
            phone.get_by_role("link", name=f"Xem biên lai {payment.receipt_number}")
        ).to_be_visible()
        screenshot(phone, "return-02-paid-phone")
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        phone.get_by_role("link", name=f"Về hồ sơ {code}").click()
        phone.wait_for_url(f"**/cong-dan/ho-so/{dossier.pk}/")
        expect(phone.locator(".status")).to_have_text("Đã có kết quả, chờ trả")

        # the dossier is in "Trả kết quả" with its count; the officer records the collector
        page.goto("/ho-so/")
        menu_item = page.locator("nav.staff-menu").get_by_role(
            "link", name=re.compile("Trả kết quả")
        )
        expect(menu_item.locator(".badge")).to_have_text("1")
        menu_item.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Trả kết quả")
        expect(page.get_by_role("link", name=code)).to_be_visible()
        screenshot(page, "return-03-list")
        page.get_by_role("link", name=code).click()
        expect(page.locator(".step-results")).to_contain_text("Thẻ BHYT số TE1898900123456")
        page.get_by_label("Người được ủy quyền").check()
        page.get_by_label("Họ tên người nhận").fill("Trần Văn Bình")
        page.get_by_label("Số định danh cá nhân (số CCCD)").fill("08908500045")
        page.get_by_role("button", name="Trả kết quả").click()
        expect(page.locator(".messages .error")).to_contain_text("đúng 12 chữ số")
        page.get_by_label("Người được ủy quyền").check()
        page.get_by_label("Họ tên người nhận").fill("Trần Văn Bình")
        page.get_by_label("Số định danh cá nhân (số CCCD)").fill("089085000456")
        page.get_by_role("button", name="Trả kết quả").click()
        expect(page.locator(".messages .success")).to_contain_text("Đã trả kết quả")
        expect(page.locator(".collector")).to_have_text(
            "Trần Văn Bình · 089085000456 · Người được ủy quyền"
        )
        screenshot(page, "return-04-collector")
        slip = page.request.get(f"/ho-so/{dossier.pk}/phieu-tra-ket-qua/")
        assert slip.headers["content-type"] == "application/pdf"
        text = " ".join(PdfReader(io.BytesIO(slip.body())).pages[0].extract_text().split())
        assert "Trần Văn Bình" in text
        assert "Giấy khai sinh số 127/2024" in text
        assert "Thẻ BHYT số TE1898900123456" in text
        _slip_as_png(slip.body())

        # the citizen sees the agencies' outputs and who collected the result
        phone.reload()
        results = phone.locator("#ket-qua-lien-thong")
        expect(results).to_contain_text("Giấy khai sinh số 127/2024")
        expect(results).to_contain_text("Đăng ký thường trú cho trẻ")
        expect(results).to_contain_text("Thẻ BHYT số TE1898900123456")
        expect(phone.get_by_text("Trần Văn Bình (người được ủy quyền)")).to_be_visible()
        expect(
            phone.get_by_role("link", name=f"Biên lai {payment.receipt_number} (24.000 đồng)")
        ).to_be_visible()
        screenshot(phone, "return-06-citizen-results")
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
