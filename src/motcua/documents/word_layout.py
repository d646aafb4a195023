"""Word tables that print the same in Word and in LibreOffice.

LibreOffice lays a fixed-layout table out by its column grid (``w:tblGrid``), Word by the cell
widths (``w:tcW``): python-docx writes an equal grid, so the two disagreed. ``fix_grid`` writes
one set of widths into both, fixed layout and the table's total width. Header rows repeat with
``<w:tblHeader/>`` (the on/off element without a value, as Word writes it); blocks that belong
together (a signature with its title, the last rows of a table with the signature under them)
carry ``w:cantSplit`` and keep-with-next.
"""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table, _Row

TWIPS_PER_MM = 1440 / 25.4


def _twips(mm: float) -> str:
    return str(round(mm * TWIPS_PER_MM))


def _child(parent: Any, tag: str, before: tuple[str, ...] = ()) -> Any:
    """``parent``'s first ``tag`` child, created (before the first of ``before``) if missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        anchor = next((parent.find(qn(b)) for b in before if parent.find(qn(b)) is not None), None)
        if anchor is not None:
            anchor.addprevious(found)
        else:
            parent.append(found)
    return found


def fix_grid(table: Table, widths_mm: tuple[float, ...] | list[float]) -> None:
    """Grid columns = cell widths = ``widths_mm``, fixed layout, total width set."""
    tbl = table._tbl
    grid = tbl.tblGrid
    for column in list(grid):
        grid.remove(column)
    for width in widths_mm:
        column = OxmlElement("w:gridCol")
        column.set(qn("w:w"), _twips(width))
        grid.append(column)
    properties = tbl.tblPr
    total = _child(properties, "w:tblW", ("w:jc", "w:tblInd", "w:tblBorders", "w:tblLayout"))
    total.set(qn("w:type"), "dxa")
    total.set(qn("w:w"), _twips(sum(widths_mm)))
    layout = _child(properties, "w:tblLayout", ("w:tblCellMar", "w:tblLook"))
    layout.set(qn("w:type"), "fixed")
    for tr in tbl.tr_lst:
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Mm(sum(widths_mm[column : column + span]))
            column += span


def no_side_margins(table: Table) -> None:
    """Cells without left/right margins (the NĐ 30 header: columns are sized to the text)."""
    margins = _child(table._tbl.tblPr, "w:tblCellMar", ("w:tblLook",))
    for side in ("w:left", "w:right"):
        element = _child(margins, side)
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")


def _row_flag(row: _Row, tag: str) -> None:
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn(tag)) is None:
        properties.append(OxmlElement(tag))


def repeat_header(row: _Row) -> None:
    """The row prints again at the top of every page the table runs onto."""
    _row_flag(row, "w:tblHeader")
    _row_flag(row, "w:cantSplit")


def keep_rows_with_next(rows: list[_Row]) -> None:
    """The rows stay on one page with what follows them (no row split either)."""
    for row in rows:
        _row_flag(row, "w:cantSplit")
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def keep_table_together(table: Table) -> None:
    """A small table (a signature block) on one page: every row kept with the next."""
    rows = list(table.rows)
    keep_rows_with_next(rows[:-1])
    for row in rows[-1:]:
        _row_flag(row, "w:cantSplit")
        for cell in row.cells:
            for paragraph in cell.paragraphs[:-1]:
                paragraph.paragraph_format.keep_with_next = True
