"""The site's error pages in a real browser with DEBUG off: Vietnamese, in the site's look, no
internal detail, a way back; the API's errors are JSON."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem-2026"
ENGLISH = ("Not Found", "Forbidden", "Server Error", "CSRF verification failed", "Traceback")


def _vietnamese_page(page: Page, status: int, heading: str, shot: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator(".site-header .brand")).to_be_visible()
    expect(page.get_by_role("link", name="Về trang chủ")).to_have_attribute("href", "/")
    text = page.content()
    assert f"Mã lỗi {status}" in text
    for english in ENGLISH:
        assert english not in text
    screenshot(page, shot)


def test_404_403_csrf_and_500_pages_in_the_browser(
    page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not settings.DEBUG
    answer = page.goto("/ho-so/99999999999999999999/")
    assert answer is not None
    assert answer.status == 404
    _vietnamese_page(page, 404, "Không tìm thấy trang", "error-404")

    create_or_update_staff(
        username="tiepnhan",
        full_name="Nguyễn Thị Lan",
        role=Role.RECEIVING_OFFICER,
        password=PASSWORD,
    )
    login(page, "tiepnhan", PASSWORD)
    answer = page.goto("/dong-bo/")
    assert answer is not None
    assert answer.status == 403
    _vietnamese_page(page, 403, "Không có quyền truy cập", "error-403")

    page.context.clear_cookies()
    page.goto("/dang-nhap/")
    page.context.clear_cookies()  # the CSRF cookie is gone: the form can no longer be trusted
    page.get_by_label("Tên đăng nhập").fill("tiepnhan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator("main")).to_contain_text("mã chống giả mạo yêu cầu (CSRF)")
    _vietnamese_page(page, 403, "Không có quyền truy cập", "error-403-csrf")

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("chi tiết nội bộ không được lộ")

    monkeypatch.setattr("motcua.core.views.render", broken)
    answer = page.goto("/")
    assert answer is not None
    assert answer.status == 500
    _vietnamese_page(page, 500, "Hệ thống đang gặp lỗi", "error-500")
    assert "chi tiết nội bộ" not in page.content()


def test_the_api_answers_json_errors_in_the_browser(page: Page) -> None:
    missing = page.request.get("/api/v1/khong-co")
    assert missing.status == 404
    assert missing.headers["content-type"].startswith("application/json")
    assert "Không tìm thấy" in missing.json()["detail"]
    forged = page.request.post(
        "/api/v1/feedback/petitions",
        data='{"unit": "30406"}',
        headers={"Content-Type": "text/plain", "Origin": "https://evil.example"},
    )
    assert forged.status == 415
    assert "application/json" in forged.json()["detail"]
    assert User.objects.count() == 0
