"""The signature columns under a report sheet, as the Word and PDF versions print them
(documents/signature.py builds the blocks): Người lập biểu on the left, the head of the unit
on the right under the place and date, room for the signature and the seal, then the names.
Excel has no "keep together": the sheets are short enough to print on one page, and the layout
test checks from LibreOffice's pages that the signatures share the page of the total."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from motcua.documents.signature import SignatureBlock

_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
UNDATED = "ngày      tháng      năm"  # a date to be written by hand
ROOM_ROWS = 4  # blank rows for the signature and the seal


def _put(
    sheet: Worksheet,
    row: int,
    columns: tuple[int, int],
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
) -> None:
    first, last = columns
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = sheet.cell(row, first, text)
    cell.font = Font(bold=bold, italic=italic)
    cell.alignment = _CENTER


def write_signatures(
    sheet: Worksheet,
    row: int,
    blocks: tuple[SignatureBlock, SignatureBlock],
    columns: tuple[tuple[int, int], tuple[int, int]],
    place_date: str = "",
) -> int:
    """Write the two blocks from ``row`` (the left one under ``columns[0]``…); return the row
    after the names."""
    if place_date:
        _put(sheet, row, columns[1], place_date, italic=True)
        row += 1
    height = max(len(block.lines) for block in blocks)
    for block, span in zip(blocks, columns, strict=True):
        for offset, text in enumerate(block.lines):
            _put(sheet, row + offset, span, text, bold=True)
        _put(sheet, row + height, span, block.note, italic=True)
        _put(sheet, row + height + 1 + ROOM_ROWS, span, block.name, bold=True)
    last = row + height + 1 + ROOM_ROWS
    return last + 1
