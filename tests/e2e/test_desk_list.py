"""An officer of a commune with hundreds of dossiers finds one, filters, pages, uses the menu."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from motcua.accounts.models import User
from motcua.catalog.loader import read_reference
from motcua.catalog.services import load_catalog
from motcua.domain.status_groups import OPEN, STATUS_GROUPS
from motcua.domain.text import fold
from motcua.dossiers.countdown import overdue_q
from motcua.dossiers.models import Dossier
from motcua.ops.generate import generate
from motcua.units.services import load_reference_units
from tests.e2e.conftest import login, screenshot

# summary_drift: due dates set directly in the rows
pytestmark = [
    pytest.mark.summary_drift,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "mat-khau-thu-nghiem-2026"
NAME = "Nguyễn Thị Ngọc Ánh"


@pytest.fixture
def officer() -> User:
    """The receiving officer of a generated commune with 320 dossiers; one of them is NAME's,
    five are overdue (open, due three days ago)."""
    load_reference_units()
    load_catalog(read_reference())
    generate(dossiers=320, units=1, years=1, seed=11, now=timezone.now())
    user = User.objects.get(username__startswith="bench-tn-")
    user.set_password(PASSWORD)
    user.save()
    dossiers = Dossier.objects.order_by("pk")
    Dossier.objects.filter(pk=dossiers[7].pk).update(
        applicant_name=NAME, applicant_name_fold=fold(NAME)
    )
    late = list(dossiers.values_list("pk", flat=True)[10:15])
    Dossier.objects.filter(pk__in=late).update(
        status="in_progress",
        resolved_at=None,
        returned_at=None,
        ended_at=None,
        due_at=timezone.now() - dt.timedelta(days=3),
        assignee=user,
    )
    assert Dossier.objects.count() >= 300
    return user


def _expected(user: User) -> tuple[int, int]:
    """Overdue, and open held by `user`: the five made above and any the generator left so."""
    overdue = Dossier.objects.filter(overdue_q(timezone.localdate())).count()
    open_statuses = STATUS_GROUPS[OPEN].statuses
    mine = Dossier.objects.filter(assignee=user, status__in=open_statuses).count()
    assert 5 <= overdue <= 50
    assert 5 <= mine <= 50
    return overdue, mine


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_officer_finds_filters_pages_and_uses_the_menu(
    browser: Browser, page: Page, officer: User
) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    overdue_count, mine_count = _expected(officer)
    login(page, officer.username, PASSWORD)
    menu = page.get_by_role("navigation", name="Menu cán bộ")
    menu.get_by_role("link", name=re.compile("^Hồ sơ")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ")
    screenshot(page, "desk-list-01-desktop")

    page.get_by_label("Tìm hồ sơ").fill("nguyen thi ngoc anh")
    page.get_by_role("button", name="Tìm, lọc").click()
    tabs = page.get_by_role("navigation", name="Trạng thái hồ sơ")
    tabs.get_by_role("link", name=re.compile("^Tất cả")).click()  # whatever its status
    rows = page.locator("table.desk-list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(NAME)
    screenshot(page, "desk-list-02-found")

    overdue = menu.get_by_role("link", name=re.compile("^Quá hạn"))
    expect(overdue).to_have_text(f"Quá hạn {overdue_count}")
    overdue.click()
    expect(rows).to_have_count(overdue_count)
    for row in rows.all():
        expect(row.locator(".deadline")).to_have_text("Quá hạn")
    expect(page.get_by_label("Hạn xử lý")).to_have_value("qua-han")

    page.get_by_role("link", name="Xóa bộ lọc").click()
    tabs.get_by_role("link", name=re.compile("^Tất cả")).click()
    expect(tabs.get_by_role("link", name=re.compile("^Tất cả"))).to_contain_text("320")
    expect(page.get_by_role("status")).to_contain_text("Hồ sơ 1–50 trong 320 hồ sơ · Trang 1")
    first_page = rows.first.inner_text()
    page.get_by_role("link", name="Trang sau →").click()
    expect(page.get_by_role("status")).to_contain_text("Hồ sơ 51–100 trong 320 hồ sơ · Trang 2")
    expect(rows).to_have_count(50)
    screenshot(page, "desk-list-03-page-2")
    page.get_by_role("link", name="← Trang trước").click()
    expect(rows.first).to_have_text(first_page)

    menu.get_by_role("link", name=re.compile("^Việc của tôi")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc của tôi")
    expect(rows).to_have_count(mine_count)
    expect(menu.get_by_role("link", name=re.compile("^Việc của tôi"))).to_have_attribute(
        "aria-current", "page"
    )

    phone = browser.new_context(
        locale="vi-VN",
        base_url=page.url.split("/ho-so/")[0],
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    ).new_page()
    login(phone, officer.username, PASSWORD)
    phone.goto("/ho-so/?trang-thai=tat-ca")
    expect(phone.locator("table.desk-list tbody tr")).to_have_count(50)
    _fits(phone)
    screenshot(phone, "desk-list-04-phone")
    phone.goto("/ho-so/?han=qua-han")
    _fits(phone)
    screenshot(phone, "desk-list-05-phone-overdue")
    phone.context.close()
