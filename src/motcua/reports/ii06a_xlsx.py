"""Biểu II.06a as Excel in the official layout (merged two-level header, numbers as numbers),
and reading such a file back for `motcua report check`."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from motcua.domain.report_checks import COLUMNS
from motcua.reports.ii06a import Report

TITLE = (
    "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP "
    "GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
)
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
TOTAL_LABEL = "TỔNG CỘNG"
_SIDE = Side(style="thin")
_BOX = Border(left=_SIDE, right=_SIDE, top=_SIDE, bottom=_SIDE)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _header(ws: Any, top: int) -> None:
    merges = [
        (top, 1, top + 2, 1, "STT"),
        (top, 2, top + 2, 2, "Lĩnh vực giải quyết"),
        (top, 3, top, 6, "Số lượng hồ sơ tiếp nhận"),
        (top, 7, top, 10, "Số lượng hồ sơ đã giải quyết"),
        (top, 11, top, 13, "Số lượng hồ sơ đang giải quyết"),
        (top + 1, 3, top + 2, 3, "Tổng số"),
        (top + 1, 4, top + 1, 5, "Trong kỳ"),
        (top + 1, 6, top + 2, 6, "Từ kỳ trước"),
        (top + 1, 7, top + 2, 7, "Tổng số"),
        (top + 1, 8, top + 2, 8, "Trước hạn"),
        (top + 1, 9, top + 2, 9, "Đúng hạn"),
        (top + 1, 10, top + 2, 10, "Quá hạn"),
        (top + 1, 11, top + 2, 11, "Tổng số"),
        (top + 1, 12, top + 2, 12, "Trong hạn"),
        (top + 1, 13, top + 2, 13, "Quá hạn"),
        (top + 2, 4, top + 2, 4, "Trực tuyến"),
        (top + 2, 5, top + 2, 5, "Trực tiếp, dịch vụ bưu chính"),
    ]
    for r1, c1, r2, c2, text in merges:
        if (r1, c1) != (r2, c2):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        ws.cell(r1, c1, text)
    for row in ws.iter_rows(min_row=top, max_row=top + 3, max_col=13):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = _CENTER
            cell.border = _BOX
    for column, text in enumerate(NUMBERS_ROW, start=1):
        ws.cell(top + 3, column, text)


def render_xlsx(report: Report, receiving_unit: str = "") -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "II.06a"
    ws["K1"] = "Biểu số II.06a/VPCP/KSTT"
    ws["K1"].font = Font(bold=True)
    ws.merge_cells("A2:M2")
    ws["A2"] = TITLE
    ws["A2"].font = Font(bold=True, size=13)
    ws["A2"].alignment = _CENTER
    ws.row_dimensions[2].height = 36
    ws.merge_cells("A3:M3")
    ws["A3"] = f"Kỳ báo cáo: (Từ ngày {report.start:%d/%m/%Y} đến ngày {report.end:%d/%m/%Y})"
    ws["A3"].alignment = _CENTER
    ws["A4"] = f"- Đơn vị báo cáo: {report.unit.name}"
    ws["A5"] = f"- Đơn vị nhận báo cáo: {receiving_unit}"
    ws["A6"] = "Đơn vị tính: Số hồ sơ TTHC."
    ws["A7"] = f"Cách tính: {report.policy}"
    _header(ws, 9)
    row_index = 13
    for number, row in enumerate(report.rows, start=1):
        ws.append([number, f"Lĩnh vực {row.field_name}", *(row.counts[c] for c in COLUMNS)])
        row_index += 1
    ws.append([TOTAL_LABEL, None, *(report.total[c] for c in COLUMNS)])
    row_index += 1
    ws.merge_cells(start_row=row_index, start_column=1, end_row=row_index, end_column=2)
    for cells in ws.iter_rows(min_row=13, max_row=row_index, max_col=13):
        for cell in cells:
            cell.border = _BOX
            if (cell.column or 0) > 2:
                cell.number_format = "#,##0"
                cell.alignment = Alignment(horizontal="right")
    for cell in ws[row_index]:
        cell.font = Font(bold=True)
    ws.cell(row_index + 2, 1, "Hồ sơ dừng giải quyết, rút hồ sơ (không có kết quả):")
    ws.cell(row_index + 2, 7, report.total["closed"])
    for column, width in enumerate((6, 34, 10, 10, 14, 10, 10, 10, 10, 10, 10, 10, 10), 1):
        ws.column_dimensions[get_column_letter(column)].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_xlsx(path: Path) -> tuple[list[tuple[str, dict[str, int]]], dict[str, int] | None]:
    """Rows and total of an II.06a sheet in our layout (the row after "(1)" down to the total)."""
    wb = load_workbook(path, read_only=True, data_only=True)
    rows: list[tuple[str, dict[str, int]]] = []
    total = None
    started = False
    for values in wb.worksheets[0].iter_rows(values_only=True):
        if not started:
            started = values[0] == "(1)"
            continue
        if values[0] is None and values[1] is None:
            break
        counts = {c: int(str(v or 0)) for c, v in zip(COLUMNS, values[2:13], strict=False)}
        if values[0] == TOTAL_LABEL:
            total = counts
            break
        rows.append((str(values[1]), counts))
    wb.close()
    return rows, total
