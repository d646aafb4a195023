"""The narrative report as DOCX (python-docx, documents/word.py's NĐ 30 helpers) and PDF
(WeasyPrint through documents/render.py's template base), with Biểu II.06a as its annex.

Both print the same blocks (narrative_text.blocks) and the same annex rows, so the two formats
cannot disagree. The bytes are reproducible: nothing reads the clock (the document's date is its
issue date).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.template.loader import render_to_string
from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from motcua.control.narrative import NarrativeContext, build_context
from motcua.control.narrative_sources import feedback_for, indicators_for
from motcua.control.narrative_text import TITLE, Block, blocks
from motcua.documents.archive import reproducible_zip
from motcua.documents.context import Agency
from motcua.documents.formatting import place_and_date, recipients_lines
from motcua.documents.formsets import A4_PORTRAIT
from motcua.documents.layout import column_widths, usable_width_mm
from motcua.documents.render import _pdf
from motcua.documents.signature import SignatureBlock, signature_block
from motcua.documents.word import FONT, _line, header_block, recipients_and_signature
from motcua.documents.word_layout import fix_grid, repeat_header
from motcua.domain.report_checks import COLUMNS
from motcua.domain.text import nfc
from motcua.domain.vnformat import format_number
from motcua.units.models import Unit

ANNEX_TITLE = (
    "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI "
    "QUYẾT THỦ TỤC HÀNH CHÍNH"
)
ANNEX_FORM = "Biểu số II.06a/VPCP/KSTT"
COLUMN_LABELS = (
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
# Annex columns (mm) on landscape A4 between 15 mm margins: the field names get the room.
ANNEX_WIDTHS = (12, 65, 18, 18, 20, 16, 18, 16, 16, 16, 18, 16, 18)
J = WD_ALIGN_PARAGRAPH.JUSTIFY
C = WD_ALIGN_PARAGRAPH.CENTER


def agency_of(ctx: NarrativeContext) -> Agency:
    """A People's Committee heads its documents with its own name only (NĐ 30/2020, Phụ lục I)."""
    return Agency(
        name=ctx.committee.upper(),
        place_name=ctx.place,
        name_in_text=ctx.committee,
    )


def period_line(ctx: NarrativeContext) -> str:
    return f"(Thời gian chốt số liệu từ ngày {ctx.start:%d/%m/%Y} đến ngày {ctx.end:%d/%m/%Y})"


def annex_rows(ctx: NarrativeContext) -> list[list[str]]:
    """Rows of the annex: STT, field, (3)…(13); the last row is the total."""
    rows = [
        [str(i), row.field_name, *(format_number(row.counts[c]) for c in COLUMNS)]
        for i, row in enumerate(ctx.annex.rows, start=1)
    ]
    rows.append(["", "TỔNG CỘNG", *(format_number(ctx.annex.total[c]) for c in COLUMNS)])
    return rows


def number_line(ctx: NarrativeContext) -> str:
    return f"Số: {ctx.number or '……/BC-UBND'}"


# --- DOCX ------------------------------------------------------------------------------------


def _setup(document: WordDocument, ctx: NarrativeContext) -> None:
    section, page = document.sections[0], A4_PORTRAIT
    section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
    section.top_margin, section.bottom_margin = Mm(page.margin_top), Mm(page.margin_bottom)
    section.left_margin, section.right_margin = Mm(page.margin_left), Mm(page.margin_right)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(0)
    props = document.core_properties
    midnight = dt.datetime.combine(ctx.issued_on, dt.time(), tzinfo=dt.UTC)
    props.author, props.title = nfc(ctx.committee), "Báo cáo kiểm soát TTHC"
    props.last_modified_by, props.revision = "motcua", 1
    props.created = props.modified = midnight


def _docx_header(document: WordDocument, ctx: NarrativeContext) -> None:
    header_block(document, A4_PORTRAIT, agency_of(ctx), [number_line(ctx)], ctx.issued_on)
    _line(document, "BÁO CÁO", bold=True).paragraph_format.space_before = Pt(12)
    _line(document, TITLE, bold=True)
    _line(document, period_line(ctx), italic=True)
    if ctx.basis:
        _para(document, ctx.basis)


def signature_of(ctx: NarrativeContext) -> SignatureBlock:
    """TM. ỦY BAN NHÂN DÂN, then the signer's title (signature.py): no note, room, the name."""
    return signature_block(agency_of(ctx).name, ctx.signer_title, ctx.signer_name, note="")


def _para(document: WordDocument, text: str, **style: Any) -> None:
    paragraph = _line(document, text, align=J, **style)
    paragraph.paragraph_format.first_line_indent = Mm(12.7)
    paragraph.paragraph_format.space_after = Pt(6)


