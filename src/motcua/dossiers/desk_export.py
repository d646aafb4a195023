"""The staff dossier list as an Excel workbook: the filtered rows, one per dossier, in the list's
order. Dates are real Excel dates shown dd/mm/yyyy; every cell goes through documents/cells.py
(a name such as "=HYPERLINK(…)" stays text)."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from motcua.documents.cells import neutralise
from motcua.documents.excel import DATE_TIME_FORMAT
from motcua.domain.text import nfc
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit

EXPORT_MAX = 10_000  # rows; a longer list is refused with a message (filter it first)
EXPORT_COLUMNS = [
    "STT",
    "Mã hồ sơ",
    "Thủ tục",
    "Lĩnh vực",
    "Người nộp",
    "Số định danh",
    "Số điện thoại",
    "Kênh nộp",
    "Trạng thái",
    "Người đang xử lý",
    "Ngày nhận",
    "Hạn trả",
    "Ngày có kết quả",
    "Ngày trả kết quả",
]
WIDTHS = [6, 24, 48, 28, 28, 16, 14, 14, 28, 24, 17, 17, 17, 17]
HEADER_ROW = 4


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


Value = str | int | dt.datetime | None


def _row(number: int, d: Dossier) -> list[Value]:
    version = d.procedure_version
    return [
        number,
        d.code or "(chưa tiếp nhận)",
        version.name,
        version.field.name,
        d.applicant_name,
        d.applicant_id_number,
        d.applicant_phone,
        d.get_channel_display(),
        d.get_status_display(),
        str(d.assignee) if d.assignee else "",
        _local(d.received_at),
        _local(d.due_at),
        _local(d.resolved_at),
        _local(d.returned_at),
    ]


def dossier_workbook(rows: list[Dossier], *, unit: Unit, today: dt.date, query: str) -> bytes:
    """`query` (the list's filters as in its URL) is written under the title, for the record."""
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "Danh sách hồ sơ"
    sheet["A1"] = nfc(f"DANH SÁCH HỒ SƠ — {unit.name}")
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = f"Ngày xuất: {today:%d/%m/%Y}. Số hồ sơ: {len(rows)}."
    sheet["A3"] = f"Điều kiện lọc: {query}" if query else "Điều kiện lọc: không có"
    for column, (title, width) in enumerate(zip(EXPORT_COLUMNS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    for number, dossier in enumerate(rows, start=1):
        for column, value in enumerate(_row(number, dossier), start=1):
            written = sheet.cell(
                row=HEADER_ROW + number,
                column=column,
                value=nfc(value) if isinstance(value, str) else value,
            )
            if isinstance(value, dt.datetime):
                written.number_format = DATE_TIME_FORMAT
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    neutralise(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
