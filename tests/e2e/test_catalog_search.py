import re

import pytest
from playwright.sync_api import Page, expect

from motcua.catalog.services import load_catalog
from tests.catalog_data import catalog
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_searches_without_diacritics_and_opens_a_procedure(phone_page: Page) -> None:
    load_catalog(catalog())
    page = phone_page
    page.goto("/")
    page.get_by_role("link", name="Tra cứu thủ tục hành chính").click()
    page.get_by_label("Tìm thủ tục").fill("dang ky khai sinh")
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Thủ tục đăng ký khai sinh")).to_be_visible()
    expect(results.get_by_text("Thủ tục đăng ký kết hôn")).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("Tìm thấy 1 thủ tục")
    screenshot(page, "catalog-search-phone")
    # follow the link's address: a late search-as-you-type swap may replace the link mid-click
    href = results.get_by_role("link", name="Thủ tục đăng ký khai sinh").get_attribute("href")
    assert href is not None
    page.goto(href)
    expect(page.get_by_role("heading", level=1)).to_have_text("Thủ tục đăng ký khai sinh")
    expect(page.get_by_text("Lệ phí đăng ký khai sinh — miễn phí")).to_be_visible()
    assert "/thu-tuc/1.001193/" in page.url
    screenshot(page, "catalog-detail-phone")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page).to_have_url(re.compile(r"/cong-dan/dang-nhap/\?next=.*nop-truc-tuyen.*1\.001193"))
    screenshot(page, "catalog-detail-online-sign-in")
