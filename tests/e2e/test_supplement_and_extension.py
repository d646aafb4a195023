"""Two more real paths: a supplement after appraisal restarts the clock; an extension issues the
apology slip. The server's clock is moved with time-machine (the live server runs in-process)."""

import datetime as dt
import re
import subprocess
import zoneinfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from motcua.accounts.demo import DEMO_PASSWORD, create_demo_staff
from motcua.catalog.services import load_catalog
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _setup() -> None:
    load_reference_units()
    load_catalog(catalog())
    create_demo_staff()


def _accept_marriage_dossier(page: Page) -> str:
    """Counter intake of a marriage registration (3 working days); returns the dossier URL."""
    login(page, "tiepnhan", DEMO_PASSWORD)
    page.goto("/ho-so/tiep-nhan/?thu-tuc=1.000894")
    page.get_by_label("Họ và tên").fill("Trần Thị Mai")
    page.get_by_label("Số định danh cá nhân").fill("089195000321")
    page.get_by_role("button", name="Tiếp nhận hồ sơ (đủ, hợp lệ)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Hồ sơ H01\.31-"))
    return page.url


def _act(page: Page, button: str) -> None:
    page.get_by_role("button", name=button).click()
    expect(page.locator(".messages .success")).to_have_text(f"Đã {button.lower()}.")


def _hand_to(page: Page, name: str, step: str) -> None:
    page.get_by_label("Chuyển cho").select_option(label=name)
    page.get_by_label("Bước quy trình").select_option(step)
    _act(page, "Chuyển xử lý")


def test_a_supplement_after_appraisal_restarts_the_due_date(page: Page) -> None:
    _setup()
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=VN), tick=True) as clock:
        url = _accept_marriage_dossier(page)
        expect(page.locator(".facts")).to_contain_text("17:00 10/12/2026")  # Mon + 3 → Thu
        _hand_to(page, "Trần Văn Bình — Công chức chuyên môn", "2")
        login(page, "chuyenvien", DEMO_PASSWORD)
        page.goto(url)
        page.get_by_label("Giấy tờ cần bổ sung (mỗi dòng một loại)").fill(
            "Giấy xác nhận tình trạng hôn nhân\nBản sao căn cước"
        )
        page.locator("form[action$='/request_supplement/']").get_by_label("Lý do").fill(
            "Thiếu giấy tờ"
        )
        _act(page, "Yêu cầu bổ sung, hoàn thiện hồ sơ")
        expect(page.locator(".lead .deadline")).to_have_text("Tạm dừng tính hạn")
        clock.move_to(dt.datetime(2026, 12, 15, 9, 0, tzinfo=VN))
        login(page, "tiepnhan", DEMO_PASSWORD)
        page.goto(url)
        _act(page, "Nhận hồ sơ đã bổ sung")
        # A full new limit from Tue 15/12: Wed 16, Thu 17, Fri 18/12/2026.
        expect(page.locator(".lead")).to_contain_text("Hạn trả 17:00 18/12/2026")
        expect(
            page.get_by_role("link", name="Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
        ).to_be_visible()
        screenshot(page, "path2-supplement-restarted")


def test_an_extension_issues_the_apology_slip(page: Page) -> None:
    _setup()
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=VN), tick=True) as clock:
        url = _accept_marriage_dossier(page)
        _hand_to(page, "Lê Văn Cường — Lãnh đạo", "3")
        clock.move_to(dt.datetime(2026, 12, 8, 10, 0, tzinfo=VN))
        login(page, "lanhdao", DEMO_PASSWORD)
        page.goto(url)
        page.get_by_label("Ngày hẹn trả mới").fill("2026-12-15")
        page.get_by_label("Lý do chậm trễ (văn bản xin lỗi)").fill("Cần xác minh thông tin hộ tịch")
        _act(page, "Gia hạn và xin lỗi")
        facts = page.locator(".facts")
        expect(facts).to_contain_text("17:00 10/12/2026")  # the original due date is kept
        expect(facts).to_contain_text("17:00 15/12/2026")
        link = page.get_by_role("link", name=re.compile("Văn bản xin lỗi"))
        expect(link).to_be_visible()
        screenshot(page, "path3-extension-apology")
        href = link.get_attribute("href")
        assert href is not None
        response = page.request.get(href)
        assert response.headers["content-type"] == "application/pdf"
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.body(), capture_output=True, check=True
        ).stdout.decode()
        assert "Cần xác minh thông tin hộ tịch" in " ".join(text.split())
        # A second extension is refused with the reason, and nothing changes.
        page.get_by_label("Ngày hẹn trả mới").fill("2026-12-18")
        page.get_by_label("Lý do chậm trễ (văn bản xin lỗi)").fill("Lần nữa")
        page.get_by_role("button", name="Gia hạn và xin lỗi").click()
        expect(page.locator(".messages .error")).to_contain_text("chỉ được gia hạn một lần")
