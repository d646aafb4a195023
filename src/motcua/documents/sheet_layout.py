"""Excel sheets laid out as the printed forms: Times New Roman everywhere, rows tall enough for
their wrapped text (a header like "Trực tiếp, dịch vụ bưu chính" never runs over its borders),
landscape A4 between NĐ 30's margins, one page wide, the table's header rows repeated.

Row heights are computed, not left to the program: LibreOffice and Excel do not grow a row
for wrapped text in merged cells, and Excel only grows rows when it recalculates them.
"""

from __future__ import annotations

import math

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from motcua.documents.measure import text_width_mm

FONT = "Times New Roman"
DEFAULT_SIZE = 12.0
MM_PER_WIDTH_UNIT = 1.9  # one Excel column-width unit (a "0" of the default font), printed
CELL_PADDING_MM = 1.5
LINE_FACTOR = 1.3  # line height / font size
EXTRA_PT = 3.0


def times_new_roman(sheet: Worksheet) -> None:
    """Every written cell in Times New Roman, keeping its size, weight and slant."""
    for row in sheet.iter_rows():
        for cell in row:
            font = cell.font
            size = font.sz if font.sz and font.sz != 11 else DEFAULT_SIZE
            if font.name != FONT or size != font.sz:
                cell.font = Font(
                    name=FONT,
                    size=size,
                    bold=font.b,
                    italic=font.i,
                    underline=font.u,
                    color=font.color,
                )


def _width_mm(sheet: Worksheet, first: int, last: int) -> float:
    total = 0.0
    for column in range(first, last + 1):
        width = sheet.column_dimensions[get_column_letter(column)].width or 8.43
        total += width * MM_PER_WIDTH_UNIT
    return total


def _lines(text: str, width_mm: float, size: float, bold: bool) -> int:
    """Lines the text wraps to at ``width_mm`` (word by word, as the programs wrap)."""
    room = max(width_mm - 2 * CELL_PADDING_MM, 1.0)
    count = 0
    for paragraph in text.split("\n"):
        line = ""
        lines = 1
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and text_width_mm(candidate, size, bold=bold) > room:
                lines += 1
                line = word
            else:
                line = candidate
            if line == word:  # a word wider than the cell breaks over lines of its own
                lines += max(0, math.ceil(text_width_mm(word, size, bold=bold) / room) - 1)
        count += lines
    return max(count, 1)


def fit_row_heights(sheet: Worksheet, first_row: int = 1) -> None:
    """Each row (from ``first_row``) as tall as its most wrapped cell; a cell merged over
    several rows spreads what it needs over them, the last row taking what is missing."""
    spans = {}
    for merged in sheet.merged_cells.ranges:
        spans[merged.min_row, merged.min_col] = (merged.max_row, merged.max_col)
    needed: dict[int, float] = {}
    tall: list[tuple[int, int, float]] = []
    for row in sheet.iter_rows(min_row=first_row):
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value.strip():
                continue
            if not (cell.alignment and cell.alignment.wrap_text):
                continue
            assert cell.row is not None
            assert cell.column is not None
            last_row, last_col = spans.get((cell.row, cell.column), (cell.row, cell.column))
            size = float(cell.font.sz or DEFAULT_SIZE)
            width = _width_mm(sheet, cell.column, last_col)
            height = _lines(cell.value, width, size, bool(cell.font.b)) * size * LINE_FACTOR
            height += EXTRA_PT
            if last_row == cell.row:
                needed[cell.row] = max(needed.get(cell.row, 0.0), height)
            else:
                tall.append((cell.row, last_row, height))
    for row_number, height in needed.items():
        current = sheet.row_dimensions[row_number].height or 0
        sheet.row_dimensions[row_number].height = round(max(current, height), 1)
    for first, last, height in tall:
        rows = range(first, last + 1)
        have = sum(sheet.row_dimensions[r].height or DEFAULT_SIZE * LINE_FACTOR for r in rows)
        if have < height:
            dimension = sheet.row_dimensions[last]
            base = dimension.height or DEFAULT_SIZE * LINE_FACTOR + EXTRA_PT
            dimension.height = round(base + height - have, 1)


def print_setup(sheet: Worksheet, title_rows: str | None, *, landscape: bool = True) -> None:
    """A4 (landscape for the wide forms), NĐ 30 margins, one page wide, header rows repeated."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins.left, sheet.page_margins.right = 30 / 25.4, 15 / 25.4
    sheet.page_margins.top, sheet.page_margins.bottom = 20 / 25.4, 20 / 25.4
    if title_rows:
        sheet.print_title_rows = title_rows


def finish_sheet(sheet: Worksheet, title_rows: str | None, *, landscape: bool = True) -> None:
    """Times New Roman, row heights for the wrapped text, print set-up: the last step."""
    times_new_roman(sheet)
    fit_row_heights(sheet)
    print_setup(sheet, title_rows, landscape=landscape)
