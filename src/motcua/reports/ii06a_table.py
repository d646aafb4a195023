"""The one table layout of Biểu II.06a/VPCP/KSTT, shared by every renderer (Excel, Word, PDF, the
web page), so that the four formats print the same header, the same lines and the same figures.

- the merged two-level header as cells (row, column, rows spanned, columns spanned, text);
- the column-number row "(1) (2) (3)=(4)+(5)+(6) …";
- the body lines: a heading line per level when the report holds several levels (no figures),
  one line per field, and the total line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from motcua.domain.report_checks import COLUMNS
from motcua.reports.ii06a import Report
from motcua.units.models import Unit

FORM_CODE = "Biểu số II.06a/VPCP/KSTT"
TITLE = (
    "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP "
    "GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
)
UNIT_OF_COUNT = "Đơn vị tính: Số hồ sơ TTHC."
TOTAL_LABEL = "TỔNG CỘNG"
CLOSED_LABEL = "Hồ sơ dừng giải quyết, rút hồ sơ (không có kết quả):"
NUMBERS_ROW = (
    "(1)",
    "(2)",
    "(3)=(4)+(5)+(6)",
    "(4)",
    "(5)",
    "(6)",
    "(7)=(8)+(9)+(10)",
    "(8)",
    "(9)",
    "(10)",
    "(11)=(12)+(13)",
    "(12)",
    "(13)",
)
# (row, column, rows spanned, columns spanned, text); rows 0–2, columns 0–12.
HEADER: tuple[tuple[int, int, int, int, str], ...] = (
    (0, 0, 3, 1, "STT"),
    (0, 1, 3, 1, "Lĩnh vực, công việc giải quyết theo cấp"),
    (0, 2, 1, 4, "Số lượng hồ sơ tiếp nhận"),
    (0, 6, 1, 4, "Số lượng hồ sơ đã giải quyết"),
    (0, 10, 1, 3, "Số lượng hồ sơ đang giải quyết"),
    (1, 2, 2, 1, "Tổng số"),
    (1, 3, 1, 2, "Trong kỳ"),
    (1, 5, 2, 1, "Từ kỳ trước"),
    (1, 6, 2, 1, "Tổng số"),
    (1, 7, 2, 1, "Trước hạn"),
    (1, 8, 2, 1, "Đúng hạn"),
    (1, 9, 2, 1, "Quá hạn"),
    (1, 10, 2, 1, "Tổng số"),
    (1, 11, 2, 1, "Trong hạn"),
    (1, 12, 2, 1, "Quá hạn"),
    (2, 3, 1, 1, "Trực tuyến"),
    (2, 4, 1, 1, "Trực tiếp, dịch vụ bưu chính"),
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


@dataclass(frozen=True)
class Line:
    kind: Literal["group", "row", "total"]
    number: str  # "1", "2" …; "I", "II" for a level heading; "" for the total
    label: str
    counts: tuple[int, ...] | None  # the eleven figures (3)…(13); None on a level heading


def header_rows() -> list[list[tuple[int, int, str]]]:
    """The header as HTML-like rows of (rowspan, colspan, text)."""
    rows: list[list[tuple[int, int, str]]] = [[], [], []]
    for row, _column, rowspan, colspan, text in sorted(HEADER, key=lambda c: (c[0], c[1])):
        rows[row].append((rowspan, colspan, text))
    return rows


def lines(report: Report) -> list[Line]:
    levels = list(dict.fromkeys(row.level for row in report.rows))
    grouped = len(levels) > 1
    result: list[Line] = []
    for index, level in enumerate(levels):
        rows = [row for row in report.rows if row.level == level]
        if grouped:
            result.append(Line("group", ROMAN[index], rows[0].level_name.upper(), None))
        for number, row in enumerate(rows, start=1):
            figures = tuple(row.counts[c] for c in COLUMNS)
            result.append(Line("row", str(number), f"Lĩnh vực {row.field_name}", figures))
    result.append(Line("total", "", TOTAL_LABEL, tuple(report.total[c] for c in COLUMNS)))
    return result


def receiving_unit(unit: Unit) -> str:
    """Where the report goes by default: the unit above (a commune's district, then province)."""
    return unit.parent.name if unit.parent else ""


def period_text(start: dt.date, end: dt.date) -> str:
    return f"Kỳ báo cáo: (Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y})"
