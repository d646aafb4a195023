"""The tracking book's PDF through Typst: a province's month is thousands of rows, and WeasyPrint
lays out a row of this table in ≈ 15 ms where Typst takes ≈ 1 ms (docs/performance.md, "Prints").

The layout is base.html + forms.css + tracking_book.html written again in Typst
(templates/documents/tracking_book.typ): the same NĐ 30 header, title, columns and repeated
header rows, in the same Liberation Serif. The data goes in as one JSON string and every text is
printed as a string, so nothing a person typed is read as markup. Reprints are identical: the
PDF's date is the book's ``issued_on``, and Typst derives its document identifier from the
document itself.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from functools import cache
from pathlib import Path
from typing import Any

import typst

from motcua.documents.context import TrackingBookContext
from motcua.documents.formatting import place_and_date
from motcua.documents.formsets import FormDefinition
from motcua.documents.layout import MOTTO, NATION, header_layout
from motcua.documents.measure import FONT_FOLDERS, MM_PER_PT, text_width_mm
from motcua.documents.wording import (
    TRACKING_COLUMNS,
    tracking_cells,
    tracking_header_top,
    tracking_period,
)
from motcua.domain.text import nfc

TEMPLATE = Path(__file__).resolve().parent / "templates" / "documents" / "tracking_book.typ"
VIETNAM = dt.timezone(dt.timedelta(hours=7))
CELL_PT = 9.0  # the cells' type size (tracking_book.typ, as forms.css)
CELL_SIDES_MM = 4 * MM_PER_PT  # 2 pt of padding each side
NARROWEST_MM = 0.25 * CELL_PT * MM_PER_PT  # Liberation Serif's narrowest letters are ≥ 0.25 em
ZERO_WIDTH_SPACE = "\u200b"
_lock = threading.Lock()  # one compiler per process; its inputs are set per compile


@cache
def _template() -> bytes:
    return TEMPLATE.read_bytes()


@cache
def _compiler() -> typst.Compiler:
    """Loaded once per process, with the Liberation Serif WeasyPrint prints with (fontconfig's
    choice): the older Liberation 1.x beside it lacks most Vietnamese letters (ẫ, ố, ư)."""
    folders = [str(f) for f in FONT_FOLDERS if (f / "LiberationSerif-Regular.ttf").exists()]
    return typst.Compiler(font_paths=folders[:1], ignore_system_fonts=bool(folders))


def _breakable(text: str, width_mm: float) -> str:
    """A word wider than its column may break anywhere (CSS ``overflow-wrap: anywhere``):
    Typst would let it run over the next cells."""
    room = width_mm - CELL_SIDES_MM
    if len(text) * NARROWEST_MM <= room:  # nothing in it can be that wide
        return text
    words = [
        ZERO_WIDTH_SPACE.join(word) if text_width_mm(word, CELL_PT) > room else word
        for word in text.split(" ")
    ]
    return " ".join(words)


def tracking_book_data(form: FormDefinition, ctx: TrackingBookContext) -> dict[str, Any]:
    """What the Typst template prints: the words and widths of the HTML template."""
    page = form.page
    header = header_layout(page, ctx.agency.parent_name, ctx.agency.name)
    widths = [column.width_mm for column in TRACKING_COLUMNS]
    return {
        "title": form.heading,
        "author": ctx.agency.name,
        "description": form.legal_reference,
        "created": [ctx.issued_on.year, ctx.issued_on.month, ctx.issued_on.day],
        "page": {
            "width": page.width_mm,
            "height": page.height_mm,
            "top": page.margin_top,
            "bottom": page.margin_bottom,
            "left": page.margin_left,
            "right": page.margin_right,
        },
        "caption": form.caption.split("\n") if form.caption else [],
        "issuer": {
            "left": header.left_mm,
            "right": header.right_mm,
            "parent": list(header.parent_lines),
            "name": list(header.name_lines),
        },
        "nation": NATION,
        "motto": MOTTO,
        "number": f"Quyển số: {ctx.volume}" if ctx.volume else "",
        "place_date": place_and_date(ctx.agency.place_name, ctx.issued_on),
        "heading": form.heading,
        "subtitle": [ctx.unit_name, tracking_period(ctx.period_from, ctx.period_to)],
        "columns": [{"width": c.width_mm, "centred": c.centred} for c in TRACKING_COLUMNS],
        "header_top": tracking_header_top(),
        "header_sub": [column.header for column in TRACKING_COLUMNS if column.group],
        "rows": [
            [
                _breakable(text, width)
                for text, width in zip(tracking_cells(index, row), widths, strict=True)
            ]
            for index, row in enumerate(ctx.rows, start=1)
        ],
    }


def render_tracking_book_pdf(form: FormDefinition, ctx: TrackingBookContext) -> bytes:
    """The tracking book as PDF bytes; the same context gives the same bytes."""
    source = nfc(json.dumps(tracking_book_data(form, ctx), ensure_ascii=False))
    created = dt.datetime.combine(ctx.issued_on, dt.time(), tzinfo=VIETNAM)
    with _lock:
        pdf = _compiler().compile(
            _template(), format="pdf", sys_inputs={"data": source}, timestamp=created
        )
    assert isinstance(pdf, bytes)
    return pdf
