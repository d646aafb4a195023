"""On a phone: a citizen signs in with VNeID (simulator), opens online birth registration, finds
their own data pre-filled from VNeID, is told at the field what is wrong, submits; the receiving
officer reads the e-form as a table on the dossier page and prints the declaration (tờ khai)."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.demo import DEMO_PASSWORD, create_demo_staff
from motcua.audit.models import AuditEvent
from motcua.catalog.loader import read_reference
from motcua.catalog.services import load_catalog
from motcua.citizens.models import Submission
from motcua.config import VneidConfig
from motcua.eforms.models import FormData
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.e2e.conftest import SCREENSHOTS, login, screenshot
from tests.e2e.eform_fill import fill_birth_eform
from tests.e2e.journey_steps import fits_the_phone, pick_simulator_address

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_vneid_prefilled_birth_registration_reaches_the_officer_and_the_declaration(
    phone_page: Page,
    browser: Browser,
    live_server: LiveServer,
    settings: Settings,
) -> None:
    settings.MOTCUA_VNEID = VneidConfig(mode="simulator")
    load_reference_units()
    load_catalog(read_reference())
    create_demo_staff()
    phu_tan = Unit.objects.get(code="30406-2025")
    born = dt.date.today() - dt.timedelta(days=12)
    page = phone_page

    # From the procedure's page: "Nộp hồ sơ trực tuyến" → sign in with VNeID → the form itself.
    page.goto("/thu-tuc/1.001193/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử VNeID").click()
    page.get_by_label("Số định danh cá nhân (12 số)").fill("089190000777")
    page.get_by_label("Họ, chữ đệm và tên").fill("Lê Thị Hồng")
    page.get_by_label("Ngày sinh (ngày/tháng/năm)").fill("04/05/1990")
    page.get_by_label("Giới tính").select_option("female")
    pick_simulator_address(page, phu_tan.code)
    page.get_by_label("Nơi thường trú").fill("Ấp Trung 3")
    page.get_by_label("Số điện thoại").fill("0912345670")
    screenshot(page, "eform-01-vneid-simulator")
    page.get_by_role("button", name="Đồng ý chia sẻ và đăng nhập").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh")
    assert re.search(r"/cong-dan/ho-so-nhap/\d+/$", page.url), page.url  # no tap in between
    expect(page.locator("[name=ef-requester_residence-province]")).to_have_value(
        str(phu_tan.province().code)  # type: ignore[union-attr]
    )
    expect(page.locator("[name=ef-requester_residence-commune]")).to_have_value(phu_tan.code)
    expect(page.locator("[name=ef-requester_residence]")).to_have_value("Ấp Trung 3")
    expect(page.get_by_text("Điền sẵn nơi thường trú từ VNeID")).to_be_visible()
    requester = page.locator("fieldset", has_text="Người yêu cầu")
    expect(requester.get_by_text("Lê Thị Hồng")).to_be_visible()
    expect(requester.get_by_text("04/05/1990")).to_be_visible()
    expect(requester.get_by_text("Từ VNeID").first).to_be_visible()
    assert page.locator("[name=ef-requester_name]").count() == 0  # confirmed, never retyped
    expect(page.get_by_role("group", name="Cha", exact=True)).to_be_hidden()  # father unknown
    fits_the_phone(page)
    screenshot(page, "eform-02-prefilled")

    fill_birth_eform(page, phu_tan, born=born, child="Lê Minh An")
    page.locator("[name=ef-child_birth_date]").fill(born.isoformat())  # typed the wrong way
    page.get_by_label("Nơi nộp hồ sơ").select_option(label="Xã Phú Tân")
    page.locator("input[type=file]").first.set_input_files(
        {"name": "giay-chung-sinh.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Nộp hồ sơ").click()
    error = page.locator("#ef-child_birth_date-error")
    expect(error).to_have_text("Ngày phải có dạng ngày/tháng/năm, ví dụ 05/01/2026.")
    error.scroll_into_view_if_needed()
    fits_the_phone(page)
    page.screenshot(path=str(SCREENSHOTS / "eform-03-error-at-the-field.png"))
    assert not Submission.objects.exists()
    assert not FormData.objects.exists()

    page.locator("[name=ef-child_birth_date]").fill(born.strftime("%d/%m/%Y"))
    page.get_by_label("Nơi nộp hồ sơ").select_option(label="Xã Phú Tân")
    page.locator("input[type=file]").first.set_input_files(
        {"name": "giay-chung-sinh.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_text("Đã nộp hồ sơ trực tuyến")).to_be_visible()
    dossier = Submission.objects.get().dossier
    values = FormData.objects.get(dossier=dossier).values
    assert values["requester_name"] == "Lê Thị Hồng"
    assert values["child_birth_date"] == born.isoformat()

    desk = browser.new_context(locale="vi-VN", base_url=live_server.url).new_page()
    login(desk, "tiepnhan", DEMO_PASSWORD)
    desk.goto(f"/ho-so/{dossier.pk}/")
    section = desk.locator("#to-khai")
    expect(section.get_by_role("heading", name="Tờ khai điện tử")).to_be_visible()
    expect(
        section.get_by_role("row", name=re.compile("Họ, chữ đệm, tên Lê Minh An"))
    ).to_be_visible()
    expect(section.get_by_text(born.strftime("%d/%m/%Y"))).to_be_visible()
    section.scroll_into_view_if_needed()
    screenshot(desk, "eform-04-officer-dossier")
    # The officer corrects the home town the citizen typed: one audited change.
    section.get_by_role("link", name="Sửa tờ khai").click()
    expect(desk.get_by_text("Từ VNeID").first).to_be_visible()  # the officer does not retype
    desk.locator("[name=ef-child_hometown]").fill("Xã Phú Tân, tỉnh An Giang (quê mẹ)")
    screenshot(desk, "eform-05-officer-edit")
    desk.get_by_role("button", name="Lưu thay đổi").click()
    expect(desk.get_by_text("Đã lưu nội dung tờ khai")).to_be_visible()
    expect(desk.get_by_text("cán bộ sửa nội dung tờ khai điện tử")).to_be_visible()
    edit = AuditEvent.objects.get(action="edit_eform")
    assert edit.before == {"child_hometown": "Xã Phú Tân, tỉnh An Giang"}
    section = desk.locator("#to-khai")
    with desk.expect_popup() as opened:
        section.get_by_role("link", name="In tờ khai").click()
    response = desk.request.get(opened.value.url)
    assert response.headers["content-type"] == "application/pdf"
    pdf = SCREENSHOTS / "eform-06-declaration.pdf"
    pdf.write_bytes(response.body())
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in text
    assert "Lê Minh An" in text
    assert "(quê mẹ)" in text
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-singlefile", str(pdf), str(pdf.with_suffix(""))],
        check=True,
    )
    desk.context.close()

    # A second child: the mother's data comes from the first dossier, saying so; editable.
    page.goto("/thu-tuc/1.001193/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh")
    mother = page.locator("[name=ef-mother_name]")
    expect(mother).to_have_value("Lê Thị Hồng")
    day = timezone.localtime(dossier.received_at).strftime("%d/%m/%Y")
    note = page.locator("#mother-origin-0")
    expect(note).to_have_text(f"Điền sẵn từ hồ sơ {dossier.code} ngày {day}; bạn có thể sửa.")
    expect(page.locator("#ef-mother_name-origin")).to_have_text("Từ hồ sơ trước")
    expect(page.locator("[name=ef-mother_residence-commune]")).to_have_value(phu_tan.code)
    expect(page.locator("[name=ef-child_name]")).to_have_value("")  # this child's own
    page.locator("[name=ef-has_mother]").select_option("Có")
    mother.scroll_into_view_if_needed()
    fits_the_phone(page)
    screenshot(page, "eform-07-prefilled-from-earlier-dossier")
