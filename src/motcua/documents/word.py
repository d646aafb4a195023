"""Word (DOCX) versions of the forms officials edit before signing: the apology / extension letter
(Mẫu 04), the notice of stopping (Mẫu 05 of TT 03/2025) and the tracking book.

NĐ 30/2020 layout: A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman 14 pt
(Word on the officials' machines has it; the file names the font, it does not embed it); the
borderless two-column header block; the "Nơi nhận" and signature blocks. Same wording as the PDF
(wording.py). Bytes are reproducible (archive.reproducible_zip).
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from motcua.documents.archive import reproducible_zip
from motcua.documents.context import (
    Agency,
    ApologyContext,
    FormContext,
    StopContext,
    TrackingBookContext,
    check_context,
)
from motcua.documents.formatting import place_and_date, recipients_lines
from motcua.documents.formsets import FormDefinition, FormKind, PageSize
from motcua.documents.layout import header_layout, usable_width_mm
from motcua.documents.signature import SignatureBlock, signature_block
from motcua.documents.word_layout import (
    fix_grid,
    keep_table_together,
    no_side_margins,
    repeat_header,
)
from motcua.documents.wording import (
    TRACKING_COLUMNS,
    column_groups,
    letter_paragraphs,
    tracking_cells,
    tracking_period,
)
from motcua.domain.text import nfc

FONT = "Times New Roman"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
DOCX_KINDS = frozenset({FormKind.APOLOGY, FormKind.STOP, FormKind.TRACKING_BOOK})


class NoWordVersionError(ValueError):
    """Only the forms officials edit have a Word version; the others are issued as PDF."""


def render_docx(form: FormDefinition, context: FormContext) -> bytes:
    """DOCX bytes of an apology/extension letter, a stop notice or a tracking book."""
    if form.kind not in DOCX_KINDS:
        raise NoWordVersionError(f"form {form.key} ({form.kind}) has no Word version")
    check_context(form, context)
    document = _new_document(form, context.agency, context.issued_on)
    _header(document, form.page, context, form)
    if isinstance(context, ApologyContext | StopContext):
        _letter(document, form, context)
    elif isinstance(context, TrackingBookContext):
        _tracking_book(document, context)
    buffer = io.BytesIO()
    document.save(buffer)
    return reproducible_zip(buffer.getvalue(), context.issued_on)


# --- document, header, paragraphs ------------------------------------------------------------


def _new_document(form: FormDefinition, agency: Agency, issued_on: dt.date) -> WordDocument:
    return new_document(
        form.page,
        author=agency.name,
        title=form.heading,
        subject=form.legal_reference,
        comments=form.caption.replace("\n", " "),
        issued_on=issued_on,
    )


def new_document(
    page: PageSize, *, author: str, title: str, subject: str, comments: str, issued_on: dt.date
) -> WordDocument:
    """An empty NĐ 30 document: page size and margins, Times New Roman 14, fixed properties."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width = Mm(page.width_mm)
    section.page_height = Mm(page.height_mm)
    section.top_margin = Mm(page.margin_top)
    section.bottom_margin = Mm(page.margin_bottom)
    section.left_margin = Mm(page.margin_left)
    section.right_margin = Mm(page.margin_right)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    properties = document.core_properties
    midnight = dt.datetime.combine(issued_on, dt.time(), tzinfo=dt.UTC)
    properties.author = nfc(author)
    properties.title = nfc(title)
    properties.subject = nfc(subject)
    properties.comments = nfc(comments)
    properties.last_modified_by = "motcua"
    properties.created = midnight
    properties.modified = midnight
    properties.revision = 1
    return document


