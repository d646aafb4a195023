"""Biểu II.06a as Word (.docx) and PDF in the NĐ 30/2020 layout, on landscape A4 (the official
form is a wide table): margins top/bottom 20 mm, left 30 mm, right 15 mm, Times New Roman.

Both are built with the documents app (word.py building blocks; documents/base.html through
WeasyPrint) from the same lines as the Excel file and the web page (ii06a_table.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Any

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
from motcua.reports.ii06a import Report
from motcua.reports.ii06a_table import (
    CLOSED_LABEL,
    FORM_CODE,
    HEADER,
    NUMBERS_ROW,
    TITLE,
    UNIT_OF_COUNT,
    header_rows,
    lines,
    period_text,
    receiving_unit,
)
from motcua.reports.report_print import (
    grid_table,
    report_document,
    report_signatures,
    signatures,
)

PAGE = A4_LANDSCAPE
# Column widths (mm) filling the 252 mm between NĐ 30's landscape margins.
WIDTHS = (12, 66, 16, 15, 22, 15, 15, 15, 15, 15, 16, 15, 15)
LEFT, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT


@dataclasses.dataclass(frozen=True)
class PrintOptions:
    signed_on: dt.date  # the date printed beside the place name
    receiving_unit: str | None = None  # default: the unit above
    preparer: str = ""  # Người lập biểu
    head_title: str = "THỦ TRƯỞNG ĐƠN VỊ"
    head: str = ""


def agency_for_report(report: Report) -> Agency:
    unit = report.unit
    return Agency(name=f"Ủy ban nhân dân\n{unit.name}", place_name=place_name(unit))


def _receiver(report: Report, options: PrintOptions) -> str:
    if options.receiving_unit is not None:
        return options.receiving_unit
    return receiving_unit(report.unit)


def _identity(report: Report, options: PrintOptions) -> str:
    return f"II.06a|{report.unit.code}|{report.start}|{report.end}|{options.signed_on}"


def document_data(report: Report, options: PrintOptions) -> dict[str, Any]:
    """What the PDF template and the web page print."""
    agency = agency_for_report(report)
    return {
        "heading": TITLE,
        "caption": FORM_CODE,
        "legal_reference": "Biểu số II.06a/VPCP/KSTT, Thông tư số 01/2020/TT-VPCP",
        "page": PAGE,
        "agency": agency,
        "dossier_code": "",
        "place_date": place_and_date(agency.place_name, options.signed_on),
        "created": f"{options.signed_on.isoformat()}T00:00:00+07:00",
        "report": report,
        "period": period_text(report.start, report.end),
        "receiving_unit": _receiver(report, options),
        "unit_of_count": UNIT_OF_COUNT,
        "header": header_rows(),
        "numbers": NUMBERS_ROW,
        "lines": lines(report),
        "widths": WIDTHS,
        "closed_label": CLOSED_LABEL,
        "options": options,
        "signatures": report_signatures(options.preparer, options.head_title, options.head),
    }


def render_ii06a_pdf(report: Report, options: PrintOptions) -> bytes:
    data = document_data(report, options)
    return render_template_pdf("reports/ii06a_document.html", data, _identity(report, options))


def render_ii06a_docx(report: Report, options: PrintOptions) -> bytes:
    document = report_document(
        agency_for_report(report),
        form_code=FORM_CODE,
        title=TITLE,
        subtitle=period_text(report.start, report.end),
        unit_name=report.unit.name,
        receiving_unit=_receiver(report, options),
        unit_of_count=UNIT_OF_COUNT,
        signed_on=options.signed_on,
    )
    _table(document, report)
    closed = format_number(report.total["closed"])
    line(document, f"{CLOSED_LABEL} {closed}", size=12, align=LEFT)
    line(document, f"Cách tính: {report.policy}", italic=True, size=12, align=LEFT)
    signatures(document, options.preparer, options.head_title, options.head)
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(buffer.getvalue(), options.signed_on)


def _table(document: Any, report: Report) -> None:
    body = lines(report)
    table = grid_table(document, 4 + len(body), WIDTHS)
    for row, column, rowspan, colspan, text in HEADER:
        cell = table.cell(row, column)
        if rowspan > 1 or colspan > 1:
            cell = cell.merge(table.cell(row + rowspan - 1, column + colspan - 1))
        line(cell, text, bold=True, size=11, first=True)
    for column, text in enumerate(NUMBERS_ROW):
        line(table.cell(3, column), text, italic=True, size=10, first=True)
    for position in range(4):
        repeat_as_header(table.rows[position])
    for offset, entry in enumerate(body, start=4):
        cells = table.rows[offset].cells
        bold = entry.kind != "row"
        if entry.kind == "total":
            merged = cells[0].merge(cells[1])
            line(merged, entry.label, bold=True, size=12, first=True)
        else:
            line(cells[0], entry.number, bold=bold, size=12, first=True)
            line(cells[1], entry.label, bold=bold, size=12, align=LEFT, first=True)
        for index, value in enumerate(entry.counts or (), start=2):
            line(cells[index], format_number(value), bold=bold, size=12, align=RIGHT, first=True)
    keep_rows_with_next(list(table.rows)[-2:])  # the total stays with the signatures
