"""Biểu II.06a as Excel in the official layout (merged two-level header, numbers as numbers),
and reading such a file back for `motcua report check`."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from motcua.documents.cells import neutralise
from motcua.documents.formatting import place_and_date
from motcua.documents.sheet_layout import finish_sheet
from motcua.documents.sheet_signature import UNDATED, write_signatures
from motcua.documents.xlsx_guard import open_workbook
from motcua.domain.report_checks import COLUMNS
from motcua.dossiers.forms import place_name
from motcua.reports.ii06a import Report
from motcua.reports.ii06a_print import PrintOptions
from motcua.reports.ii06a_table import (
    CLOSED_LABEL,
    FORM_CODE,
    HEADER,
    NUMBERS_ROW,
    TITLE,
    TOTAL_LABEL,
    UNIT_OF_COUNT,
    lines,
    period_text,
)
from motcua.reports.report_print import report_signatures

_SIDE = Side(style="thin")
_BOX = Border(left=_SIDE, right=_SIDE, top=_SIDE, bottom=_SIDE)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _header(ws: Any, top: int) -> None:
    for row, column, rowspan, colspan, text in HEADER:
        r1, c1 = top + row, column + 1
        if rowspan > 1 or colspan > 1:
            ws.merge_cells(
                start_row=r1, start_column=c1, end_row=r1 + rowspan - 1, end_column=c1 + colspan - 1
            )
        ws.cell(r1, c1, text)
    for row in ws.iter_rows(min_row=top, max_row=top + 3, max_col=13):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = _CENTER
            cell.border = _BOX
    for column, text in enumerate(NUMBERS_ROW, start=1):
        ws.cell(top + 3, column, text)


def render_xlsx(
    report: Report, receiving_unit: str = "", options: PrintOptions | None = None
) -> bytes:
    """The sheet; ``options`` gives the signing date and the names under the signatures (the
    date and names are left for hand-writing without them)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "II.06a"
    ws["K1"] = FORM_CODE
    ws["K1"].font = Font(bold=True)
    ws.merge_cells("A2:M2")
    ws["A2"] = TITLE
    ws["A2"].font = Font(bold=True, size=13)
    ws["A2"].alignment = _CENTER
    ws.row_dimensions[2].height = 36
    ws.merge_cells("A3:M3")
    ws["A3"] = period_text(report.start, report.end)
    ws["A3"].alignment = _CENTER
    ws["A4"] = f"- Đơn vị báo cáo: {report.unit.name}"
    ws["A5"] = f"- Đơn vị nhận báo cáo: {receiving_unit}"
    ws["A6"] = UNIT_OF_COUNT
    ws["A7"] = f"Cách tính: {report.policy}"
    _header(ws, 9)
    row_index = 12
    for line in lines(report):
        first: int | str = int(line.number) if line.kind == "row" else line.number or line.label
        ws.append([first, line.label if line.number else None, *(line.counts or ())])
        row_index += 1
        if line.kind != "row":
            for cell in ws[row_index]:
                cell.font = Font(bold=True)
    ws.merge_cells(start_row=row_index, start_column=1, end_row=row_index, end_column=2)
    for cells in ws.iter_rows(min_row=13, max_row=row_index, max_col=13):
        for cell in cells:
            cell.border = _BOX
            if (cell.column or 0) > 2:
                cell.number_format = "#,##0"
                cell.alignment = Alignment(horizontal="right")
    ws.cell(row_index + 2, 1, CLOSED_LABEL)
    ws.cell(row_index + 2, 7, report.total["closed"])
    place = place_name(report.unit)
    if options is None:  # names and date written by hand
        blocks, place_date = report_signatures(), f"{place}, {UNDATED}"
    else:
        blocks = report_signatures(options.preparer, options.head_title, options.head)
        place_date = place_and_date(place, options.signed_on)
    write_signatures(ws, row_index + 4, blocks, ((1, 2), (8, 13)), place_date)
    for column, width in enumerate((6, 34, 10, 10, 14, 10, 10, 10, 10, 10, 10, 10, 10), 1):
        ws.column_dimensions[get_column_letter(column)].width = width
    for column in range(1, 14):  # the numbers row: "(3)=(4)+(5)+(6)" wraps after "="
        ws.cell(12, column).alignment = _CENTER
        ws.cell(12, column).font = Font(italic=True, size=10)
        ws.cell(12, column).border = _BOX
    for row in ws.iter_rows(min_row=13, max_row=row_index, max_col=2):
        for cell in row:
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    finish_sheet(ws, "9:12")
    neutralise(wb)  # a unit name cannot become a formula (documents/cells.py)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_xlsx(path: Path) -> tuple[list[tuple[str, dict[str, int]]], dict[str, int] | None]:
    """Rows and total of an II.06a sheet in our layout (the row after "(1)" down to the total)."""
    wb = open_workbook(path)  # bounded: documents/xlsx_guard.py
    rows: list[tuple[str, dict[str, int]]] = []
    total = None
    started = False
    for values in wb.worksheets[0].iter_rows(values_only=True):
        if not started:
            started = values[0] == "(1)"
            continue
        if values[0] is None and values[1] is None:
            break
        if all(v is None for v in values[2:13]):
            continue  # a level heading
        counts = {c: int(str(v or 0)) for c, v in zip(COLUMNS, values[2:13], strict=False)}
        if values[0] == TOTAL_LABEL:
            total = counts
            break
        rows.append((str(values[1]), counts))
    wb.close()
    return rows, total