def _docx_table(document: WordDocument, rows: tuple[tuple[str, ...], ...]) -> None:
    table = document.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    table.autofit = False
    for index, values in enumerate(rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            _line(cell, value, bold=index == 0, size=12, align=None, first=True)
    fix_grid(table, column_widths(rows, usable_width_mm(A4_PORTRAIT), 12))
    repeat_header(table.rows[0])


def _docx_block(document: WordDocument, block: Block) -> None:
    if block.kind == "part":
        _line(document, block.text, bold=True, align=J).paragraph_format.space_before = Pt(6)
    elif block.kind == "section":
        _para(document, block.text, bold=True)
    elif block.kind == "sub":
        _para(document, block.text, bold=True, italic=True)
    elif block.kind == "table":
        _docx_table(document, block.rows)
    else:
        _para(document, block.text)


def _docx_signature(document: WordDocument, ctx: NarrativeContext) -> None:
    recipients = recipients_lines(ctx.recipients)
    recipients_and_signature(document, A4_PORTRAIT, recipients, signature_of(ctx))


def _docx_annex(document: WordDocument, ctx: NarrativeContext) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    _line(document, ANNEX_FORM, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _line(document, ANNEX_TITLE, bold=True, size=13)
    _line(document, f"(Từ ngày {ctx.start:%d/%m/%Y} đến ngày {ctx.end:%d/%m/%Y})", italic=True)
    _line(document, f"Đơn vị báo cáo: {ctx.unit.name}", size=12, align=None)
    _line(document, "Đơn vị tính: Số hồ sơ TTHC.", italic=True, size=12, align=None)
    table = document.add_table(rows=4, cols=13)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    fix_grid(table, ANNEX_WIDTHS)  # before merging: a merged cell gets the sum of its columns
    top, mid, low, numbers = table.rows

    def put(cell: Any, text: str) -> None:
        _line(cell, text, bold=True, size=9.5, first=True)

    put(top.cells[0].merge(low.cells[0]), "STT")
    put(top.cells[1].merge(low.cells[1]), "Lĩnh vực giải quyết")
    put(top.cells[2].merge(top.cells[5]), "Số lượng hồ sơ tiếp nhận")
    put(top.cells[6].merge(top.cells[9]), "Số lượng hồ sơ đã giải quyết")
    put(top.cells[10].merge(top.cells[12]), "Số lượng hồ sơ đang giải quyết")
    put(mid.cells[2].merge(low.cells[2]), "Tổng số")
    put(mid.cells[3].merge(mid.cells[4]), "Trong kỳ")
    put(low.cells[3], "Trực tuyến")
    put(low.cells[4], "Trực tiếp, dịch vụ bưu chính")
    put(mid.cells[5].merge(low.cells[5]), "Từ kỳ trước")
    for index, label in zip(
        range(6, 13),
        ("Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn"),
        strict=True,
    ):
        put(mid.cells[index].merge(low.cells[index]), label)
    for index, label in enumerate(COLUMN_LABELS):
        _line(numbers.cells[index], label, italic=True, size=9, first=True)
    for row in (top, mid, low, numbers):
        repeat_header(row)
    for values in annex_rows(ctx):
        cells = table.add_row().cells
        total = values[1] == "TỔNG CỘNG"
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            align = None if index == 1 else C
            _line(cell, value, size=10.5, bold=total, align=align, first=True)
    fix_grid(table, ANNEX_WIDTHS)
    _line(document, f"Cách đếm: {ctx.annex.policy}.", italic=True, size=10, align=None)


def render_narrative_docx(ctx: NarrativeContext) -> bytes:
    document = Document()
    _setup(document, ctx)
    _docx_header(document, ctx)
    for block in blocks(ctx):
        _docx_block(document, block)
    _docx_signature(document, ctx)
    _docx_annex(document, ctx)
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(buffer.getvalue(), ctx.issued_on)


# --- PDF -------------------------------------------------------------------------------------


def render_narrative_html(ctx: NarrativeContext) -> str:
    data = {
        "heading": "BÁO CÁO",
        "caption": "",
        "legal_reference": "Báo cáo kết quả kiểm soát TTHC",
        "page": A4_PORTRAIT,
        "agency": agency_of(ctx),
        "dossier_code": "",
        "place_date": place_and_date(ctx.place, ctx.issued_on),
        "created": f"{ctx.issued_on.isoformat()}T00:00:00+07:00",
        "ctx": ctx,
        "number_line": number_line(ctx),
        "title": TITLE,
        "period": period_line(ctx),
        "blocks": blocks(ctx),
        "recipients": recipients_lines(ctx.recipients),
        "signature": signature_of(ctx),
        "annex_form": ANNEX_FORM,
        "annex_title": ANNEX_TITLE,
        "column_labels": COLUMN_LABELS,
        "annex_rows": annex_rows(ctx),
    }
    return nfc(render_to_string("control/narrative.html", data))


def render_narrative_pdf(ctx: NarrativeContext) -> bytes:
    html = render_narrative_html(ctx)
    return _pdf(html, f"narrative|{ctx.unit.code}|{ctx.start}|{ctx.end}|{ctx.issued_on}")


def render_narrative(unit: Unit, start: dt.date, end: dt.date, kind: str) -> bytes:
    """The report's bytes (kind "docx" or "pdf"), for the command line and the download,
    with the QĐ 766 / NQ tables and the PAKN counts of the same unit and period."""
    context = build_context(
        unit,
        start,
        end,
        indicators=indicators_for(unit, start, end),
        feedback_counts=feedback_for(unit, start, end),
    )
    return render_narrative_docx(context) if kind == "docx" else render_narrative_pdf(context)
