"""The skeleton every phone journey follows (tests/e2e/test_phone_*.py): the demo world with
the simulator's VNeID and a test certificate, the search for the procedure, the VNeID sign-in
onto its e-form pre-filled, the submission, the officer's table and printed declaration, a
supplement answered online, and the signed result received in "Hồ sơ của tôi". The steps other
journeys share too are in tests/e2e/journey_steps.py."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.demo import DEMO_PASSWORD, create_demo_staff
from motcua.accounts.models import User
from motcua.catalog.loader import read_reference
from motcua.catalog.services import load_catalog
from motcua.citizens.models import Submission
from motcua.citizens.services import online_version
from motcua.config import VneidConfig
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import request_intake_supplement
from motcua.results.testca import make_test_ca
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.e2e.conftest import login, screenshot
from tests.e2e.journey_steps import (
    VneidPerson,
    fits_the_phone,
    pdf_text,
    vneid_consent,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PHU_TAN = "30406-2025"
PERSON = VneidPerson(
    personal_id="089190000777",
    name="Lê Thị Hồng",
    born="04/05/1990",
    sex="female",
    residence="Ấp Trung 3",
    phone="0912345670",
    commune=PHU_TAN,
)


def phone_world(settings: Settings, tmp_path: Path) -> Unit:
    settings.MOTCUA_VNEID = VneidConfig(mode="simulator")
    load_reference_units()
    load_catalog(read_reference())
    create_demo_staff()
    make_test_ca(PHU_TAN, "Xã Phú Tân", tmp_path)
    settings.SIGNING_DIR = tmp_path
    settings.SIGNING_TRUST_ROOTS = tmp_path / "trust-roots.pem"
    settings.SIGNING_PASSWORD = ""
    return Unit.objects.get(code=PHU_TAN)


def procedure_name(code: str) -> str:
    return str(online_version(code).name)


def find_and_open(page: Page, typed: str, name: str, code: str) -> None:
    """Home → search without diacritics → the procedure → "Nộp trực tuyến" → VNeID → e-form."""
    page.goto("/")
    page.get_by_role("link", name="Tra cứu thủ tục hành chính").click()
    page.get_by_label("Tìm thủ tục").fill(typed)
    link = page.locator("#results").get_by_role("link", name=name, exact=True)
    expect(link).to_be_visible()
    href = link.get_attribute("href")  # a late search-as-you-type swap may replace the link
    assert href is not None
    page.goto(href)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert f"/thu-tuc/{code}/" in page.url
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    vneid_consent(page, PERSON)
    # straight back on the procedure's form: no list, no second tap
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert re.search(r"/cong-dan/ho-so-nhap/\d+/$", page.url), page.url


def assert_prefilled(page: Page) -> None:
    requester = page.locator("fieldset", has_text="Người yêu cầu").first
    expect(requester.get_by_text(PERSON.name).first).to_be_visible()
    expect(requester.get_by_text(PERSON.born).first).to_be_visible()
    expect(requester.get_by_text("Từ VNeID").first).to_be_visible()
    assert page.locator("[name=ef-requester_name]").count() == 0  # confirmed, never retyped
    # VNeID's address as units: the province and commune selects are set, the street filled
    expect(page.locator("[name=ef-requester_residence-commune]")).to_have_value(PHU_TAN)
    expect(page.locator("[name=ef-requester_residence]")).to_have_value(PERSON.residence)
    fits_the_phone(page)


def submit(page: Page) -> Dossier:
    page.get_by_label("Nơi nộp hồ sơ").select_option(label="Xã Phú Tân")
    page.locator("input[type=file]").first.set_input_files(
        {"name": "giay-to.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_text("Đã nộp hồ sơ trực tuyến")).to_be_visible()
    return Submission.objects.get().dossier


def officer_reads_and_prints(
    browser: Browser, live_server: LiveServer, dossier: Dossier, value: str, slug: str
) -> None:
    desk = browser.new_context(locale="vi-VN", base_url=live_server.url).new_page()
    login(desk, "tiepnhan", DEMO_PASSWORD)
    desk.goto(f"/ho-so/{dossier.pk}/")
    section = desk.locator("#to-khai")
    expect(section.get_by_role("heading", name="Tờ khai điện tử")).to_be_visible()
    expect(section.get_by_text(value).first).to_be_visible()
    section.scroll_into_view_if_needed()
    screenshot(desk, f"phone-{slug}-officer-table")
    href = section.get_by_role("link", name="In tờ khai").get_attribute("href")
    assert href is not None
    response = desk.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    assert value in pdf_text(response.body())
    desk.context.close()


def answer_supplement(page: Page, dossier: Dossier) -> None:
    desk = User.objects.get(username="tiepnhan")
    request_intake_supplement(
        dossier, actor=desk, missing=["Bản sao giấy tờ tùy thân"], reason="Thiếu giấy tờ"
    )
    page.get_by_role("link", name="Hồ sơ của tôi").first.click()
    page.goto(f"/cong-dan/ho-so/{dossier.pk}/")
    supplements = page.locator(".supplements")
    expect(supplements).to_contain_text("Bản sao giấy tờ tùy thân")
    supplements.locator("#file-0").set_input_files(
        {"name": "can-cuoc.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    supplements.get_by_role("button", name="Nộp bổ sung").click()
    expect(page.locator(".messages")).to_contain_text("bổ sung")


def receive_result(page: Page, dossier: Dossier, slug: str) -> bytes:
    page.goto("/cong-dan/ho-so/")
    page.get_by_role(
        "link", name=re.compile(re.escape(dossier.procedure_version.name))
    ).first.click()
    expect(page.locator(".status")).to_have_text(re.compile("trả kết quả", re.IGNORECASE))
    fits_the_phone(page)
    screenshot(page, f"phone-{slug}-result")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Tải ")).first.click()
    return Path(download_info.value.path()).read_bytes()
