"""A statistics officer and a leader type a period day first (01/01/2024 – 31/01/2024) on
Biểu II.06a and on the satisfaction indicators; the pages read it and show it back."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from motcua.accounts.demo import DEMO_PASSWORD
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_period_typed_day_first_on_ii06a_and_the_indicators(page: Page) -> None:
    call_command("demo", stdout=io.StringIO())
    login(page, "thongke", DEMO_PASSWORD)
    page.goto("/bao-cao/ii06a/")
    page.get_by_label("Đơn vị", exact=True).select_option("30406")
    start, end = page.get_by_label("Từ ngày"), page.get_by_label("Đến ngày")
    for field in (start, end):
        expect(field).to_have_attribute("placeholder", "dd/mm/yyyy")
        expect(field).to_have_attribute("inputmode", "numeric")
        expect(field).not_to_have_attribute("type", "date")
    start.fill("01/01/2024")
    end.fill("31/01/2024")
    page.get_by_role("button", name="Xem báo cáo").click()
    report = page.get_by_role("region", name="Biểu II.06a")
    expect(report).to_contain_text("Từ ngày 01/01/2024 đến ngày 31/01/2024")
    expect(report).to_contain_text("Thị trấn Phú Mỹ")
    expect(page.get_by_label("Từ ngày")).to_have_value("01/01/2024")
    assert "tu=01%2F01%2F2024&den=31%2F01%2F2024" in page.url
    excel = page.get_by_role("link", name="Excel", exact=True)
    assert "tu=01%2F01%2F2024" in (excel.get_attribute("href") or "")
    with page.expect_download() as info:
        excel.click()
    assert info.value.suggested_filename == "bieu-ii06a-30406-2024-01-01-2024-01-31.xlsx"
    screenshot(page, "dates-01-ii06a-period")

    login(page, "lanhdao", DEMO_PASSWORD)
    page.goto("/phan-anh/chi-so/")
    page.get_by_label("Từ ngày").fill("01/01/2024")
    page.get_by_label("Đến ngày").fill("31/01/2024")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("#ky")).to_have_text("Kỳ: từ ngày 01/01/2024 đến ngày 31/01/2024.")
    expect(page.get_by_label("Đến ngày")).to_have_value("31/01/2024")
    expect(page.locator("#rated")).to_be_visible()
    screenshot(page, "dates-02-feedback-indicators-period")
