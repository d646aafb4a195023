import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from openpyxl import load_workbook

from motcua.accounts.models import User
from motcua.catalog.excel import SheetError, export_catalog, import_catalog, parse_time_limit
from motcua.catalog.models import Procedure, ProcedureVersion
from motcua.catalog.services import load_catalog
from tests.catalog_data import catalog

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 5, 19)


@pytest.fixture
def loaded() -> None:
    load_catalog(catalog())


def _sheet(data: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(data)).active


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("03 ngày làm việc", (3, "working_days")),
        ("8 giờ làm việc", (8, "working_hours")),
        ("15 ngày", (15, "calendar_days")),
        ("Trong ngày (nhận sau 15 giờ: ngày làm việc tiếp theo)", (0, "same_day")),
        ("Ngay trong ngày tiếp nhận", (0, "same_day")),
        ("sớm nhất có thể", None),
    ],
)
def test_time_limits_are_read_as_provinces_write_them(text: str, parsed: object) -> None:
    assert parse_time_limit(text) == parsed


def test_the_export_has_the_official_list_shape(loaded: None) -> None:
    ws = _sheet(export_catalog(DAY))
    assert ws["A1"].value == "DANH MỤC THỦ TỤC HÀNH CHÍNH"
    assert [c.value for c in ws[4]][:3] == ["STT", "Mã số TTHC", "Tên thủ tục hành chính"]
    assert ws["A5"].value == "I. LĨNH VỰC CHỨNG THỰC"
    assert ws["B6"].value == "2.000815"
    assert ws["A7"].value == "II. LĨNH VỰC HỘ TỊCH"
    assert ws["A8"].value == 2  # numbers are numbers
    assert ws["B8"].value == "1.000894"
    assert ws["F8"].value == "03 ngày làm việc"
    assert "A5:J5" in {str(r) for r in ws.merged_cells.ranges}


def test_an_exported_list_imports_back_as_a_new_version(loaded: None, tmp_path: Path) -> None:
    data = export_catalog(DAY)
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    assert ws is not None
    ws["F8"] = "05 ngày làm việc"
    ws["E8"] = "Toàn trình"
    path = tmp_path / "danh-muc.xlsx"
    wb.save(path)
    with path.open("rb") as source:
        assert import_catalog(source, dt.date(2026, 12, 1)) == 3
    procedure = Procedure.objects.get(code="1.000894")
    new = procedure.version_on(dt.date(2026, 12, 1))
    old = procedure.version_on(dt.date(2026, 11, 30))
    assert new is not None and old is not None  # noqa: PT018
    assert (new.time_limit_value, new.online_level) == (5, "full")
    assert (old.time_limit_value, old.online_level) == (3, "partial")
    assert new.steps.count() == 4  # the process is carried over


def test_a_bad_sheet_imports_nothing_and_lists_every_row(loaded: None, tmp_path: Path) -> None:
    wb = load_workbook(io.BytesIO(export_catalog(DAY)))
    ws = wb.active
    assert ws is not None
    ws["B6"] = "2000815"
    ws["F9"] = "khi nào xong"
    ws["D8"] = "Cấp thôn"
    path = tmp_path / "loi.xlsx"
    wb.save(path)
    before = ProcedureVersion.objects.count()
    with pytest.raises(SheetError) as error, path.open("rb") as source:
        import_catalog(source, dt.date(2026, 12, 1))
    problems = error.value.problems
    assert any(p.startswith("Dòng 6: mã “2000815”") for p in problems)
    assert any(p.startswith("Dòng 9: không hiểu thời hạn") for p in problems)
    assert any(p.startswith("Dòng 8: cấp thực hiện “Cấp thôn”") for p in problems)
    assert ProcedureVersion.objects.count() == before


def test_a_file_that_is_not_excel_is_refused_in_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a spreadsheet")
    with pytest.raises(CommandError, match="không phải là bảng tính Excel"):
        call_command("catalog", "import", str(path), "--from", "2026-12-01", stdout=io.StringIO())


def test_the_cli_and_the_public_page_export(loaded: None, tmp_path: Path, client: Client) -> None:
    path = tmp_path / "out.xlsx"
    call_command("catalog", "export", str(path), "--on", "2024-05-19", stdout=io.StringIO())
    assert _sheet(path.read_bytes())["B6"].value == "2.000815"
    response = client.get("/thu-tuc/excel/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _sheet(response.content)["B6"].value == "2.000815"


def test_the_admin_imports_a_sheet_and_shows_row_errors(
    loaded: None, client: Client, administrator: User
) -> None:
    client.force_login(administrator)
    assert "Nhập từ Excel" in client.get("/quan-tri/catalog/procedureversion/").content.decode()
    wb = load_workbook(io.BytesIO(export_catalog(DAY)))
    ws = wb.active
    assert ws is not None
    ws["F8"] = "khi nào xong"
    bad = io.BytesIO()
    wb.save(bad)
    bad.seek(0)
    bad.name = "loi.xlsx"
    url = "/quan-tri/catalog/procedureversion/nhap-excel/"
    html = client.post(url, {"sheet": bad, "valid_from": "01/12/2026"}).content.decode()
    assert "Dòng 8: không hiểu thời hạn" in html
    assert ProcedureVersion.objects.count() == 3
    good = io.BytesIO(export_catalog(DAY))
    good.name = "dung.xlsx"
    response = client.post(url, {"sheet": good, "valid_from": "01/12/2026"})
    assert response.status_code == 302
    assert ProcedureVersion.objects.count() == 6
