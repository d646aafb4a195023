"""The report pages: who may see them, the II.06a table and its downloads, bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from motcua.accounts.demo import DEMO_PASSWORD
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.units.models import Unit
from tests.reports import readers

pytestmark = pytest.mark.django_db
SEED_TOTAL = (1652, 1640, 12, 0, 1652, 1642, 10, 0, 0, 0, 0)
QUERY = {"don-vi": "30406", "tu": "15/12/2023", "den": "19/05/2024"}


def logged_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def test_the_statistics_officer_finds_reports_in_the_navigation(demo: None) -> None:
    client = logged_in("thongke")
    home = client.get("/").content.decode()
    assert 'href="/bao-cao/"' in home
    index = client.get("/bao-cao/").content.decode()
    assert "Biểu II.06a/VPCP/KSTT" in index
    assert 'href="/bao-cao/ii06a/"' in index
    assert 'href="/bao-cao/"' not in logged_in("tiepnhan").get("/").content.decode()


def test_the_page_shows_the_table_and_the_downloads_carry_the_same_figures(demo: None) -> None:
    client = logged_in("thongke")
    page = client.get("/bao-cao/ii06a/", QUERY)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cách tính: <em>Theo ngày; hạn trả sau gia hạn" in html
    assert "date-level-v1" not in html  # no internal code on a page
    assert "Thị trấn Phú Mỹ" in html
    assert 'id="tu" name="tu" value="15/12/2023" inputmode="numeric"' in html
    assert "tu=15%2F12%2F2023&amp;den=19%2F05%2F2024&amp;dinh-dang=xlsx" in html
    total_cells = html.split('class="total"')[1].split("</tr>")[0]
    assert [c.split("<")[0] for c in total_cells.split('class="n">')[1:]] == [
        "1.652", "1.640", "12", "0", "1.652", "1.642", "10", "0", "0", "0", "0"
    ]  # fmt: skip
    for fmt in ("json", "xlsx", "docx", "pdf"):
        response = client.get("/bao-cao/ii06a/", {**QUERY, "dinh-dang": fmt})
        assert response.status_code == 200, fmt
        assert "attachment" in response["Content-Disposition"]
    body = client.get("/bao-cao/ii06a/", {**QUERY, "dinh-dang": "pdf"}).content
    assert readers.from_pdf(body)[0][-1] == SEED_TOTAL
    docx_body = client.get("/bao-cao/ii06a/", {**QUERY, "dinh-dang": "docx"}).content
    assert readers.from_docx(docx_body)[0][-1] == SEED_TOTAL
    json_body = client.get("/bao-cao/ii06a/", {**QUERY, "dinh-dang": "json"}).content
    assert readers.from_json(json_body.decode())[0][-1] == SEED_TOTAL


def test_a_preset_period_is_accepted(demo: None) -> None:
    page = logged_in("thongke").get("/bao-cao/ii06a/", {"don-vi": "30406", "ky": "2024-Q1"})
    assert page.status_code == 200
    assert "Từ ngày 15/12/2023 đến ngày 14/03/2024" in page.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({**QUERY, "den": "01/01/2023"}, "“Đến ngày” phải sau hoặc bằng “Từ ngày”."),
        ({**QUERY, "tu": "2023-12-15"}, "“Từ ngày” không đúng: “2023-12-15”. Viết ngày theo dạng"),
        ({**QUERY, "den": "31/02/2024"}, "“Đến ngày” không đúng: “31/02/2024”"),
        ({**QUERY, "tu": ""}, "Nhập “Từ ngày” theo dạng ngày/tháng/năm (dd/mm/yyyy)"),
        ({"don-vi": "30406"}, "Chọn kỳ báo cáo, hoặc nhập “Từ ngày” và “Đến ngày”"),
        ({"don-vi": "30406", "ky": "2024-Q7"}, "Kỳ báo cáo “2024-Q7” không hợp lệ"),
        ({**QUERY, "dinh-dang": "exe"}, "Định dạng “exe” không có"),
    ],
)
def test_bad_input_gets_a_vietnamese_message_and_400(
    demo: None, query: dict[str, str], message: str
) -> None:
    response = logged_in("thongke").get("/bao-cao/ii06a/", query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="total"' not in html


@pytest.mark.parametrize("code", ["89", "khong-co"])
def test_a_unit_outside_the_scope_or_unknown_is_404_with_the_same_message(
    demo: None, code: str
) -> None:
    response = logged_in("thongke").get("/bao-cao/ii06a/", {**QUERY, "don-vi": code})
    assert response.status_code == 404
    html = response.content.decode()
    assert "không thuộc phạm vi báo cáo của bạn" in html
    assert 'class="total"' not in html


def test_only_reporting_roles_and_only_their_units(demo: None) -> None:
    assert logged_in("tiepnhan").get("/bao-cao/ii06a/", QUERY).status_code == 403
    assert logged_in("chuyenvien").get("/bao-cao/").status_code == 403
    assert Client().get("/bao-cao/").status_code == 302  # to the login page
    assert logged_in("lanhdao").get("/bao-cao/ii06a/", QUERY).status_code == 200
    assert logged_in("quantri").get("/bao-cao/ii06a/", {**QUERY, "don-vi": "89"}).status_code == 200
    create_or_update_staff(
        username="thongke-tinh",
        full_name="Thống kê tỉnh",
        role=Role.STATISTICS_OFFICER,
        password=DEMO_PASSWORD,
        unit=Unit.objects.get(code="89"),
    )
    province = logged_in("thongke-tinh")
    assert province.get("/bao-cao/ii06a/", QUERY).status_code == 200  # a commune of the province
    rolled = province.get("/bao-cao/ii06a/", {**QUERY, "don-vi": "89", "dinh-dang": "pdf"})
    assert readers.from_pdf(rolled.content)[0][-1] == SEED_TOTAL


def test_the_ii07b_page_and_its_downloads_agree(demo: None) -> None:
    from motcua.reports.ii07b import COLUMNS, ii07b

    client = logged_in("thongke")
    query = {"don-vi": "30406", "ngay": "19/05/2024"}
    html = client.get("/bao-cao/ii07b/", query).content.decode()
    expected = ii07b(Unit.objects.get(code="30406"), dt.date(2024, 5, 19))
    assert expected.total["c3"] > 0
    total_cells = html.split('class="total"')[1].split("</tr>")[0]
    shown = [int(c.split("<")[0].replace(".", "")) for c in total_cells.split('class="n">')[1:]]
    assert shown == [expected.total[c] for c in COLUMNS]
    data = json.loads(client.get("/bao-cao/ii07b/", {**query, "dinh-dang": "json"}).content)
    assert data["total"] == expected.as_json()["total"]
    xlsx = client.get("/bao-cao/ii07b/", {**query, "dinh-dang": "xlsx"})
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    docx_file = client.get("/bao-cao/ii07b/", {**query, "dinh-dang": "docx"})
    assert docx_file["Content-Disposition"].endswith('.docx"')
    assert docx_file.content.startswith(b"PK")
    pdf = client.get("/bao-cao/ii07b/", {**query, "dinh-dang": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    printed = readers.pdf_text(pdf.content)
    assert readers.ii07b_lines(printed)[-1] == [expected.total[c] for c in COLUMNS]
    assert "TỔNG CỘNG (không trùng" in printed
    assert "dinh-dang=pdf" in html
    unknown = client.get("/bao-cao/ii07b/", {**query, "dinh-dang": "odt"})
    assert unknown.status_code == 400
    assert "Định dạng “odt” không có" in unknown.content.decode()
    assert "(Tính đến ngày 19/05/2024)" in html
    assert 'value="19/05/2024" inputmode="numeric" placeholder="dd/mm/yyyy"' in html
    assert "ngay=19%2F05%2F2024" in html  # the download links carry the typed day
    for typed in ("2024-05-19", "19/5/2024", "30/02/2024"):
        bad = client.get("/bao-cao/ii07b/", {**query, "ngay": typed})
        assert bad.status_code == 400, typed
        assert f"“Tính đến ngày” không đúng: “{typed}”" in bad.content.decode()
    empty = client.get("/bao-cao/ii07b/", {**query, "ngay": ""}).content.decode()
    assert "Nhập “Tính đến ngày” theo dạng ngày/tháng/năm (dd/mm/yyyy)" in empty
    assert "Biểu II.07b/VPCP/KSTT" in client.get("/bao-cao/").content.decode()