def _line(
    container: WordDocument | _Cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: float | None = None,
    align: WD_ALIGN_PARAGRAPH | None = CENTER,
    first: bool = False,
) -> Paragraph:
    """A paragraph of one run; ``first`` reuses the empty paragraph a new table cell has."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(nfc(text))
    # only what differs from Normal: an explicit "not bold" element per run is the same on the
    # page and costs python-docx a scan of the run's properties each (bench/bench_narrative.py)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if underline:
        run.underline = True
    if size is not None:
        run.font.size = Pt(size)
    return paragraph


def _rule(cell: _Cell, width_fraction: float, cell_width_mm: float) -> None:
    """A solid line under the agency name, 1/3–1/2 of its width, centred (NĐ 30/2020)."""
    paragraph = cell.add_paragraph()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    indent = Mm(cell_width_mm * (1 - width_fraction) / 2)
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.line_spacing = Pt(4)


def _header(document: WordDocument, page: PageSize, ctx: FormContext, form: FormDefinition) -> None:
    numbers: list[str] = []
    if isinstance(ctx, ApologyContext | StopContext):
        numbers = [f"Số: {ctx.document_number or '……'}", f"Mã hồ sơ: {ctx.dossier_code}"]
    elif isinstance(ctx, TrackingBookContext):
        numbers = [f"Quyển số: {ctx.volume}" if ctx.volume else ""]
    header_block(document, page, ctx.agency, numbers, ctx.issued_on)
    title = _line(document, form.heading, bold=True)
    title.paragraph_format.space_before = Pt(12)


def header_block(
    document: WordDocument, page: PageSize, agency: Agency, numbers: list[str], day: dt.date
) -> None:
    """The borderless NĐ 30 header: issuer | nation and motto, then number lines | place, date.

    Columns and the issuer's lines from layout.header_layout, as in the PDF: nothing wraps."""
    layout = header_layout(page, agency.parent_name, agency.name)
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    issuer, nation = table.rows[0].cells
    first = True
    for text in layout.parent_lines:
        _line(issuer, text, size=13, first=first)
        first = False
    for text in layout.name_lines:
        _line(issuer, text, bold=True, size=13, first=first)
        first = False
    _rule(issuer, 0.4, layout.left_mm)
    _line(nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12.5, first=True)
    _line(nation, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, size=13.5)
    number, place = table.rows[1].cells
    for index, text in enumerate(numbers):
        _line(number, text, size=13, first=index == 0)
    _line(place, place_and_date(agency.place_name, day), italic=True, first=True)
    fix_grid(table, [layout.left_mm, layout.right_mm])
    no_side_margins(table)


def signature_cell(cell: _Cell, block: SignatureBlock, *, first: bool = True) -> None:
    """A signature block (signature.py) into a table cell: title lines, note, room, name."""
    for index, text in enumerate(block.lines):
        _line(cell, text, bold=True, first=first and index == 0)
    if block.note:
        _line(cell, block.note, italic=True)
    for _ in range(4):
        _line(cell, "")
    _line(cell, block.name, bold=True)


def recipients_and_signature(
    document: WordDocument, page: PageSize, recipients: list[str], block: SignatureBlock
) -> None:
    """Nơi nhận on the left, the signature on the right, kept together and with the text above."""
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    _line(left, "Nơi nhận:", bold=True, italic=True, size=12, align=None, first=True)
    for text in recipients:
        _line(left, text, size=11, align=None)
    signature_cell(right, block)
    usable = usable_width_mm(page)
    fix_grid(table, [round(usable * 0.45, 1), round(usable * 0.55, 1)])
    keep_table_together(table)


# --- the letters ----------------------------------------------------------------------------


def _letter(
    document: WordDocument, form: FormDefinition, ctx: ApologyContext | StopContext
) -> None:
    addressee = _line(document, f"Kính gửi: {ctx.applicant.addressed}.")
    addressee.paragraph_format.space_before = Pt(6)
    addressee.paragraph_format.space_after = Pt(6)
    for text in letter_paragraphs(form, ctx):
        paragraph = _line(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        paragraph.paragraph_format.first_line_indent = Mm(12.7)
        paragraph.paragraph_format.space_after = Pt(6)
    block = signature_block(ctx.agency.name, ctx.signer_title, ctx.signer_name)
    recipients_and_signature(document, form.page, recipients_lines(ctx.recipients), block)


# --- the tracking book ------------------------------------------------------------------------


def _tracking_book(document: WordDocument, ctx: TrackingBookContext) -> None:
    _line(document, ctx.unit_name, bold=True)
    _line(document, tracking_period(ctx.period_from, ctx.period_to), bold=True)
    columns = TRACKING_COLUMNS
    table = document.add_table(rows=3, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    top, names, numbers = table.rows
    for index, column in enumerate(columns):
        for row in table.rows:
            row.cells[index].width = Mm(column.width_mm)
        _line(numbers.cells[index], f"({index + 1})", italic=True, size=9, first=True)
        if column.group:
            _line(names.cells[index], column.header, bold=True, size=9.5, first=True)
        else:
            merged = top.cells[index].merge(names.cells[index])
            _line(merged, column.header, bold=True, size=9.5, first=True)
    for first, last, group in column_groups():
        merged = top.cells[first].merge(top.cells[last])
        _line(merged, group, bold=True, size=9.5, first=True)
    for row in (top, names, numbers):
        repeat_header(row)
    for position, entry in enumerate(ctx.rows, start=1):
        cells = table.add_row().cells
        for index, (text, column) in enumerate(
            zip(tracking_cells(position, entry), columns, strict=True)
        ):
            align = CENTER if column.centred else WD_ALIGN_PARAGRAPH.LEFT
            _line(cells[index], text, size=10, align=align, first=True)
    fix_grid(table, [column.width_mm for column in columns])


# Building blocks for other documents in the same layout (reports/ii06a_docx.py …).
line = _line
repeat_as_header = repeat_header
