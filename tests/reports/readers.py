"""Read the figures of an II.06a back out of each format, independently of the renderers:
the PDF through poppler's `pdftotext -layout`, the Word file through python-docx, the Excel file
through `read_xlsx` (the reader `motcua report check` uses), the JSON as data.

Each reader returns the figure lines in order — one 11-tuple (3)…(13) per field row, then the
total — and the number of dossiers closed without a result.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import tempfile
from pathlib import Path

import docx

from motcua.domain.report_checks import COLUMNS
from motcua.reports.ii06a_table import CLOSED_LABEL
from motcua.reports.ii06a_xlsx import read_xlsx

Figures = tuple[int, ...]
NUMBER = re.compile(r"^\d{1,3}(?:\.\d{3})*$")  # "1.652" as printed (vnformat)
CLOSED = re.compile(r"không có kết quả\):\s*([\d.]+)")


def _int(text: str) -> int:
    return int(text.replace(".", ""))


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(data)
        args = ["pdftotext", "-layout", str(path), "-"]
        return subprocess.run(args, capture_output=True, check=True, text=True).stdout


def figures_from_text(text: str) -> tuple[list[Figures], int]:
    """Lines whose last eleven words are numbers: the field rows and the total, in order."""
    found: list[Figures] = []
    for line in text.splitlines():
        words = line.split()
        if len(words) >= 12 and all(NUMBER.match(word) for word in words[-11:]):
            found.append(tuple(_int(word) for word in words[-11:]))
    closed = CLOSED.search(" ".join(text.split()))
    assert closed is not None, "the closed-without-result line is missing"
    return found, _int(closed.group(1))


def from_pdf(data: bytes) -> tuple[list[Figures], int]:
    return figures_from_text(pdf_text(data))


def from_docx(data: bytes) -> tuple[list[Figures], int]:
    document = docx.Document(io.BytesIO(data))
    table = next(t for t in document.tables if any(r.cells[0].text == "(1)" for r in t.rows))
    found: list[Figures] = []
    started = False
    for row in table.rows:
        texts = [cell.text.strip() for cell in row.cells]
        if not started:
            started = texts[0] == "(1)"
            continue
        if all(texts[2:13]):
            found.append(tuple(_int(text) for text in texts[2:13]))
    paragraphs = " ".join(p.text for p in document.paragraphs)
    closed = CLOSED.search(paragraphs)
    assert closed is not None
    return found, _int(closed.group(1))


def from_xlsx(path: Path) -> tuple[list[Figures], int]:
    from openpyxl import load_workbook

    rows, total = read_xlsx(path)
    assert total is not None
    workbook = load_workbook(path, read_only=True)
    closed = next(
        values[6]
        for values in workbook.worksheets[0].iter_rows(values_only=True)
        if values[0] == CLOSED_LABEL
    )
    workbook.close()
    lines = [tuple(counts[c] for c in COLUMNS) for _, counts in rows]
    return [*lines, tuple(total[c] for c in COLUMNS)], int(str(closed))


def from_json(text: str) -> tuple[list[Figures], int]:
    data = json.loads(text)
    lines = [tuple(row[c] for c in COLUMNS) for row in data["rows"]]
    return [*lines, tuple(data["total"][c] for c in COLUMNS)], int(data["closed"])


def ii07b_lines(text: str) -> list[list[int]]:
    """The II.07b figure lines of a PDF's text, in order: each unit's row, then the total."""
    found = []
    for line in text.splitlines():
        words = line.split()
        if len(words) >= 12 and all(NUMBER.match(word) for word in words[-12:]):
            found.append([_int(word) for word in words[-12:]])
    return found
