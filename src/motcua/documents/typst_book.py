"""The tracking book's PDF through Typst: a province's month is thousands of rows, and WeasyPrint
lays out a row of this table in ≈ 15 ms where Typst takes ≈ 1 ms (docs/performance.md, "Prints").

The layout is base.html + forms.css + tracking_book.html written again in Typst
(templates/documents/tracking_book.typ): the same NĐ 30 header, title, columns and repeated
header rows, in the same Liberation Serif. The data goes in as one JSON string and every text is
printed as a string, so nothing a person typed is read as markup. Each book is compiled in a
child process (typst_worker.py), which gives back the memory Typst keeps after a compile.
Reprints are identical: the PDF's date is the book's ``issued_on``, and Typst derives its
document identifier from the document itself.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

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
CELL_SIDES_MM = 2 * 2.3 * MM_PER_PT  # 2 pt of padding and half the 0.6 pt rule, each side
WIDEST_MM = 1.4 * CELL_PT * MM_PER_PT  # no letter of Liberation Serif is wider than 1.4 em
ZERO_WIDTH_SPACE = "\u200b"
SOURCE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the motcua package
TIMEOUT_S = 1800  # a province's month, tens of thousands of rows, takes tens of seconds


def _fonts() -> list[str]:
    """The Liberation Serif WeasyPrint prints with (fontconfig's choice), alone: the older
    Liberation 1.x beside it lacks most Vietnamese letters (ẫ, ố, ư)."""
    folders = [str(f) for f in FONT_FOLDERS if (f / "LiberationSerif-Regular.ttf").exists()]
    return folders[:1]


def _pieces(word: str, room: float) -> str:
    """``word`` cut where a line of ``room`` mm is full, with a zero-width space: the break
    CSS's ``overflow-wrap: anywhere`` makes, and the only characters added to the text."""
    pieces, piece = [], ""
    for char in word:
        if piece and text_width_mm(piece + char, CELL_PT) > room:
            pieces.append(piece)
            piece = ""
        piece += char
    return ZERO_WIDTH_SPACE.join([*pieces, piece])


def _breakable(text: str, width_mm: float) -> str:
    """A word wider than its column breaks where the column is full, as a dossier code in the
    narrow code column does in the HTML layout: Typst would let it run over the next cell."""
    room = width_mm - CELL_SIDES_MM
    words = text.split(" ")
    if all(len(word) * WIDEST_MM <= room for word in words):  # none can be that wide
        return text
    return " ".join(
        _pieces(word, room)
        if len(word) * WIDEST_MM > room and text_width_mm(word, CELL_PT) > room
        else word
        for word in words
    )


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
    job = {
        "template": TEMPLATE.read_text(encoding="utf-8"),
        "data": source,
        "fonts": _fonts(),
        "timestamp": int(created.timestamp()),
    }
    paths = [str(SOURCE_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    done = subprocess.run(
        [sys.executable, "-m", "motcua.documents.typst_worker"],
        input=json.dumps(job, ensure_ascii=False).encode(),
        capture_output=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
        timeout=TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"typst: {done.stderr.decode(errors='replace')[-2000:]}")
    return done.stdout
