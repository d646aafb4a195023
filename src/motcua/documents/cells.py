"""Spreadsheet cells that stay data: no formula goes out in an export, none comes in an import.

A text that begins with ``= + - @``, a tab or a carriage return is read as a formula by Excel or
LibreOffice (openpyxl even stores a string starting with ``=`` as a formula), so a citizen named
``=HYPERLINK(...)`` would become a live link in the tracking book. `neutralise` is called on every
workbook before it is saved: such cells are written as text (data type string) with Excel's
"quote prefix" style, so the reader sees exactly the text and editing the cell keeps it text.
Numbers, negative ones included, and dates are left alone. `plain_rows` reads a sheet for an
import and reports every formula cell in Vietnamese, naming the cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky_text(value: object) -> bool:
    """A text a spreadsheet could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(workbook: Workbook) -> int:
    """Make every formula-like cell of every sheet plain text; returns how many were changed."""
    changed = 0
    for sheet in workbook.worksheets:
        assert isinstance(sheet, Worksheet)
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (cell.data_type == "s" and is_risky_text(cell.value)):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed += 1
    return changed


def formula_problem(coordinate: str) -> str:
    return (
        f"Ô {coordinate} chứa công thức; hệ thống không nhận công thức trong tệp nhập. "
        "Hãy thay công thức bằng giá trị (Dán đặc biệt → Giá trị) rồi nhập lại."
    )


def plain_rows(
    sheet: Any, problems: list[str], max_col: int | None = None
) -> Iterator[tuple[Any, ...]]:
    """The values of each row of `sheet` (opened with data_only=False so that formulas show);
    a formula cell adds a problem naming it to `problems` and reads as None."""
    for row in sheet.iter_rows(max_col=max_col):
        values: list[Any] = []
        for cell in row:
            if getattr(cell, "data_type", None) == "f":
                problems.append(formula_problem(cell.coordinate))
                values.append(None)
            else:
                values.append(cell.value)
        yield tuple(values)
