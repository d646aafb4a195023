"""What the NĐ 30 report forms (II.06a, II.07b) print the same way in Word: the heading (form
code, the NĐ 30 header block, title, period, reporting and receiving units, unit of count) and
the two signature columns. The PDF side shares reports/_report_document.css,
_report_meta.html and _report_signatures.html."""

from __future__ import annotations

import datetime as dt
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from motcua.documents.context import Agency
from motcua.documents.formsets import A4_LANDSCAPE
from motcua.documents.signature import (
    SIGN_AND_SEAL,
    SignatureBlock,
    form_signature,
)
from motcua.documents.word import header_block, line, new_document, signature_cell
from motcua.documents.word_layout import fix_grid, keep_table_together

LEFT, RIGHT = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT
HEAD_TITLE = "THỦ TRƯỞNG ĐƠN VỊ"


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
    heading = line(document, title, bold=True, size=13)  # one line across landscape A4
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
    fix_grid(table, widths)  # before merging: a merged cell gets the sum of its columns
    return table


def report_signatures(
    preparer: str = "", head_title: str = HEAD_TITLE, head: str = ""
) -> tuple[SignatureBlock, SignatureBlock]:
    """Người lập biểu and the head of the unit, as the forms of TT 01/2020 print them."""
    return (
        form_signature("NGƯỜI LẬP BIỂU", preparer),
        form_signature(head_title, head, SIGN_AND_SEAL),
    )


def signatures(
    document: Any, preparer: str = "", head_title: str = HEAD_TITLE, head: str = ""
) -> None:
    """Người lập biểu on the left, the head of the unit on the right, kept with the text above."""
    for paragraph in document.paragraphs[-2:]:  # the lines under the table go along
        paragraph.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    preparer_block, head_block = report_signatures(preparer, head_title, head)
    signature_cell(left, preparer_block)
    signature_cell(right, head_block)
    fix_grid(table, [126, 126])
    keep_table_together(table)
