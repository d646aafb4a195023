"""A statistics officer opens the dashboard: four charts drawn, tables equal to the API."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from motcua.accounts.demo import DEMO_PASSWORD
from motcua.domain.vnformat import format_number
from motcua.dossiers.models import Dossier
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHARTS = ["chart-ontime", "chart-channels", "chart-766", "chart-overdue"]


def _cells(page: Page, table: str, column: int) -> list[str]:
    return [
        text.strip()
        for text in page.locator(f"#{table} tbody tr > :nth-child({column})").all_inner_texts()
    ]


@pytest.mark.summary_drift  # a due date set directly in the row
def test_the_statistics_officer_sees_four_charts_whose_tables_equal_the_api(page: Page) -> None:
    call_command("demo", stdout=io.StringIO())
    late = Dossier.objects.filter(competent_unit__code="30406").order_by("pk").first()
    assert late is not None
    Dossier.objects.filter(pk=late.pk).update(
        status="in_progress", resolved_at=None, returned_at=None,
        due_at=timezone.now() - dt.timedelta(days=3),
    )  # fmt: skip

    login(page, "thongke", DEMO_PASSWORD)
    page.goto("/bao-cao/bang-dieu-khien/")
    page.get_by_label("Đơn vị").select_option("30406")
    page.get_by_label("Từ ngày").fill("15/12/2023")
    page.get_by_label("Đến ngày").fill("19/05/2024")
    page.get_by_role("button", name="Xem số liệu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng điều khiển: Thị trấn Phú Mỹ")
    for chart in CHARTS:
        expect(page.locator(f"canvas#{chart}")).to_be_visible()
    drawn = page.evaluate(
        "ids => ids.map(id => Boolean(Chart.getChart(document.getElementById(id))))",
        CHARTS,
    )
    assert drawn == [True, True, True, True]
    screenshot(page, "dashboard-statistics-officer")

    response = page.context.request.get(
        "/api/v1/reports/dashboard?unit=30406&from=2023-12-15&to=2024-05-19"
    )
    assert response.ok
    api = response.json()
    assert _cells(page, "table-ontime", 1) == [m["month"] for m in api["monthly_on_time"]]
    assert _cells(page, "table-ontime", 4) == [m["rate"] for m in api["monthly_on_time"]]
    assert _cells(page, "table-channels", 2) == [
        format_number(c["dossiers"]) for c in api["channels"]
    ]
    assert _cells(page, "table-channels", 3) == [c["share"] for c in api["channels"]]
    assert _cells(page, "table-766", 2) == [
        f"{g['score']:.2f}".replace(".", ",") for g in api["qd766"]["groups"]
    ]
    assert _cells(page, "table-766", 3) == [str(g["assessed_max"]) for g in api["qd766"]["groups"]]
    assert _cells(page, "table-overdue-buckets", 2) == [
        str(b["dossiers"]) for b in api["overdue_now"]["buckets"]
    ]
    assert api["overdue_now"]["count"] == 1
    expect(page.locator("#overdue-count")).to_have_text("1")
    page.locator("#table-overdue").get_by_role("link", name=late.code or "").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(late.code or "")
