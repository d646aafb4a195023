"""The administrator adds a holiday typed 07/12/2026 through the real admin form: it is the 7th of
December, shown as 07/12/2026; the admin pages read in Vietnamese (screenshots looked at)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from motcua.accounts.models import User
from motcua.calendars.models import CalendarDay
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import load_catalog
from tests.catalog_data import catalog
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENGLISH = re.compile(
    r"Show counts|Hide counts|Can (add|change|delete|view)|Password-based|Please correct|"
    r"receiving_officer|Add link|Change or view|Skip to main|Today|Choose a Date|"
    r"memory cost|variety"
)


def _no_english(page: Page) -> None:
    text = page.inner_text("body")
    found = ENGLISH.search(text)
    assert found is None, found.group(0) if found else ""


def test_the_admin_adds_a_holiday_typed_day_first(page: Page, administrator: User) -> None:
    load_catalog(catalog())
    login(page, administrator.username, "mat-khau-thu-nghiem-2026")
    page.goto("/quan-tri/")
    expect(page.get_by_role("heading", name="Quản trị")).to_be_visible()
    _no_english(page)
    screenshot(page, "admin-index")

    page.goto("/quan-tri/calendars/calendarday/add/")
    page.locator("#id_day").fill("07/12/2026")
    page.locator("#id_kind").select_option("off")
    page.locator("#id_reason").fill("Nghỉ bù theo thông báo của tỉnh")
    page.locator("#id_legal_ref").fill("Thông báo số 99/TB-UBND ngày 01/12/2026")
    _no_english(page)
    screenshot(page, "admin-holiday-form")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("thành công")

    [row] = CalendarDay.objects.all()
    assert row.day == dt.date(2026, 12, 7)
    page.goto("/quan-tri/calendars/calendarday/?day__year=2026")
    expect(page.locator("#result_list")).to_contain_text("07/12/2026")
    expect(page.locator("#statutory-days")).to_contain_text("02/09/2026")
    _no_english(page)
    screenshot(page, "admin-holiday-list")

    page.goto(f"/quan-tri/calendars/calendarday/{row.pk}/change/")
    expect(page.locator("#id_day")).to_have_value("07/12/2026")
    page.locator("#id_day").fill("2026-12-07")  # year-first: refused, not guessed
    page.locator("input[name=_save]").click()
    expect(page.locator(".errornote")).to_contain_text("Vui lòng sửa lỗi dưới đây.")
    expect(page.locator(".errorlist")).to_contain_text("dd/mm/yyyy")
    # the calendar widget writes the day first
    page.locator("#id_day").fill("")
    page.locator(".datetimeshortcuts a", has_text="Hôm nay").first.click()
    today = timezone.localdate()
    expect(page.locator("#id_day")).to_have_value(f"{today:%d/%m/%Y}")
    _no_english(page)
    screenshot(page, "admin-holiday-change-form")

    page.goto("/quan-tri/catalog/procedure/")
    version = ProcedureVersion.objects.order_by("procedure__code").first()
    assert version is not None
    expect(page.locator("#result_list")).to_contain_text(version.name)
    _no_english(page)
    screenshot(page, "admin-procedure-list")

    page.goto(f"/quan-tri/accounts/user/{administrator.pk}/change/")
    _no_english(page)
    screenshot(page, "admin-user-change-form")
