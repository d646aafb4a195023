"""Render the official forms: PDF through Django templates and WeasyPrint, DOCX and XLSX for the
forms officials edit (word.py, excel.py; re-exported here).

Reprints must be identical, so nothing here reads the clock or draws a random id: the PDF's
creation date is the form's ``issued_on``, its file identifier a hash of what the form is about,
and the fonts are subset deterministically by WeasyPrint. The same context on the same machine
(same WeasyPrint, Pango and fonts) gives the same bytes; the stored bytes are the record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import segno
from django.template.loader import render_to_string
from weasyprint import HTML

from motcua.documents.context import (
    ApologyContext,
    ControlSlipContext,
    DossierForm,
    FeeReceiptContext,
    FormContext,
    ReceiptContext,
    StopContext,
    TrackingBookContext,
    check_context,
)
from motcua.documents.excel import render_tracking_book_xlsx
from motcua.documents.formatting import place_and_date, recipients_lines
from motcua.documents.formsets import A5_LANDSCAPE, FormDefinition, PageSize
from motcua.documents.signature import signature_block
from motcua.documents.typst_book import render_tracking_book_pdf
from motcua.documents.word import render_docx
from motcua.documents.wording import (
    CONTROL_SLIP_NOTES,
    TRACKING_COLUMNS,
    desk_label,
    letter_paragraphs,
    receipt_notes,
    tracking_cells,
    tracking_header_top,
    tracking_period,
)
from motcua.domain.text import nfc
from motcua.domain.vnformat import format_money

__all__ = [
    "FEE_RECEIPT_PAGE",
    "render_docx",
    "render_fee_receipt_pdf",
    "render_html",
    "render_pdf",
    "render_template_pdf",
    "render_tracking_book_xlsx",
]

FEE_RECEIPT_PAGE = A5_LANDSCAPE
DENSITIES = ("", "compact", "dense")  # forms.css: body.compact, body.dense
FEE_RECEIPT_TITLE = "Biên lai thu phí, lệ phí"


def qr_data_uri(text: str) -> str:
    """A QR code (level M) of ``text`` as an SVG data URI: vector, so it prints sharp."""
    return str(segno.make(text, error="m", micro=False).svg_data_uri(scale=4, border=4))


def _created(day: dt.date) -> str:
    """W3C date for the PDF's CreationDate/ModDate: the form's own date, never now()."""
    return f"{day.isoformat()}T00:00:00+07:00"


def _page_data(
    *,
    heading: str,
    caption: str,
    legal_reference: str,
    page: PageSize,
    ctx: FormContext | FeeReceiptContext,
    dossier_code: str,
) -> dict[str, Any]:
    return {
        "heading": heading,
        "caption": caption,
        "legal_reference": legal_reference,
        "page": page,
        "agency": ctx.agency,
        "dossier_code": dossier_code,
        "place_date": place_and_date(ctx.agency.place_name, ctx.issued_on),
        "created": _created(ctx.issued_on),
        "ctx": ctx,
    }


def _form_data(form: FormDefinition, ctx: FormContext) -> dict[str, Any]:
    data = _page_data(
        heading=form.heading,
        caption=form.caption,
        legal_reference=form.legal_reference,
        page=form.page,
        ctx=ctx,
        dossier_code=ctx.dossier_code if isinstance(ctx, DossierForm) else "",
    )
    data["desk"] = desk_label(form)
    if isinstance(ctx, ReceiptContext):
        data["qr"] = qr_data_uri(ctx.status_url)
        data["notes"] = receipt_notes(form)
    elif isinstance(ctx, ApologyContext | StopContext):
        data["paragraphs"] = letter_paragraphs(form, ctx)
        data["signature"] = signature_block(ctx.agency.name, ctx.signer_title, ctx.signer_name)
        data["recipients"] = recipients_lines(ctx.recipients)
    elif isinstance(ctx, ControlSlipContext):
        blank = {"from_unit": "", "to_unit": "", "at": None, "result": "", "note": ""}
        data["rows"] = list(ctx.rows) + [blank] * max(0, ctx.min_rows - len(ctx.rows))
        data["notes"] = CONTROL_SLIP_NOTES
    elif isinstance(ctx, TrackingBookContext):
        data.update(_tracking_data(ctx))
    return data


def _tracking_data(ctx: TrackingBookContext) -> dict[str, Any]:
    rows = [
        [
            {"text": text, "centred": column.centred}
            for text, column in zip(tracking_cells(index, row), TRACKING_COLUMNS, strict=True)
        ]
        for index, row in enumerate(ctx.rows, start=1)
    ]
    return {
        "columns": TRACKING_COLUMNS,
        "header_top": tracking_header_top(),
        "rows": rows,
        "period": tracking_period(ctx.period_from, ctx.period_to),
    }


def _pdf(html: str, identity: str) -> bytes:
    return _written(HTML(string=nfc(html)).render(), identity)


def _written(document: Any, identity: str) -> bytes:
    # pdf_identifier: a stable first /ID entry (pydyf adds the content hash as the second one).
    identifier = hashlib.sha256(identity.encode()).hexdigest()[:32].encode("ascii")
    pdf = document.write_pdf(pdf_identifier=identifier)
    assert isinstance(pdf, bytes)
    return pdf


def render_template_pdf(template: str, data: dict[str, Any], identity: str) -> bytes:
    """Any document template extending documents/base.html (the reports) as reproducible PDF."""
    return _pdf(nfc(render_to_string(template, data)), identity)


def render_html(form: FormDefinition, context: FormContext, density: str = "") -> str:
    """The HTML behind the PDF (NFC): for previews in the browser. ``density`` "compact" or
    "dense" tightens the type and the gaps (forms.css) for a form that must fit one page."""
    check_context(form, context)
    data = _form_data(form, context)
    data["density"] = density
    return nfc(render_to_string(form.template, data))


def render_pdf(form: FormDefinition, context: FormContext) -> bytes:
    """The form as PDF bytes, ready to store unchanged and reprint identically.

    Every form but the tracking book is one sheet: a long one (many components, notes and the
    QR code) is set tighter until it fits; the same context always gives the same choice. The
    tracking book, thousands of rows, is set by Typst in the same layout (typst_book.py)."""
    if isinstance(context, TrackingBookContext):
        check_context(form, context)
        return render_tracking_book_pdf(form, context)
    code = context.dossier_code if isinstance(context, DossierForm) else context.unit_name
    identity = f"{form.key}|{code}|{context.issued_on.isoformat()}"
    for density in DENSITIES:
        document = HTML(string=render_html(form, context, density)).render()
        if len(document.pages) == 1:
            break
    return _written(document, identity)


def render_fee_receipt_pdf(ctx: FeeReceiptContext) -> bytes:
    """Biên lai thu phí, lệ phí on A5 landscape: lines, total in figures and in words, method."""
    data = _page_data(
        heading=FEE_RECEIPT_TITLE.upper(),
        caption="",
        legal_reference=FEE_RECEIPT_TITLE,
        page=FEE_RECEIPT_PAGE,
        ctx=ctx,
        dossier_code=ctx.dossier_code,
    )
    data["lines"] = [
        {
            "description": line.description,
            "quantity_note": line.quantity_note,
            "kind": line.kind,
            "amount_text": format_money(line.amount),
        }
        for line in ctx.lines
    ]
    html = nfc(render_to_string("documents/fee_receipt.html", data))
    return _pdf(html, f"fee|{ctx.series}|{ctx.receipt_number}|{ctx.issued_on.isoformat()}")
