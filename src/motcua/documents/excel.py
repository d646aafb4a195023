"""The tracking book (Sổ theo dõi hồ sơ) as an Excel workbook, printable on landscape A4.

Text cells never become formulas (documents/cells.py). Dates are real Excel dates with a
dd/mm/yyyy format (sortable, filterable), not pre-formatted text. Reproducible bytes: the
document properties come from the context, the workbook is written without openpyxl's
``save_workbook`` (which stamps ``modified = now``) and the ZIP members get one fixed timestamp
(archive.reproducible_zip).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from motcua.documents.archive import reproducible_zip
from motcua.documents.cells import neutralise
from motcua.documents.context import TrackingBookContext, TrackingRow, check_context
from motcua.documents.formatting import place_and_date, vietnam_time
from motcua.documents.formsets import FormDefinition
from motcua.documents.sheet_layout import fit_row_heights, print_setup
from motcua.documents.wording import (
    TRACKING_COLUMNS,
    column_groups,
    tracking_cells,
    tracking_period,
)
from motcua.domain.text import nfc

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
DATE_TIME_FORMAT = "hh:mm dd/mm/yyyy"
DATE_FORMAT = "dd/mm/yyyy"
DATE_TIME_COLUMNS = (8, 9)  # received, due: real date-times (1-based column numbers)
DATE_TIME_WIDTH = 17.5
HEADER_ROWS = 8  # title block rows above the table
MM_PER_CHARACTER = 2.0  # rough width of one Excel character unit at 11 pt


Value = str | int | dt.date | dt.datetime | None


def _set(
    sheet: Worksheet,
    cell: str,
    value: Value,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = 12,
    merge_to: str | None = None,
) -> None:
    sheet[cell] = nfc(value) if isinstance(value, str) else value
    sheet[cell].font = Font(name=FONT, size=size, bold=bold, italic=italic)
    sheet[cell].alignment = WRAP_CENTRE
    if merge_to:
        sheet.merge_cells(f"{cell}:{merge_to}")


def _cell_values(index: int, row: TrackingRow) -> list[Value]:
    """Text cells from wording.tracking_cells, with the numbers and dates as real values."""
    values: list[Value] = list(tracking_cells(index, row))
    values[0] = index
    values[3] = row.sets_count
    values[7] = vietnam_time(row.received_at)
    values[8] = vietnam_time(row.due_at) if row.due_at else None
    values[9], values[10], values[11] = row.forwarded_on, row.result_received_on, row.returned_on
    return values


def _title_block(sheet: Worksheet, form: FormDefinition, ctx: TrackingBookContext) -> None:
    """NĐ 30 header (agency left A–F, nation right G–last), the title, the unit and period."""
    last = get_column_letter(len(TRACKING_COLUMNS))
    agency = ctx.agency
    _set(sheet, "A1", agency.parent_name.upper(), merge_to="F1")
    _set(sheet, "A2", agency.name.upper(), bold=True, merge_to="F2")
    _set(sheet, "G1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, merge_to=f"{last}1")
    _set(sheet, "G2", "Độc lập - Tự do - Hạnh phúc", bold=True, merge_to=f"{last}2")
    sheet["G2"].font = Font(name=FONT, size=12, bold=True, underline="single")
    if ctx.volume:
        _set(sheet, "A3", f"Quyển số: {ctx.volume}", merge_to="F3")
    place = place_and_date(agency.place_name, ctx.issued_on)
    _set(sheet, "G3", place, italic=True, merge_to=f"{last}3")
    _set(sheet, "A5", form.heading, bold=True, size=14, merge_to=f"{last}5")
    _set(sheet, "A6", ctx.unit_name, bold=True, merge_to=f"{last}6")
    period = tracking_period(ctx.period_from, ctx.period_to)
    _set(sheet, "A7", period, italic=True, merge_to=f"{last}7")


def _table(sheet: Worksheet, ctx: TrackingBookContext) -> None:
    top, names, numbers = HEADER_ROWS, HEADER_ROWS + 1, HEADER_ROWS + 2
    for index, column in enumerate(TRACKING_COLUMNS, start=1):
        letter = get_column_letter(index)
        width = round(column.width_mm / MM_PER_CHARACTER + 2, 1)
        if index in DATE_TIME_COLUMNS:  # "08:30 05/01/2026" prints whole, never as ###
            width = max(width, DATE_TIME_WIDTH)
        sheet.column_dimensions[letter].width = width
        _set(sheet, f"{letter}{numbers}", f"({index})", italic=True, size=10)
        if column.group:
            _set(sheet, f"{letter}{names}", column.header, bold=True, size=10)
        else:
            _set(sheet, f"{letter}{top}", column.header, bold=True, size=10)
            sheet.merge_cells(f"{letter}{top}:{letter}{names}")
    for first, last, group in column_groups():
        start, end = get_column_letter(first + 1), get_column_letter(last + 1)
        _set(sheet, f"{start}{top}", group, bold=True, size=10, merge_to=f"{end}{top}")
    for row_number in (top, names, numbers):
        for index in range(1, len(TRACKING_COLUMNS) + 1):
            sheet.cell(row=row_number, column=index).border = BOX
    for position, entry in enumerate(ctx.rows, start=1):
        values = _cell_values(position, entry)
        for index, (value, column) in enumerate(zip(values, TRACKING_COLUMNS, strict=True)):
            cell = sheet.cell(row=numbers + position, column=index + 1)
            cell.value = nfc(value) if isinstance(value, str) else value
            cell.font = Font(name=FONT, size=11)
            cell.border = BOX
            cell.alignment = WRAP_CENTRE if column.centred else WRAP_LEFT
            if isinstance(value, dt.datetime):
                cell.number_format = DATE_TIME_FORMAT
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
    sheet.print_title_rows = f"{top}:{numbers}"
    sheet.freeze_panes = f"A{numbers + 1}"


def render_tracking_book_xlsx(form: FormDefinition, ctx: TrackingBookContext) -> bytes:
    """The tracking book as XLSX bytes (reproducible: same context, same bytes)."""
    check_context(form, ctx)
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "Sổ theo dõi hồ sơ"
    _title_block(sheet, form, ctx)
    _table(sheet, ctx)
    fit_row_heights(sheet)
    print_setup(sheet, f"{HEADER_ROWS}:{HEADER_ROWS + 2}")
    neutralise(workbook)  # a name like =HYPERLINK(...) stays text (documents/cells.py)
    midnight = dt.datetime.combine(ctx.issued_on, dt.time())
    workbook.properties.creator = nfc(ctx.agency.name)
    workbook.properties.lastModifiedBy = "motcua"
    workbook.properties.title = nfc(f"{form.heading} {ctx.unit_name}")
    workbook.properties.subject = nfc(form.legal_reference)
    workbook.properties.created = midnight
    workbook.properties.modified = midnight
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return reproducible_zip(buffer.getvalue(), ctx.issued_on)
