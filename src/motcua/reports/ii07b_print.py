"""Biểu II.07b as Word (.docx) and PDF, NĐ 30 layout on landscape A4.

Word with the documents/word.py blocks; PDF through documents/base.html and WeasyPrint (the
template reports/ii07b_document.html), both from the same Report07b as the page and the Excel file.
"""

from __future__ import annotations

import datetime as dt
import io

from docx.enum.text import WD_ALIGN_PARAGRAPH

from motcua.documents.archive import reproducible_zip
from motcua.documents.context import Agency
from motcua.documents.formatting import place_and_date
from motcua.documents.formsets import A4_LANDSCAPE
from motcua.documents.render import render_template_pdf
from motcua.documents.word import line, repeat_as_header
from motcua.documents.word_layout import keep_rows_with_next
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
from motcua.reports.report_print import grid_table, report_document, report_signatures, signatures

PAGE = A4_LANDSCAPE
# 252 mm, the same in Word and the PDF; the (3), (7), (11) sums wider
WIDTHS = PDF_WIDTHS = (12, 39, *((21, 15, 16, 15) * 3))
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
        "subtitle": f"(Tính đến ngày {report.on:%d/%m/%Y})",
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
        "signatures": report_signatures(preparer),
    }
    identity = f"II.07b|{report.unit.code}|{report.on}|{signed_on}"
    return render_template_pdf("reports/ii07b_document.html", data, identity)


def render_ii07b_docx(
    report: Report07b, receiving_unit: str, signed_on: dt.date, preparer: str = ""
) -> bytes:
    document = report_document(
        _agency(report),
        form_code=FORM_CODE,
        title=TITLE,
        subtitle=f"(Tính đến ngày {report.on:%d/%m/%Y})",
        unit_name=report.unit.name,
        receiving_unit=receiving_unit,
        unit_of_count=UNIT_OF_COUNT,
        signed_on=signed_on,
    )
    table = grid_table(document, 3 + len(report.rows) + 1, WIDTHS)
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
    keep_rows_with_next(list(table.rows)[-2:])  # the total stays with the signatures
    line(document, f"{OTHER_LABEL} {format_number(report.total['other'])}", size=12, align=LEFT)
    line(document, f"Cách tính: {report.policy}", italic=True, size=12, align=LEFT)
    signatures(document, preparer)
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(buffer.getvalue(), signed_on)
