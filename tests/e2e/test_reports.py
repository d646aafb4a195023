import io
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from motcua.accounts.demo import DEMO_PASSWORD
from motcua.reports.ii06a_xlsx import read_xlsx
from tests.e2e.conftest import login, screenshot
from tests.reports import readers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_statistics_officer_views_ii06a_and_downloads_the_same_totals(
    page: Page, tmp_path: Path
) -> None:
    call_command("demo", stdout=io.StringIO())
    login(page, "thongke", DEMO_PASSWORD)
    page.get_by_role("link", name="Báo cáo").first.click()
    page.get_by_role("link", name="Mở Biểu II.06a/VPCP/KSTT").click()
    page.get_by_label("Đơn vị", exact=True).select_option(label="Thị trấn Phú Mỹ")
    page.get_by_label("Từ ngày").fill("15/12/2023")
    page.get_by_label("Đến ngày").fill("19/05/2024")
    page.get_by_role("button", name="Xem báo cáo").click()
    total_row = page.locator("table.ii06a tr.total")
    expect(total_row).to_be_visible()
    expect(page.get_by_text("Theo ngày; hạn trả sau gia hạn")).to_be_visible()
    shown = tuple(
        int(text.replace(".", "")) for text in total_row.locator("td.n").all_inner_texts()
    )
    assert shown == (1652, 1640, 12, 0, 1652, 1642, 10, 0, 0, 0, 0)
    screenshot(page, "reports-ii06a-phu-my")

    with page.expect_download() as excel:
        page.get_by_role("link", name="Excel").click()
    xlsx = tmp_path / excel.value.suggested_filename
    excel.value.save_as(xlsx)
    _, total = read_xlsx(xlsx)
    assert total is not None
    assert tuple(total.values()) == shown

    with page.expect_download() as pdf:
        page.get_by_role("link", name="PDF").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    pdf_path = tmp_path / "ii06a.pdf"
    pdf.value.save_as(pdf_path)
    figures, closed = readers.from_pdf(pdf_path.read_bytes())
    assert figures[-1] == shown
    assert closed == 0
