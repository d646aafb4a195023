"""A province leader with more alerts than a page: pages through them, opens a unit's overdue
dossiers from the per-unit table, narrows to those they hold; the page fits a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from motcua.alerts.board import PAGE_SIZE
from motcua.alerts.services import scan
from motcua.ops.synthetic import PROVINCE
from motcua.units.models import Unit
from motcua.units.tree import units_within
from tests.alerts.board_data import LEADER, PASSWORD, province_with_alerts
from tests.e2e.conftest import login, screenshot

# summary_drift: dossiers put back in progress directly in the rows
pytestmark = [
    pytest.mark.summary_drift,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
ROWS = "#canh-bao tbody tr"


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_province_leader_pages_filters_by_unit_and_narrows_to_their_own(page: Page) -> None:
    province = province_with_alerts()
    total = len(scan(units_within(province)))
    assert PAGE_SIZE < total <= 2 * PAGE_SIZE
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, LEADER, PASSWORD)
    page.goto("/canh-bao/")
    summary = page.get_by_role("status")
    expect(summary).to_contain_text(f"Cảnh báo 1–{PAGE_SIZE} trong {total} cảnh báo")
    expect(page.locator(ROWS)).to_have_count(PAGE_SIZE)
    pager = page.get_by_role("navigation", name="Trang")
    expect(pager).to_contain_text("Trang 1 / 2")
    screenshot(page, "alerts-board-leader")
    first_codes = page.locator(f"{ROWS} td:nth-child(2)").all_inner_texts()

    pager.get_by_role("link", name="Trang sau →").click()
    expect(pager).to_contain_text("Trang 2 / 2")
    expect(page.locator(ROWS)).to_have_count(total - PAGE_SIZE)
    assert not set(page.locator(f"{ROWS} td:nth-child(2)").all_inner_texts()) & set(first_codes)
    pager.get_by_role("link", name="← Trang trước").click()
    expect(pager).to_contain_text("Trang 1 / 2")

    # the per-unit table: a commune's overdue count opens that commune's overdue dossiers
    commune = Unit.objects.get(code=f"{PROVINCE}-0001")
    row = page.locator("#theo-don-vi tbody tr", has_text=commune.name)
    count = row.locator('td[data-kind="overdue"] a')
    expected = int(count.inner_text())
    count.click()
    expect(page).to_have_url(re.compile(r"don-vi=BENCH-0001&loai=overdue"))
    expect(page.locator(ROWS)).to_have_count(min(expected, PAGE_SIZE))
    expect(page.get_by_label("Loại cảnh báo")).to_have_value("overdue")
    expect(page.get_by_label("Đơn vị", exact=True)).to_have_value(commune.code)
    kinds = set(page.locator(ROWS).evaluate_all("rows => rows.map(r => r.dataset.kind)"))
    assert kinds == {"overdue"}
    # …and only those I hold: the filters stay
    page.get_by_role("link", name="Chỉ hồ sơ tôi đang giữ").click()
    expect(page).to_have_url(re.compile(r"cua-toi=1"))
    expect(page.get_by_label("Đơn vị", exact=True)).to_have_value(commune.code)
    expect(summary).to_contain_text("trên hồ sơ tôi đang giữ")
    assert 0 < page.locator(ROWS).count() < expected
    screenshot(page, "alerts-board-leader-filtered")

    # a phone: one column of cards, nothing wider than the screen but the table's own box
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/canh-bao/?trang=2")
    expect(pager).to_contain_text("Trang 2 / 2")
    _fits(page)
    screenshot(page, "alerts-board-leader-phone")
