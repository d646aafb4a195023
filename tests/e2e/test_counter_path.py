"""A real desk day: counter intake → appraisal → approval → fee receipt → return."""

import re

import pytest
from playwright.sync_api import Page, expect

from motcua.accounts.demo import DEMO_PASSWORD, create_demo_staff
from motcua.catalog.services import load_catalog
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _act(page: Page, button: str) -> None:
    page.get_by_role("button", name=button).click()
    expect(page.locator(".messages .success")).to_have_text(f"Đã {button.lower()}.")


def test_counter_intake_to_return_with_a_fee_receipt(page: Page) -> None:
    load_reference_units()
    load_catalog(catalog())
    create_demo_staff()

    login(page, "tiepnhan", DEMO_PASSWORD)
    page.get_by_role("link", name="Mở danh sách hồ sơ").click()
    page.get_by_role("link", name="Tiếp nhận hồ sơ mới").click()
    page.get_by_label("Thủ tục hành chính").fill("2.000815")
    page.get_by_role("button", name="Tìm thủ tục").click()
    page.get_by_role("link", name="2.000815").click()
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Ngọc Ánh")
    page.get_by_label("Số định danh cá nhân").fill("089190000123")
    page.get_by_label("Ngày sinh").fill("02/03/1990")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    screenshot(page, "path1-01-intake-form")
    page.get_by_role("button", name="Tiếp nhận hồ sơ (đủ, hợp lệ)").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"Hồ sơ 000\.00\.31\.H01-\d{6}-0001"))
    # Same-day procedure: due today at 17:00, or the next working day after 15:00.
    expect(page.locator(".lead .deadline")).to_have_text(re.compile("Trong hạn|Đến hạn hôm nay"))

    page.get_by_label("Khoản thu").select_option(index=0)
    page.get_by_label("Số trang mỗi bản").fill("3")
    page.get_by_label("Số bản / số lượng").fill("2")
    page.locator("#fee").scroll_into_view_if_needed()
    screenshot(page, "path1-02a-fee-form")
    page.get_by_role("button", name="Thu phí và in biên lai").click()
    expect(page.get_by_role("heading", name="BIÊN LAI THU PHÍ")).to_be_visible()
    expect(page.get_by_text("10.000 đồng", exact=True)).to_be_visible()
    expect(page.get_by_text("Mười nghìn đồng")).to_be_visible()
    screenshot(page, "path1-02-fee-receipt")
    page.get_by_role("link", name="Về hồ sơ").click()

    page.get_by_label("Chuyển cho").select_option(label="Trần Văn Bình — Công chức chuyên môn")
    page.get_by_label("Bước quy trình").select_option("2")
    _act(page, "Chuyển xử lý")
    dossier_url = page.url

    login(page, "chuyenvien", DEMO_PASSWORD)
    page.goto(dossier_url)
    page.get_by_label("Chuyển cho").select_option(label="Lê Văn Cường — Lãnh đạo")
    page.get_by_label("Bước quy trình").select_option("3")
    _act(page, "Chuyển xử lý")

    login(page, "lanhdao", DEMO_PASSWORD)
    page.goto(dossier_url)
    _act(page, "Phê duyệt kết quả")
    expect(page.get_by_text("Đã có kết quả, chờ trả")).to_be_visible()

    login(page, "tiepnhan", DEMO_PASSWORD)
    page.goto(dossier_url)
    page.get_by_label("Hình thức trả").select_option("desk")
    _act(page, "Trả kết quả")
    expect(page.get_by_text("Đã trả kết quả").first).to_be_visible()
    expect(page.get_by_role("cell", name="Trước hạn").first).to_be_visible()
    screenshot(page, "path1-03-returned")
