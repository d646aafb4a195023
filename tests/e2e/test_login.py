import pytest
from playwright.sync_api import Page, expect

from motcua.accounts.demo import DEMO_PASSWORD, create_demo_staff
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_receiving_officer_logs_in_and_sees_the_home_page_in_vietnamese(page: Page) -> None:
    create_demo_staff()
    page.goto("/")
    page.get_by_role("link", name="Đăng nhập cán bộ").click()
    page.get_by_label("Tên đăng nhập").fill("tiepnhan")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Xin chào, Nguyễn Thị Lan")).to_be_visible()
    expect(page.get_by_text("Công chức tiếp nhận (Bộ phận Một cửa)")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "vi"
    shot = screenshot(page, "login-receiving-officer-home")
    assert shot.stat().st_size > 10_000
