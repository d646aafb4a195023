"""Biểu II.07b as Word (.docx) and PDF, NĐ 30 layout on landscape A4.

Word with the documents/word.py blocks; PDF through documents/base.html and WeasyPrint (the
template reports/ii07b_document.html), both from the same Report07b as the page and the Excel file.
"""

from __future__ import annotations

import datetime as dt
import io

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from motcua.documents.archive import reproducible_zip
from motcua.documents.context import Agency
from motcua.documents.formatting import place_and_date
from motcua.documents.formsets import A4_LANDSCAPE
from motcua.documents.render import render_template_pdf
from motcua.documents.word import header_block, line, new_document, repeat_as_header
from motcua.domain.vnformat import format_number
from motcua.dossiers.forms import place_name
from motcua.reports.ii07b import (
    COLUMNS,
    FORM_CODE,
    GROUPS,
    NUMBERS_ROW,
    TITLE,
    TOTAL_LABEL,
    Report07b,
)

PAGE = A4_LANDSCAPE
WIDTHS = (10, 50, *([16] * 12))  # Word
PDF_WIDTHS = (10, 41, *((21, 15, 16, 15) * 3))  # 252 mm; the (3), (7), (11) sums wider
LEFT, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
OTHER_LABEL = "TTHC của cơ quan trung ương, ngành dọc công khai tại đơn vị (không tính):"


LEVELS = ("Tổng số", "Cấp tỉnh", "Cấp huyện", "Cấp xã")
UNIT_OF_COUNT = "Đơn vị tính: Số thủ tục hành chính."


def _agency(report: Report07b) -> Agency:
    unit = report.unit
    return Agency(name=f"Ủy ban nhân dân\n{unit.name}", place_name=place_name(unit))


def render_ii07b_pdf(
    report: Report07b, receiving_unit: str, signed_on: dt.date, preparer: str = ""
) -> bytes:
    agency = _agency(report)
    data = {
        "heading": TITLE,
        "caption": FORM_CODE,
        "legal_reference": "Biểu số II.07b/VPCP/KSTT, Thông tư số 01/2020/TT-VPCP",
        "page": PAGE,
        "agency": agency,
        "dossier_code": "",
        "place_date": place_and_date(agency.place_name, signed_on),
        "created": f"{signed_on.isoformat()}T00:00:00+07:00",
        "report": report,
        "receiving_unit": receiving_unit,
        "unit_of_count": UNIT_OF_COUNT,
        "groups": GROUPS,
        "levels": LEVELS,
        "numbers": [text.replace("=", "=\u200b") for text in NUMBERS_ROW],  # may break after =
        "rows": [(row.unit_name, [row.counts[key] for key in COLUMNS]) for row in report.rows],
        "total": [report.total[key] for key in COLUMNS],
        "total_label": TOTAL_LABEL,
        "other_label": OTHER_LABEL,
        "widths": PDF_WIDTHS,
        "preparer": preparer,
    }
    identity = f"II.07b|{report.unit.code}|{report.on}|{signed_on}"
    return render_template_pdf("reports/ii07b_document.html", data, identity)


def render_ii07b_docx(
    report: Report07b, receiving_unit: str, signed_on: dt.date, preparer: str = ""
) -> bytes:
    unit = report.unit
    agency = _agency(report)
    document = new_document(
        PAGE,
        author=agency.name,
        title=TITLE,
        subject=FORM_CODE,
        comments=f"Tính đến ngày {report.on:%d/%m/%Y}",
        issued_on=signed_on,
    )
    line(document, FORM_CODE, bold=True, size=12, align=RIGHT)
    header_block(document, PAGE, agency, [], signed_on)
    title = line(document, TITLE, bold=True)
    title.paragraph_format.space_before = Pt(10)
    line(document, f"(Tính đến ngày {report.on:%d/%m/%Y})", italic=True)
    line(document, f"- Đơn vị báo cáo: {unit.name}", size=13, align=LEFT)
    line(document, f"- Đơn vị nhận báo cáo: {receiving_unit}", size=13, align=LEFT)
    line(document, UNIT_OF_COUNT, italic=True, size=12, align=RIGHT)
    table = document.add_table(rows=3 + len(report.rows) + 1, cols=14)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        for index, width in enumerate(WIDTHS):
            row.cells[index].width = Mm(width)
    for column, text in ((0, "STT"), (1, "Đơn vị")):
        merged = table.cell(0, column).merge(table.cell(1, column))
        line(merged, text, bold=True, size=11, first=True)
    for index, group in enumerate(GROUPS):
        first = 2 + 4 * index
        merged = table.cell(0, first).merge(table.cell(0, first + 3))
        line(merged, group, bold=True, size=11, first=True)
        for offset, label in enumerate(LEVELS):
            line(table.cell(1, first + offset), label, bold=True, size=11, first=True)
    for column, text in enumerate(NUMBERS_ROW):
        line(table.cell(2, column), text, italic=True, size=10, first=True)
    for position in range(3):
        repeat_as_header(table.rows[position])
    for offset, row in enumerate(report.rows, start=3):
        cells = table.rows[offset].cells
        line(cells[0], str(offset - 2), size=12, first=True)
        line(cells[1], row.unit_name, size=12, align=LEFT, first=True)
        for index, key in enumerate(COLUMNS, start=2):
            line(cells[index], format_number(row.counts[key]), size=12, align=RIGHT, first=True)
    cells = table.rows[-1].cells
    line(cells[0].merge(cells[1]), TOTAL_LABEL, bold=True, size=12, first=True)
    for index, key in enumerate(COLUMNS, start=2):
        value = format_number(report.total[key])
        line(cells[index], value, bold=True, size=12, align=RIGHT, first=True)
    line(document, f"{OTHER_LABEL} {format_number(report.total['other'])}", size=12, align=LEFT)
    line(document, f"Cách tính: {report.policy}", italic=True, size=12, align=LEFT)
    signatures = document.add_table(rows=1, cols=2)
    preparer_cell, head = signatures.rows[0].cells
    line(preparer_cell, "NGƯỜI LẬP BIỂU", bold=True, first=True)
    line(preparer_cell, "(Ký, ghi rõ họ tên)", italic=True)
    line(head, "THỦ TRƯỞNG ĐƠN VỊ", bold=True, first=True)
    line(head, "(Ký, ghi rõ họ tên và đóng dấu)", italic=True)
    for _ in range(4):
        line(preparer_cell, "")
    line(preparer_cell, preparer, bold=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(buffer.getvalue(), signed_on)
