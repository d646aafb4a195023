"""Issue 5's statistics officer: opens the dashboard, writes a section of the period's report
and downloads it as Word; the file carries the edited text, the annex totals and the same QĐ 766
total as the dashboard."""

import io

import pytest
from django.core.management import call_command
from docx import Document
from playwright.sync_api import Page, expect

from motcua.accounts.demo import DEMO_PASSWORD
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EDITED = "Máy scan thứ ba hỏng từ tháng 4/2024, đề nghị thay mới trong quý III."


def test_the_statistics_officer_edits_the_narrative_and_downloads_the_docx(page: Page) -> None:
    call_command("demo", stdout=io.StringIO())
    login(page, "thongke", DEMO_PASSWORD)
    # first the dashboard, reached from the reports' index
    page.goto("/bao-cao/")
    page.get_by_role("link", name="Mở Bảng điều khiển và Bộ chỉ số QĐ 766").click()
    page.get_by_label("Đơn vị").select_option("30406")
    page.get_by_label("Từ ngày").fill("15/12/2023")
    page.get_by_label("Đến ngày").fill("19/05/2024")
    page.get_by_role("button", name="Xem số liệu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng điều khiển: Thị trấn Phú Mỹ")
    expect(page.locator("canvas#chart-766")).to_be_visible()
    assert page.evaluate("Boolean(Chart.getChart(document.getElementById('chart-766')))")
    score = page.locator("#total-score").inner_text()
    # then the register and the narrative report, from the home page
    page.goto("/")
    page.get_by_role("link", name="Mở sổ kiểm soát TTHC").click()
    page.wait_for_url("**/kiem-soat/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xã Phú Tân")
    page.get_by_label("Đơn vị").select_option("30406")
    page.get_by_label("Từ ngày").fill("15/12/2023")
    page.get_by_label("Đến ngày").fill("19/05/2024")
    page.get_by_role("button", name="Xem").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thị trấn Phú Mỹ")
    expect(page.get_by_role("link", name="Kế hoạch số 169/KH-UBND")).to_be_visible()
    screenshot(page, "control-01-register")

    page.get_by_role("link", name="Soạn báo cáo").click()
    expect(page.get_by_text("tiếp nhận 1.652, đã giải quyết 1.652")).to_be_visible()
    section = page.get_by_label("II.A. Tồn tại, hạn chế")
    section.fill(EDITED)
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator(".messages .success")).to_have_text("Đã lưu dự thảo báo cáo.")
    expect(page.get_by_label("II.A. Tồn tại, hạn chế")).to_have_value(EDITED)
    screenshot(page, "control-02-narrative-editor")

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải về bản Word (.docx)").click()
    download = info.value
    assert download.suggested_filename == "bao-cao-kiem-soat-tthc-30406-20231215-20240519.docx"
    document = Document(str(download.path()))
    body = "\n".join(p.text for p in document.paragraphs)
    assert EDITED in body
    assert f"{score} / 100 điểm" in " ".join(body.split())  # the dashboard's QĐ 766 total
    assert "Số lượng hồ sơ đã giải quyết: 1.652; trong đó, giải quyết trước hạn: 1.642" in body
    total = [cell.text for cell in document.tables[-1].rows[-1].cells]
    assert total[1:] == [
        "TỔNG CỘNG",
        "1.652",
        "1.640",
        "12",
        "0",
        "1.652",
        "1.642",
        "10",
        "0",
        "0",
        "0",
        "0",
    ]
