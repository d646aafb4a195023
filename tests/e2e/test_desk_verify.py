"""A receiving officer verifies a citizen's personal ID number at the desk, in Chromium."""

import pytest
from playwright.sync_api import Page, expect

from motcua.accounts.demo import DEMO_PASSWORD, create_demo_staff
from motcua.citizens.models import CitizenProfile
from motcua.citizens.services import register_citizen
from motcua.units.services import load_reference_units
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_finds_the_account_checks_the_papers_and_verifies(page: Page) -> None:
    load_reference_units()
    create_demo_staff()
    register_citizen(personal_id="089190000123", full_name="Nguyễn Thị Ngọc Ánh", password=None)
    login(page, "tiepnhan", DEMO_PASSWORD)
    page.goto("/ho-so/")
    page.get_by_role("link", name="Xác thực số định danh").click()
    page.get_by_label("Số định danh cá nhân").fill("089190000123")
    page.get_by_role("button", name="Tìm tài khoản").click()
    expect(page.get_by_text("Chưa xác thực")).to_be_visible()
    page.get_by_label("Giấy tờ đã đối chiếu (loại, số)").fill("Thẻ căn cước số 089190000123")
    screenshot(page, "desk-verify-01-account")
    page.get_by_role("button", name="Xác thực số định danh").click()
    expect(page.get_by_role("status")).to_contain_text("Đã xác thực số định danh 089190000123")
    screenshot(page, "desk-verify-02-done")
    assert CitizenProfile.objects.get(personal_id="089190000123").verified_via == "desk"
