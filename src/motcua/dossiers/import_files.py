"""Reading the files of the historical import (CSV, JSON Lines, Excel) into numbered rows.

An .xlsx archive is checked before openpyxl unpacks anything (documents/xlsx_guard.py); a formula
cell refuses its row, naming the cell (documents/cells.py).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from motcua.documents.cells import plain_rows
from motcua.documents.xlsx_guard import XlsxRefused, open_workbook

# Historical imports are large but streamed row by row; the shared strings are not.
XLSX_MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
XLSX_MAX_COLUMNS = 200


class ImportProblems(ValueError):  # noqa: N818
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) from .csv, .jsonl/.ndjson or .xlsx; the header is line 1 for tables."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from enumerate(csv.DictReader(handle), start=2)
    elif suffix in (".jsonl", ".ndjson"):
        with path.open(encoding="utf-8") as handle:
            for number, text in enumerate(handle, start=1):
                if text.strip():
                    try:
                        yield number, json.loads(text)
                    except json.JSONDecodeError:
                        yield number, {"__error__": "dòng không phải JSON hợp lệ"}
    elif suffix == ".xlsx":
        yield from _xlsx_rows(path)
    else:
        raise ImportProblems([f"Không đọc được tệp {path.name}: chỉ nhận .csv, .jsonl, .xlsx."])


def _xlsx_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The first sheet's rows; a formula cell refuses its row, naming the cell."""
    try:  # the archive is checked before openpyxl unpacks anything
        workbook = open_workbook(path, formulas=True, max_unpacked_bytes=XLSX_MAX_UNPACKED_BYTES)
    except XlsxRefused as exc:
        raise ImportProblems([f"{path.name}: {exc}"]) from exc
    formulas: list[str] = []  # formula cells refused, each naming its cell
    rows = plain_rows(workbook.worksheets[0], formulas, max_col=XLSX_MAX_COLUMNS)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    while header and not header[-1]:
        header.pop()
    if formulas:
        yield 1, {"__error__": " ".join(formulas).rstrip(".")}
        formulas.clear()
    for number, values in enumerate(rows, start=2):
        if formulas:  # the row just read holds a formula: refused, naming the cell
            yield number, {"__error__": " ".join(formulas).rstrip(".")}
            formulas.clear()
        elif any(v is not None for v in values):
            yield number, dict(zip(header, values, strict=False))
    workbook.close()
