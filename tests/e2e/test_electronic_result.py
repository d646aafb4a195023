"""A leader issues a signed electronic result; its QR address says "Văn bản hợp lệ". A leader,
not the desk, signs a certified electronic copy."""

import datetime as dt
import re
import subprocess
import zoneinfo
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from playwright.sync_api import FilePayload, Page, expect
from pytest_django import Settings

from motcua.accounts.demo import DEMO_PASSWORD, create_demo_staff
from motcua.catalog.services import load_catalog
from motcua.results.testca import make_test_ca
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog
from tests.e2e.conftest import login, screenshot
from tests.results.test_certification import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def test_an_officer_issues_an_electronic_result_and_the_qr_page_says_genuine(
    page: Page, settings: Settings, tmp_path: Path
) -> None:
    load_reference_units()
    load_catalog(catalog())
    create_demo_staff()
    make_test_ca("AG-PHUTAN", "Xã Phú Tân", tmp_path)
    settings.SIGNING_DIR = tmp_path
    settings.SIGNING_TRUST_ROOTS = tmp_path / "trust-roots.pem"
    settings.SIGNING_PASSWORD = ""
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=VN), tick=True):
        login(page, "tiepnhan", DEMO_PASSWORD)
        page.goto("/ho-so/tiep-nhan/?thu-tuc=1.000894")
        page.get_by_label("Họ và tên").fill("Trần Thị Mai")
        page.get_by_label("Số định danh cá nhân").fill("089195000321")
        page.get_by_role("button", name="Tiếp nhận hồ sơ (đủ, hợp lệ)").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Hồ sơ H01\.31-"))
        code = page.get_by_role("heading", level=1).inner_text().removeprefix("Hồ sơ ")
        url = page.url
        page.get_by_label("Chuyển cho").select_option(label="Lê Văn Cường — Lãnh đạo")
        page.get_by_label("Bước quy trình").select_option("3")
        page.get_by_role("button", name="Chuyển xử lý").click()
        expect(page.locator(".messages .success")).to_have_text("Đã chuyển xử lý.")

        login(page, "lanhdao", DEMO_PASSWORD)
        page.goto(url)
        page.get_by_label("Tên văn bản kết quả").fill("Giấy chứng nhận kết hôn")
        page.get_by_label("Số văn bản").fill("25/2026/GCNKH")
        page.get_by_label("Nội dung kết quả (mỗi dòng một đoạn)").fill(
            "Chứng nhận ông Lê Văn Tâm và bà Trần Thị Mai đã đăng ký kết hôn."
        )
        page.get_by_role("button", name="Ký số và phát hành kết quả điện tử").click()
        expect(page.locator(".messages .success")).to_contain_text(
            "Đã ký số và phát hành kết quả điện tử"
        )
        expect(page.locator(".lead .tag")).to_have_text("Đã có kết quả, chờ trả")
        screenshot(page, "result-issued")

        download = page.get_by_role("link", name="Tải tệp đã ký số").get_attribute("href")
        qr_address = page.get_by_role("link", name="Trang xác minh").get_attribute("href")
        assert download is not None
        assert qr_address is not None
        pdf = page.request.get(download)
        assert pdf.headers["content-type"] == "application/pdf"
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf.body(), capture_output=True, check=True
        ).stdout.decode()
        assert qr_address in "".join(text.split())  # the address under the QR code

        page.context.clear_cookies()  # the public opens the QR's address, not logged in
        page.goto(urlsplit(qr_address).path)
        expect(page.get_by_role("heading", level=2)).to_have_text("Văn bản hợp lệ")
        expect(page.locator(".facts")).to_contain_text("Trần T*** M***")
        expect(page.locator(".facts")).to_contain_text("25/2026/GCNKH")
        content = page.content()
        assert "Trần Thị Mai" not in content
        assert code not in content
        screenshot(page, "result-verified")


def test_the_desk_is_not_offered_the_certification_and_the_leader_signs_the_copy(
    page: Page, settings: Settings, tmp_path: Path
) -> None:
    load_reference_units()
    load_catalog(catalog())
    create_demo_staff()
    make_test_ca("AG-PHUTAN", "Xã Phú Tân", tmp_path)
    settings.SIGNING_DIR = tmp_path
    settings.SIGNING_TRUST_ROOTS = tmp_path / "trust-roots.pem"
    settings.SIGNING_PASSWORD = ""
    sign = "Ký số chứng thực bản sao"
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=VN), tick=True):
        login(page, "tiepnhan", DEMO_PASSWORD)
        page.goto("/ho-so/tiep-nhan/?thu-tuc=2.000815")
        page.get_by_label("Họ và tên").fill("Trần Thị Mai")
        page.get_by_label("Số định danh cá nhân").fill("089195000321")
        page.get_by_role("button", name="Tiếp nhận hồ sơ (đủ, hợp lệ)").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Hồ sơ "))
        url = page.url
        expect(page.get_by_role("button", name=sign)).to_have_count(0)  # the desk compares only
        login(page, "chuyenvien", DEMO_PASSWORD)
        page.goto(url)
        expect(page.get_by_role("button", name=sign)).to_have_count(0)

        login(page, "lanhdao", DEMO_PASSWORD)
        page.goto(url)
        page.get_by_label("Giấy tờ, văn bản được chứng thực").fill("Bằng tốt nghiệp THPT")
        scan = FilePayload(name="ban-chup.png", mimeType="image/png", buffer=PNG)
        page.get_by_label("Bản chụp từ bản chính (PDF, PNG, JPEG)").set_input_files(scan)
        page.get_by_label("Bản chụp đã được đối chiếu với bản chính").check()
        page.get_by_label("Thu phí chứng thực").select_option("cash")
        page.get_by_role("button", name=sign).click()
        expect(page.locator(".messages .success")).to_have_text(
            "Đã chứng thực bản sao điện tử, số chứng thực 1, quyển số 01/2026-SCT/BS."
        )
        screenshot(page, "certified-copy-by-leader")
