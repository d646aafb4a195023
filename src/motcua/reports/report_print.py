"""What the NĐ 30 report forms (II.06a, II.07b) print the same way in Word: the heading (form
code, the NĐ 30 header block, title, period, reporting and receiving units, unit of count) and
the two signature columns. The PDF side shares reports/_report_document.css,
_report_meta.html and _report_signatures.html."""

from __future__ import annotations

import datetime as dt
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from motcua.documents.context import Agency
from motcua.documents.formsets import A4_LANDSCAPE
from motcua.documents.word import header_block, line, new_document

LEFT, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT


def report_document(
    agency: Agency,
    *,
    form_code: str,
    title: str,
    subtitle: str,
    unit_name: str,
    receiving_unit: str,
    unit_of_count: str,
    signed_on: dt.date,
) -> Any:
    """A landscape A4 Word document with the report's heading written."""
    document = new_document(
        A4_LANDSCAPE,
        author=agency.name,
        title=title,
        subject=form_code,
        comments=subtitle,
        issued_on=signed_on,
    )
    line(document, form_code, bold=True, size=12, align=RIGHT)
    header_block(document, A4_LANDSCAPE, agency, [], signed_on)
    heading = line(document, title, bold=True)
    heading.paragraph_format.space_before = Pt(10)
    line(document, subtitle, italic=True)
    line(document, f"- Đơn vị báo cáo: {unit_name}", size=13, align=LEFT)
    line(document, f"- Đơn vị nhận báo cáo: {receiving_unit}", size=13, align=LEFT)
    line(document, unit_of_count, italic=True, size=12, align=RIGHT)
    return document


def grid_table(document: Any, rows: int, widths: tuple[int, ...]) -> Any:
    """The form's bordered table, centred, with fixed column widths (mm)."""
    table = document.add_table(rows=rows, cols=len(widths))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        for index, width in enumerate(widths):
            row.cells[index].width = Mm(width)
    return table


def signatures(
    document: Any, preparer: str = "", head_title: str = "THỦ TRƯỞNG ĐƠN VỊ", head: str = ""
) -> None:
    """Người lập biểu on the left, the head of the unit on the right, names under the space."""
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(110), Mm(120)
    line(left, "NGƯỜI LẬP BIỂU", bold=True, first=True)
    line(left, "(Ký, ghi rõ họ tên)", italic=True)
    line(right, head_title.upper(), bold=True, first=True)
    line(right, "(Ký, ghi rõ họ tên và đóng dấu)", italic=True)
    for _ in range(4):
        line(left, "")
        line(right, "")
    line(left, preparer, bold=True)
    line(right, head, bold=True)
