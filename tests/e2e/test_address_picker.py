"""The desk's address picker on the whole official list: a province loads its communes."""

import re

import pytest
from playwright.sync_api import Page, expect

from motcua.accounts.demo import DEMO_PASSWORD, create_demo_staff
from motcua.catalog.services import load_catalog
from motcua.units.official import load_official
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_a_province_offers_its_communes_and_the_address_is_printed(page: Page) -> None:
    load_reference_units()
    load_official()
    load_catalog(catalog())
    create_demo_staff()

    login(page, "tiepnhan", DEMO_PASSWORD)
    page.goto("/ho-so/tiep-nhan/?thu-tuc=2.000815")
    province = page.get_by_label("Tỉnh, thành phố nơi cư trú")
    commune = page.get_by_label("Xã, phường, đặc khu nơi cư trú")
    expect(province.locator("option:checked")).to_have_text("Tỉnh An Giang")  # the desk's own
    expect(province.locator("option")).to_have_count(35)  # 34 provinces and the prompt
    province.select_option(label="Thành phố Hà Nội")
    expect(commune.locator("option", has_text="Phường Hoàn Kiếm")).to_have_count(1)
    expect(commune.locator("option")).to_have_count(127)  # 126 communes and the prompt
    screenshot(page, "address-01-hanoi-communes")
    province.select_option(label="Tỉnh An Giang")
    expect(commune.locator("option", has_text="Xã Phú Tân")).to_have_count(1)
    commune.select_option(label="Xã Phú Tân")

    page.get_by_label("Họ và tên").fill("Nguyễn Thị Ngọc Ánh")
    page.get_by_label("Số định danh cá nhân").fill("089190000123")
    page.get_by_label("Địa chỉ (số nhà").fill("Ấp Trung 3")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    screenshot(page, "address-02-intake-form")
    page.get_by_role("button", name="Tiếp nhận hồ sơ (đủ, hợp lệ)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"Hồ sơ 000\.00\.31\.H01-\d{6}-0001")
    )
    expect(page.get_by_text("Ấp Trung 3, Xã Phú Tân, Tỉnh An Giang")).to_be_visible()
    screenshot(page, "address-03-dossier")
