"""A citizen on a phone: registers, submits a birth registration online with an upload and a
document reused from their data store, follows it in "Hồ sơ của tôi"; an officer accepts it at
the desk page and the citizen sees the code and the due date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.demo import DEMO_PASSWORD, create_demo_staff
from motcua.catalog.loader import read_reference
from motcua.catalog.services import load_catalog
from motcua.citizens.models import Submission
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.e2e.conftest import login, screenshot
from tests.e2e.eform_fill import fill_birth_eform

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PASSWORD = "Mat-khau-cong-dan-2026"


def _fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_citizen_submits_birth_registration_online_and_follows_it(
    phone_page: Page,
    browser: Browser,
    live_server: LiveServer,
) -> None:
    load_reference_units()
    load_catalog(read_reference())
    create_demo_staff()
    page = phone_page

    page.goto("/")
    page.get_by_role("link", name="Công dân đăng nhập").click()
    page.get_by_role("link", name="Đăng ký tài khoản công dân").click()
    page.get_by_label("Số định danh cá nhân").fill("089190000123")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Ngọc Ánh")
    page.get_by_label("Ngày sinh").fill("02/03/1990")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    _fits_the_phone(page)
    screenshot(page, "citizen-01-register")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("heading", name="Xin chào, Nguyễn Thị Ngọc Ánh")).to_be_visible()

    # A birth certificate the citizen already holds, kept in their data store.
    page.get_by_role("link", name="Kho dữ liệu").click()
    page.get_by_label("Tên giấy tờ").fill("Giấy chứng sinh của bé An")
    page.get_by_label("Tệp (PDF, PNG, JPEG)").set_input_files(
        {"name": "giay-chung-sinh.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="Lưu vào kho").click()
    expect(page.get_by_text("Đã lưu giấy tờ vào kho dữ liệu")).to_be_visible()

    page.get_by_role("link", name="Nộp hồ sơ").click()
    page.get_by_label("Tìm thủ tục").fill("khai sinh")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role(
        "button", name=re.compile(r"Nộp trực tuyến: Thủ tục đăng ký khai sinh$")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh")
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
    page.locator("select[name^=reuse-]").nth(1).select_option(index=1)  # Giấy chứng sinh
    _fits_the_phone(page)
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_text("Đã lưu hồ sơ nháp")).to_be_visible()
    expect(page.get_by_text("Dùng lại từ kho dữ liệu:")).to_be_visible()
    screenshot(page, "citizen-02-draft")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_text("Đã nộp hồ sơ trực tuyến")).to_be_visible()
    expect(page.locator(".status")).to_have_text("Mới tiếp nhận, đang kiểm tra")

    page.get_by_role("link", name="Hồ sơ của tôi").click()
    card = page.locator(".dossier-card")
    expect(card).to_have_count(1)
    expect(card.get_by_role("link", name="Thủ tục đăng ký khai sinh")).to_be_visible()
    expect(card.locator(".status")).to_have_text("Mới tiếp nhận, đang kiểm tra")
    _fits_the_phone(page)
    screenshot(page, "citizen-03-my-dossiers")

    dossier = Submission.objects.get().dossier
    assert dossier.channel == "online"
    assert dossier.has_reused_data
    assert dossier.components.filter(reused=True).count() == 1
    assert dossier.components.filter(digitised=True).count() == 1

    # The receiving officer handles it at the desk pages (a separate desktop browser).
    desk = browser.new_context(locale="vi-VN", base_url=live_server.url).new_page()
    login(desk, "tiepnhan", DEMO_PASSWORD)
    desk.goto("/ho-so/")
    row = desk.get_by_role("row").filter(has_text="Nguyễn Thị Ngọc Ánh")
    expect(row.get_by_text("Trực tuyến")).to_be_visible()
    assert dossier.code  # given at submission: the citizen and the desk use it from the start
    row.get_by_role("link", name=dossier.code).click()
    desk.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"000\.00\.31\.H01-\d{6}-0001")
    )
    desk.context.close()

    dossier.refresh_from_db()
    assert dossier.status == "accepted"
    assert dossier.due_at is not None
    page.reload()
    expect(card.locator(".status")).to_have_text("Đã tiếp nhận")
    expect(card.locator(".due")).not_to_have_text("—")
    expect(card.get_by_text(dossier.code or "?")).to_be_visible()
    screenshot(page, "citizen-04-accepted")
    page.goto(f"/cong-dan/ho-so/{dossier.pk}/")
    expect(page.get_by_role("heading", name="Thông báo đã gửi cho bạn")).to_be_visible()
    screenshot(page, "citizen-05-messages")
