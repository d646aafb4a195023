"""One dataset, four formats (JSON, Excel, Word, PDF), the same figures; our files pass
`motcua report check`; LibreOffice opens our Word and Excel files."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from django.core.management import call_command

from motcua.catalog.models import Level, ProcedureVersion
from motcua.domain.report_checks import COLUMNS
from motcua.reports.ii06a import ii06a
from motcua.units.models import Unit
from tests.reports import readers

pytestmark = pytest.mark.django_db
PERIOD = ("--from", "2023-12-15", "--to", "2024-05-19")
SEED_TOTAL = (1652, 1640, 12, 0, 1652, 1642, 10, 0, 0, 0, 0)


def write(tmp_path: Path, fmt: str, unit: str = "30406") -> Path:
    out = tmp_path / f"ii06a.{fmt}"
    args = ["report", "ii06a", "--unit", unit, *PERIOD, "--format", fmt, "-o", str(out)]
    call_command(*args, "--date", "2024-05-24", stdout=io.StringIO())
    return out


def all_formats(
    tmp_path: Path, unit: str = "30406"
) -> dict[str, tuple[list[tuple[int, ...]], int]]:
    return {
        "json": readers.from_json(write(tmp_path, "json", unit).read_text(encoding="utf-8")),
        "xlsx": readers.from_xlsx(write(tmp_path, "xlsx", unit)),
        "docx": readers.from_docx(write(tmp_path, "docx", unit).read_bytes()),
        "pdf": readers.from_pdf(write(tmp_path, "pdf", unit).read_bytes()),
    }


def expected(unit: str) -> tuple[list[tuple[int, ...]], int]:
    report = ii06a(Unit.objects.get(code=unit), dt.date(2023, 12, 15), dt.date(2024, 5, 19))
    lines = [tuple(row.counts[c] for c in COLUMNS) for row in report.rows]
    return [*lines, tuple(report.total[c] for c in COLUMNS)], report.total["closed"]


def test_the_demo_report_has_the_same_figures_in_json_excel_word_and_pdf(
    demo: None, tmp_path: Path
) -> None:
    found = all_formats(tmp_path)
    assert found["json"] == expected("30406")
    assert found["json"][0][-1] == SEED_TOTAL
    assert len(found["json"][0]) == 8  # seven fields and the total
    for fmt in ("xlsx", "docx", "pdf"):
        assert found[fmt] == found["json"], fmt


def test_the_word_and_pdf_files_carry_the_nd30_layout_and_the_policy(
    demo: None, tmp_path: Path
) -> None:
    text = " ".join(readers.pdf_text(write(tmp_path, "pdf").read_bytes()).split())
    document = docx.Document(io.BytesIO(write(tmp_path, "docx").read_bytes()))
    words = [p.text for p in document.paragraphs]
    for table in document.tables:
        words += [cell.text for row in table.rows for cell in row.cells]
    word_text = " ".join(" ".join(words).split())
    for printed in (text, word_text):
        for phrase in (
            "Biểu số II.06a/VPCP/KSTT",
            "ỦY BAN NHÂN DÂN",
            "THỊ TRẤN PHÚ MỸ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Phú Mỹ, ngày 24 tháng 5 năm 2024",
            "Từ ngày 15/12/2023 đến ngày 19/05/2024",
            "Đơn vị báo cáo: Thị trấn Phú Mỹ",
            "Đơn vị nhận báo cáo: Huyện Phú Tân",
            "Đơn vị tính: Số hồ sơ TTHC",
            "Số lượng hồ sơ tiếp nhận",
            "TỔNG CỘNG",
            "Cách tính: Theo ngày",
            "NGƯỜI LẬP BIỂU",
            "THỦ TRƯỞNG ĐƠN VỊ",
        ):
            assert phrase in printed, phrase
        assert "date-level-v1" not in printed  # no internal code on the official form
    assert "Trực tiếp, dịch vụ bưu chính" in word_text  # the PDF wraps it inside its cell
    assert "(3)=(4)+(5)+(6)" in word_text
    section = document.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert section.page_width > section.page_height  # landscape A4
    assert round(section.page_width.mm) == 297
    assert section.left_margin is not None
    assert round(section.left_margin.mm) == 30
    assert section.right_margin is not None
    assert round(section.right_margin.mm) == 15
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_rows_are_grouped_by_level_when_several_levels_appear(demo: None, tmp_path: Path) -> None:
    # Saved one by one, as a catalogue reload does: the report summary regroups the dossiers.
    for version in ProcedureVersion.objects.filter(procedure__code="1.012812"):
        version.level = Level.DISTRICT
        version.save()
    found = all_formats(tmp_path)
    assert found["json"] == expected("30406")
    for fmt in ("xlsx", "docx", "pdf"):
        assert found[fmt] == found["json"], fmt
    text = readers.pdf_text(write(tmp_path, "pdf").read_bytes())
    assert text.index("CẤP HUYỆN") < text.index("Đất đai") < text.index("CẤP XÃ")
    assert found["json"][0][0][0] == 2  # Đất đai (district) comes first, as the form orders


def test_report_check_passes_on_our_own_json_and_excel(demo: None, tmp_path: Path) -> None:
    for fmt in ("json", "xlsx"):
        out = io.StringIO()
        call_command("report", "check", str(write(tmp_path, fmt)), stdout=out)
        assert "khớp mọi đẳng thức" in out.getvalue()


def test_the_province_roll_up_prints_the_same_figures_everywhere(
    demo: None, tmp_path: Path
) -> None:
    found = all_formats(tmp_path, unit="89")
    assert found["pdf"] == found["docx"] == found["xlsx"] == found["json"]
    assert found["json"][0][-1] == SEED_TOTAL


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_libreoffice_converts_our_files_to_pdf_with_the_totals(
    demo: None, tmp_path: Path, fmt: str
) -> None:
    source = write(tmp_path, fmt)
    profile = tmp_path / "lo-profile"
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "lo"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    pdf = (tmp_path / "lo" / "ii06a.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = " ".join(readers.pdf_text(pdf).split())
    assert "TỔNG CỘNG" in text
    total = " ".join(f"{n:,}" for n in SEED_TOTAL)  # Excel's #,##0 in LibreOffice's en-US locale
    assert total.replace(",", ".") in text or total in text
