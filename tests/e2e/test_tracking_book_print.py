"""The statistics of a month as a PDF: asked for, made in the background, downloaded."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from motcua.accounts.demo import DEMO_PASSWORD
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_asks_for_the_tracking_book_and_downloads_it(page: Page) -> None:
    call_command("demo", stdout=io.StringIO())
    login(page, "tiepnhan", DEMO_PASSWORD)
    page.goto("/ho-so/so-theo-doi/")
    page.get_by_label("Từ ngày").fill("04/03/2024")
    page.get_by_label("Đến ngày").fill("05/03/2024")
    page.get_by_role("button", name="Tạo bản PDF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sổ theo dõi hồ sơ từ 04/03/2024 đến 05/03/2024"
    )
    expect(page.get_by_role("status")).to_contain_text("Đã xong", timeout=60_000)
    screenshot(page, "tracking-book-print-ready")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản in (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes()[:4] == b"%PDF"
