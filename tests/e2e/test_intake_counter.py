"""The receiving officer at the counter: the procedure picked by typing without diacritics, the
applicant filled from the chip ID card's QR (typed by a scanner), a conditional component left
unticked, 3 copies of the birth certificate charged per copy, and "Xuất trình" on the receipt."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect

from motcua.accounts.demo import DEMO_PASSWORD, create_demo_staff
from motcua.accounts.models import User
from motcua.catalog.loader import read_reference
from motcua.catalog.services import load_catalog
from motcua.domain.vntime import VN
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.e2e.conftest import SCREENSHOTS, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
QR = (
    "089190000123|352123456|Nguyễn Thị Ngọc Ánh|02031990|Nữ|Ấp Phú Hòa, xã Phú Tân, tỉnh An Giang"
    "|10052021"
)


def _pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def test_counter_intake_by_typing_scanning_and_ticking(page: Page) -> None:
    load_reference_units()
    load_catalog(read_reference())
    create_demo_staff()
    cache.clear()
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=VN), tick=True):
        login(page, "tiepnhan", DEMO_PASSWORD)
        page.goto("/ho-so/tiep-nhan/")
        search = page.get_by_label("Thủ tục hành chính")
        search.press_sequentially("khai sinh", delay=30)
        first = page.locator('#procedure-list[data-query="khai sinh"] a').first
        expect(first).to_contain_text("1.001193")
        screenshot(page, "intake-01-procedure-typed")
        search.press("Enter")  # the first procedure listed for what was typed
        page.wait_for_url("**thu-tuc=1.001193*")

        qr = page.get_by_label("Quét mã QR trên thẻ căn cước")
        qr.press_sequentially(QR, delay=5)  # a USB scanner types, then presses Enter
        qr.press("Enter")
        expect(page.locator("#applicant_name")).to_have_value("Nguyễn Thị Ngọc Ánh")
        expect(page.locator("#id_number")).to_have_value("089190000123")  # the applicant's
        expect(page.locator("#birth_date")).to_have_value("02/03/1990")
        expect(page.locator("#sex")).to_have_value("female")
        expect(page.locator("#address")).to_have_value("Ấp Phú Hòa")  # the commune is picked
        expect(page.locator("#address_unit")).to_have_value("30406-2025")
        assert not Dossier.objects.exists()  # Enter filled, did not accept
        page.locator("#phone").fill("0912 345 678")

        abandoned = page.get_by_label(re.compile("^Biên bản về việc trẻ bị bỏ rơi"))
        expect(abandoned).not_to_be_checked()
        expect(page.get_by_text("Chỉ khi cần: Trường hợp trẻ bị bỏ rơi")).to_be_visible()
        expect(page.get_by_label(re.compile("^Tờ khai đăng ký khai sinh"))).to_be_checked()
        screenshot(page, "intake-02-form-filled")
        page.get_by_role("button", name="Tiếp nhận hồ sơ (đủ, hợp lệ)").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            re.compile(r"Hồ sơ 000\.00\.31\.H01-")
        )
        dossier = Dossier.objects.get()
        assert dossier.applicant_sex == "female"
        assert dossier.applicant_birth_date == dt.date(1990, 3, 2)
        kinds = dict(dossier.components.values_list("name", "copy_kind"))
        assert not any("bỏ rơi" in name for name in kinds)
        assert "presented" in kinds.values()
        expect(page.locator(".card").first).to_contain_text("Xuất trình")

        fee = page.locator("#fee option", has_text="Phí cấp bản sao Giấy khai sinh")
        page.get_by_label("Khoản thu").select_option(fee.get_attribute("value"))
        page.get_by_label("Số bản / số lượng").fill("3")
        screenshot(page, "intake-03-dossier-fee")
        page.get_by_role("button", name="Thu phí và in biên lai").click()
        expect(page.get_by_role("heading", name="BIÊN LAI THU PHÍ")).to_be_visible()
        expect(page.get_by_text("24.000 đồng", exact=True)).to_be_visible()
        screenshot(page, "intake-04-fee-receipt")
        page.get_by_role("link", name="Về hồ sơ").click()

        link = page.get_by_role("link", name=re.compile("Giấy tiếp nhận"))
        pdf = page.request.get(link.get_attribute("href") or "").body()
        text = _pdf_text(pdf)
        assert "Xuất trình" in text
        assert "Giấy tờ tùy thân" in text
        assert "bỏ rơi" not in text
        assert "Ấp Phú Hòa, Xã Phú Tân, Tỉnh An Giang" in text
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "intake-05-receipt.pdf").write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(SCREENSHOTS / "intake-05-receipt.pdf"),
                str(SCREENSHOTS / "intake-05-receipt"),
            ],
            check=True,
        )


def test_without_javascript_the_search_lists_and_enter_only_fills(
    browser: Browser, live_server: Any
) -> None:
    load_reference_units()
    load_catalog(read_reference())
    create_demo_staff()
    cache.clear()
    context = browser.new_context(
        locale="vi-VN", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=VN), tick=True):
            login(page, "tiepnhan", DEMO_PASSWORD)
            page.goto("/ho-so/tiep-nhan/")
            page.get_by_label("Thủ tục hành chính").fill("ket hon")
            page.get_by_role("button", name="Tìm thủ tục").click()
            link = page.locator("#procedure-list a").first
            expect(link).to_contain_text("Thủ tục đăng ký kết hôn")
            screenshot(page, "intake-06-no-script-search")
            link.click()
            qr = page.get_by_label("Quét mã QR trên thẻ căn cước")
            qr.fill(QR)
            qr.press("Enter")  # the form's first button: fill, never accept
            expect(page.locator("#applicant_name")).to_have_value("Nguyễn Thị Ngọc Ánh")
            expect(page.locator("#birth_date")).to_have_value("02/03/1990")
            assert not Dossier.objects.exists()
            screenshot(page, "intake-07-no-script-filled")
    finally:
        context.close()


def test_a_refused_accept_keeps_the_form_and_writes_nothing(page: Page) -> None:
    """ "Tiếp nhận" receives and accepts in one transaction: the unit has no agency code yet (no
    dossier code can be given), so the officer reads why, keeps what was typed, and no dossier
    is left half-received."""
    load_reference_units()
    load_catalog(read_reference())
    create_demo_staff()
    cache.clear()
    officer = User.objects.get(username="tiepnhan")
    Unit.objects.filter(staff=officer).update(agency_code="")
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=VN), tick=True):
        login(page, "tiepnhan", DEMO_PASSWORD)
        page.goto("/ho-so/tiep-nhan/?thu-tuc=1.001193")
        qr = page.get_by_label("Quét mã QR trên thẻ căn cước")
        qr.fill(QR)
        qr.press("Enter")
        expect(page.locator("#applicant_name")).to_have_value("Nguyễn Thị Ngọc Ánh")
        page.get_by_role("button", name="Tiếp nhận hồ sơ (đủ, hợp lệ)").click()
        expect(page.get_by_text(re.compile("chưa có mã định danh"))).to_be_visible()
        expect(page.locator("#applicant_name")).to_have_value("Nguyễn Thị Ngọc Ánh")
        expect(page.locator("#id_number")).to_have_value("089190000123")
        screenshot(page, "intake-08-accept-refused")
        assert not Dossier.objects.exists()
