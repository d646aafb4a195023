"""The main pages under the Content-Security-Policy in a real browser: nothing refused (no inline
script, style or handler, nothing from another origin) and everything still works: htmx search,
the intake form's procedure choice, the receipt's print button, the dashboard's charts and the
Swagger UI at /api/docs served from the site itself."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import ConsoleMessage, Page, Request, expect

from motcua.accounts.demo import DEMO_PASSWORD
from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.payments.models import Payment
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Watch:
    """Collects CSP refusals, script errors and requests that leave the site."""

    def __init__(self, page: Page, origin: str) -> None:
        self.problems: list[str] = []
        self.origin = origin
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("request", self._request)

    def _console(self, message: ConsoleMessage) -> None:
        # Chromium words it "Refused to …" or "… violates the following Content Security Policy"
        text = message.text
        if "Refused to" in text or "Content Security Policy" in text:
            self.problems.append(f"{message.page.url if message.page else ''}: {text}")

    def _request(self, request: Request) -> None:
        if not request.url.startswith((self.origin, "data:", "blob:")):
            self.problems.append(f"request to another origin: {request.url}")


def _policy(page: Page, path: str) -> str:
    response = page.goto(path)
    assert response is not None, path
    assert response.ok, path
    return response.headers.get("content-security-policy", "")


def test_the_main_pages_work_under_the_policy_without_a_refusal(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    call_command("demo", stdout=io.StringIO())
    watch = Watch(page, live_server.url)

    assert "script-src 'self';" in _policy(page, "/")
    screenshot(page, "csp-home")
    _policy(page, "/thu-tuc/")
    page.get_by_label("Tìm thủ tục").fill("khai sinh")  # htmx swaps the results in
    page.wait_for_url(re.compile(r"q=khai"))  # hx-push-url: htmx ran under the policy
    expect(page.locator("#results tbody a").first).to_contain_text("khai sinh")
    screenshot(page, "csp-catalog")
    _policy(page, "/cong-dan/dang-nhap/")
    screenshot(page, "csp-citizen-login")

    _policy(page, "/api/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert page.locator(".swagger-ui .opblock").count() > 20
    screenshot(page, "csp-api-docs")

    login(page, "tiepnhan", DEMO_PASSWORD)
    _policy(page, "/ho-so/")
    screenshot(page, "csp-staff-queue")
    dossier = Dossier.objects.filter(receiving_unit__code="30406").order_by("-pk").first()
    assert dossier is not None
    _policy(page, f"/ho-so/{dossier.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(dossier.code or "")
    screenshot(page, "csp-dossier")
    _policy(page, "/ho-so/tiep-nhan/")
    page.locator("#tim").press_sequentially("chung thuc", delay=20)  # htmx lists the matches
    expect(page.locator('#procedure-list[data-query="chung thuc"] a').first).to_be_visible()
    page.locator("#tim").press("Enter")  # intake.js picks the first one listed
    page.wait_for_url("**thu-tuc=*")
    expect(page.get_by_label("Họ và tên")).to_be_visible()
    _policy(page, f"/ho-so/{dossier.pk}/")
    page.get_by_role("button", name="Thu phí và in biên lai").click()
    page.wait_for_url("**/bien-lai/**")
    assert Payment.objects.filter(dossier=dossier).exclude(receipt_number="").exists()
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="In biên lai").click()  # site.js, not an onclick attribute
    assert page.evaluate("window.printed") == 1
    screenshot(page, "csp-receipt")

    login(page, "thongke", DEMO_PASSWORD)
    _policy(page, "/bao-cao/bang-dieu-khien/?don-vi=30406&tu-ngay=15/12/2023&den-ngay=19/05/2024")
    expect(page.locator("canvas#chart-ontime")).to_be_visible()
    drawn = page.evaluate("Boolean(Chart.getChart(document.getElementById('chart-ontime')))")
    assert drawn is True
    screenshot(page, "csp-dashboard")

    login(page, "quantri", DEMO_PASSWORD)
    _policy(page, "/quan-tri/")
    _policy(page, "/quan-tri/accounts/user/")
    staff = User.objects.get(username="tiepnhan")
    _policy(page, f"/quan-tri/accounts/user/{staff.pk}/change/")
    expect(page.get_by_label("Họ và tên")).to_have_value("Nguyễn Thị Lan")
    screenshot(page, "csp-admin-user")

    assert watch.problems == []
