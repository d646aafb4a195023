"""Biểu II.07b from the catalogue equals a procedure-by-procedure oracle."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from motcua.catalog.loader import read_reference
from motcua.catalog.models import Level, Procedure, ProcessStep, Publication
from motcua.catalog.services import load_catalog, publish_for_unit
from motcua.reports.ii07b import COLUMNS, TOTAL_LABEL, ii07b
from motcua.units.models import Unit
from motcua.units.services import load_reference_units

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 5, 19)
LEVELS = {Level.PROVINCE: 1, Level.DISTRICT: 2, Level.COMMUNE: 3}


def oracle(units: list[Unit]) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    """One procedure at a time, through the model methods (version_on, steps.exists)."""
    per_unit: dict[str, dict[str, int]] = {}
    seen: dict[int, tuple[str, bool, bool]] = {}
    for unit in units:
        for publication in Publication.objects.filter(unit=unit):
            procedure = publication.procedure
            version = procedure.version_on(DAY)
            if version is None or procedure.kind != "procedure":
                continue
            facts = (version.level, publication.at_desk, version.steps.exists())
            old = seen.get(procedure.pk)
            seen[procedure.pk] = (facts[0], facts[1] or bool(old and old[1]), facts[2])
            add(per_unit.setdefault(unit.code, {}), *facts)
    total: dict[str, int] = {}
    for facts in seen.values():
        add(total, *facts)
    return per_unit, total


def add(counts: dict[str, int], level: str, at_desk: bool, process: bool) -> None:
    for key in (*COLUMNS, "other"):
        counts.setdefault(key, 0)
    if level not in LEVELS:
        counts["other"] += 1
        return
    for start, yes in ((3, True), (7, at_desk), (11, process)):
        if yes:
            counts[f"c{start}"] += 1
            counts[f"c{start + LEVELS[Level(level)]}"] += 1


@pytest.fixture
def published(db: None) -> list[Unit]:
    load_reference_units()
    load_catalog(read_reference())  # the 69 reference rows, with their e-forms
    phu_my = Unit.objects.get(code="30406")
    other = Unit.objects.create(  # a second commune of the same former district
        code="T-XA", name="Xã Thử nghiệm", kind="commune", parent=phu_my.parent
    )
    publish_for_unit(phu_my, day=DAY)
    publish_for_unit(other, day=DAY)
    codes = list(Procedure.objects.order_by("code").values_list("code", flat=True))
    Publication.objects.filter(unit=phu_my, procedure__code=codes[0]).update(at_desk=False)
    ProcessStep.objects.filter(version__procedure__code=codes[1]).delete()
    Procedure.objects.get(code=codes[2]).versions.update(level=Level.POLICE)
    Publication.objects.filter(unit=other, procedure__code=codes[3]).delete()
    return [phu_my, other]


def test_the_commune_and_the_district_counts_equal_the_oracle(published: list[Unit]) -> None:
    per_unit, _ = oracle(published[:1])
    commune = ii07b(published[0], DAY)
    assert [r.unit_code for r in commune.rows] == ["30406"]
    assert commune.rows[0].counts == per_unit["30406"]
    assert commune.total == per_unit["30406"]
    assert commune.total["c3"] > commune.total["c7"] >= 1  # one not at the desk
    assert commune.total["c3"] > commune.total["c11"]  # one without an internal process
    assert commune.total["other"] == 1  # the police procedure is not local
    district = ii07b(Unit.objects.get(code="888"), DAY)
    per_unit, total = oracle(published)
    assert {r.unit_code: r.counts for r in district.rows} == per_unit
    assert district.total == total
    assert district.total["c3"] < sum(r.counts["c3"] for r in district.rows)  # not double counted
    assert district.total["c7"] == district.total["c3"]  # at the desk in the other commune


def test_the_command_writes_json_and_excel(published: list[Unit], tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("report", "ii07b", "--unit", "888", "--on", DAY.isoformat(), stdout=out)
    data = json.loads(out.getvalue())
    assert data["form"] == "II.07b/VPCP/KSTT"
    assert data["total"] == ii07b(Unit.objects.get(code="888"), DAY).total
    assert data["policy"].endswith("tổng cộng không trùng lặp")
    xlsx = tmp_path / "ii07b.xlsx"
    args = ["report", "ii07b", "--unit", "888", "--on", DAY.isoformat(), "--format", "xlsx"]
    call_command(*args, "-o", str(xlsx), stdout=io.StringIO())
    sheet = load_workbook(xlsx).worksheets[0]
    assert sheet["L1"].value == "Biểu số II.07b/VPCP/KSTT"
    assert sheet["C11"].value == "(3)=(4)+(5)+(6)"
    total_row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == TOTAL_LABEL)
    assert list(total_row[2:14]) == [data["total"][c] for c in COLUMNS]


def test_a_unit_that_did_not_exist_yet_has_no_rows(published: list[Unit]) -> None:
    assert ii07b(published[0], dt.date(2026, 1, 5)).rows == []  # thị trấn Phú Mỹ ended 30/6/2025


def test_the_word_version_prints_the_same_total(published: list[Unit], tmp_path: Path) -> None:
    import docx

    out = tmp_path / "ii07b.docx"
    args = ["report", "ii07b", "--unit", "888", "--on", DAY.isoformat(), "--format", "docx"]
    call_command(*args, "-o", str(out), "--date", "2024-05-24", stdout=io.StringIO())
    document = docx.Document(str(out))
    table = document.tables[1]  # after the NĐ 30 header block
    total = [cell.text for cell in table.rows[-1].cells]
    assert total[0] == TOTAL_LABEL
    expected = ii07b(Unit.objects.get(code="888"), DAY).total
    assert [int(text.replace(".", "")) for text in total[2:14]] == [expected[c] for c in COLUMNS]
    assert document.sections[0].page_width > document.sections[0].page_height  # type: ignore[operator]
    text = " ".join(p.text for p in document.paragraphs)
    assert "Biểu số II.07b/VPCP/KSTT" in text
    assert "tổng cộng không trùng lặp" in text
    assert "-v1" not in text  # no internal code on the official form


def test_the_pdf_prints_every_row_and_the_total(published: list[Unit], tmp_path: Path) -> None:
    import subprocess

    from tests.reports.readers import ii07b_lines, pdf_text

    out = tmp_path / "ii07b.pdf"
    args = ["report", "ii07b", "--unit", "888", "--on", DAY.isoformat(), "--format", "pdf"]
    call_command(*args, "-o", str(out), "--preparer", "Phạm Thị Dung", stdout=io.StringIO())
    text = pdf_text(out.read_bytes())
    printed = ii07b_lines(text)
    expected = ii07b(Unit.objects.get(code="888"), DAY)
    assert len(expected.rows) == 2
    assert printed == [
        *([row.counts[c] for c in COLUMNS] for row in expected.rows),
        [expected.total[c] for c in COLUMNS],
    ]
    assert "TỔNG CỘNG (không trùng" in text  # the label wraps in its 51 mm
    words = " ".join(text.split())
    for phrase in (
        "Biểu số II.07b/VPCP/KSTT",
        "tổng cộng không trùng lặp",
        "Phạm Thị Dung",
        f"(không tính): {expected.total['other']}",
        "Tính đến ngày 19/05/2024",
    ):
        assert phrase in words
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True)
    size = next(line for line in info.stdout.splitlines() if line.startswith("Page size"))
    width, height = (float(n) for n in size.split()[2:5:2])
    assert width > height  # landscape A4
