"""The dashboard on a phone: every card within the screen's width (nothing to scroll sideways)."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from motcua.accounts.demo import DEMO_PASSWORD
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_fits_a_phone_screen(page: Page) -> None:
    call_command("demo", stdout=io.StringIO())
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "thongke", DEMO_PASSWORD)
    page.goto("/bao-cao/bang-dieu-khien/?unit=30406&from=2023-12-15&to=2024-05-19")
    expect(page.locator("canvas#chart-ontime")).to_be_visible()
    widest = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('main .card')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= 390, widest
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    screenshot(page, "dashboard-phone")
