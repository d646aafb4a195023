"""A citizen on a phone signs in with VNeID (the VNeID simulator stands for the operator)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from motcua.citizens.models import CitizenProfile
from motcua.config import VneidConfig
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_citizen_signs_in_with_vneid_on_a_phone(phone_page: Page, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MOTCUA_VNEID = VneidConfig(mode="simulator")
    page = phone_page
    page.goto("/cong-dan/dang-nhap/")
    page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử VNeID").click()
    expect(page.get_by_text("BỘ GIẢ LẬP VNeID (THỬ NGHIỆM)")).to_be_visible()
    page.get_by_label("Số định danh cá nhân (12 số)").fill("089190000123")
    page.get_by_label("Họ, chữ đệm và tên").fill("Nguyễn Thị Ngọc Ánh")
    page.get_by_role("button", name="Đồng ý chia sẻ và đăng nhập").click()
    expect(page.get_by_text("Nguyễn Thị Ngọc Ánh").first).to_be_visible()
    assert page.url.endswith("/cong-dan/")
    assert CitizenProfile.objects.get(personal_id="089190000123").identity_provider == "vneid"
    assert screenshot(page, "citizen-vneid-home").stat().st_size > 10_000

    page.context.clear_cookies()  # a second visit: refusing at the operator signs nobody in
    page.goto("/cong-dan/dang-nhap/")
    page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử VNeID").click()
    page.get_by_role("button", name="Từ chối").click()
    expect(page.get_by_role("alert")).to_contain_text("chưa đồng ý chia sẻ thông tin định danh")
    page.goto("/cong-dan/")
    assert "/cong-dan/dang-nhap/" in page.url
