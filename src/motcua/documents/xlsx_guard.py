"""Spreadsheets are checked before openpyxl opens them, and read within bounds.

An .xlsx file is a zip archive: 300 KB can unpack to gigabytes (openpyxl keeps the shared strings
in memory even in read-only mode), and a sheet can claim a million rows or sixteen thousand
columns. Before any parsing, `open_workbook` reads only the archive's directory and refuses too
many entries or too many unpacked bytes (Python's zipfile never unpacks an entry beyond the size
its directory declares, so the declared sizes bound the work). `limited_rows` then reads the
first sheet in read-only mode, a fixed number of columns wide, and stops at a row or cell limit.
Every refusal is an `XlsxRefused` with a Vietnamese message.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from motcua.documents.cells import plain_rows
from motcua.domain.vnformat import format_number

MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # every entry of the archive, unpacked
MAX_ENTRIES = 1000  # files inside the archive
MAX_ROWS = 20_000  # rows of the sheet read
MAX_CELLS = 1_000_000  # rows × columns read
NOT_XLSX = "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ."
MB = 1024 * 1024


class XlsxRefused(ValueError):  # noqa: N818
    """A spreadsheet that is not read; the message says why, in Vietnamese."""


def check_archive(
    source: BinaryIO | Path,
    *,
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES,
    max_entries: int = MAX_ENTRIES,
) -> None:
    """Refuse an archive with too many entries or too many unpacked bytes, reading only its
    directory. A file object is left at its start for the reader that follows."""
    try:
        with zipfile.ZipFile(source) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise XlsxRefused(NOT_XLSX) from exc
    finally:
        if not isinstance(source, Path):
            source.seek(0)
    if len(entries) > max_entries:
        raise XlsxRefused(
            f"Tệp Excel có quá nhiều thành phần ({format_number(len(entries))}; "
            f"tối đa {format_number(max_entries)})."
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > max_unpacked_bytes:
        raise XlsxRefused(
            f"Tệp Excel quá lớn khi giải nén ({format_number(unpacked // MB)} MB; "
            f"tối đa {format_number(max_unpacked_bytes // MB)} MB). "
            "Xin kiểm tra lại tệp hoặc chia thành nhiều tệp nhỏ hơn."
        )


def open_workbook(source: BinaryIO | Path, *, formulas: bool = False, **limits: int) -> Workbook:
    """The workbook in read-only mode, once its archive passed `check_archive`: cached values,
    or with `formulas` the formulas themselves (imports refuse them: documents/cells.py)."""
    check_archive(source, **limits)
    try:
        return load_workbook(source, read_only=True, data_only=not formulas)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        raise XlsxRefused(NOT_XLSX) from exc


def limited_rows(
    workbook: Workbook,
    *,
    columns: int,
    problems: list[str],
    max_rows: int = MAX_ROWS,
    max_cells: int = MAX_CELLS,
) -> Iterator[tuple[Any, ...]]:
    """The first sheet's rows as value tuples `columns` wide; XlsxRefused past a limit; a
    formula cell reads as None and adds a problem naming it (documents/cells.plain_rows)."""
    sheet = workbook.worksheets[0]
    cells = 0
    for count, values in enumerate(plain_rows(sheet, problems, max_col=columns), 1):
        cells += len(values)
        if count > max_rows or cells > max_cells:
            raise XlsxRefused(
                f"Bảng tính có quá {format_number(max_rows)} dòng hoặc quá "
                f"{format_number(max_cells)} ô; xin chia thành nhiều tệp nhỏ hơn."
            )
        yield values
