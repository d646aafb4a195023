"""The visible stamp on an electronic result: a QR code to the verification page and a few lines.

pyHanko's own text stamps only use the standard PDF fonts (no Vietnamese letters without the
optional HarfBuzz dependency), so the stamp is a small page rendered by WeasyPrint (Liberation
Sans, the QR as vector SVG), drawn onto the last page of the document as a form XObject, with a
link annotation on it. It is added before signing, so the signature covers it.
"""

from __future__ import annotations

import binascii
import hashlib
import io
from typing import Any

import segno
from django.utils.html import escape
from pyhanko.pdf_utils import content, generic, layout
from pyhanko.pdf_utils.generic import pdf_name, pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.stamp import StaticContentStamp, StaticStampStyle
from weasyprint import HTML

from motcua.domain.text import nfc

MM = 72 / 25.4
STAMP_WIDTH_MM, STAMP_HEIGHT_MM = 105, 27
# Bottom-left of the last page, inside NĐ 30/2020's left margin (30 mm) and above the bottom
# edge. A result rendered by motcua keeps this band free; an uploaded PDF may be overprinted
# there, so officers leave the band empty on the documents they upload (docs/results.md).
STAMP_X_MM, STAMP_Y_MM = 30, 8

_STAMP_CSS = f"""
@page {{ size: {STAMP_WIDTH_MM}mm {STAMP_HEIGHT_MM}mm; margin: 0; }}
body {{ margin: 0; font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 7.4pt;
  line-height: 1.25; color: #0b2e6b; }}
table {{ width: {STAMP_WIDTH_MM}mm; height: {STAMP_HEIGHT_MM}mm; border-collapse: collapse;
  border: 0.6pt solid #0b2e6b; }}
td {{ vertical-align: middle; padding: 0.8mm 1.2mm; }}
td.qr {{ width: 25mm; padding: 0.5mm; }}
img {{ width: 25mm; height: 25mm; display: block; }}
.first {{ font-weight: bold; }}
.url {{ word-break: break-all; font-size: 6.6pt; }}
"""


def render_stamp(lines: list[str], url: str) -> bytes:
    """The stamp as a one-page PDF: the QR (level M) of `url`, the lines, then the address."""
    qr = segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=1)
    text = "".join(
        f'<div class="{"first" if index == 0 else "line"}">{escape(line)}</div>'
        for index, line in enumerate(lines)
    )
    html = (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>{_STAMP_CSS}'
        f'</style></head><body><table><tr><td class="qr"><img src="{qr}" alt="QR"></td><td>'
        f'{text}<div class="url">{escape(url)}</div></td></tr></table></body></html>'
    )
    identifier = hashlib.sha256(url.encode()).hexdigest()[:32].encode("ascii")
    pdf = HTML(string=nfc(html)).write_pdf(pdf_identifier=identifier)
    assert isinstance(pdf, bytes)
    return pdf


class _ImportedStamp(content.PdfContent):
    """The stamp page as a form XObject (pyHanko's ImportedPdfPage reads from a file name)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        super().__init__()

    def render(self) -> bytes:
        writer = self._ensure_writer
        xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.data)), page_ix=0)
        name = "/Stamp" + binascii.hexlify(hashlib.sha256(self.data).digest()[:8]).decode()
        self.resources.xobject[name] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name.encode("ascii") + b" Do"


def place_stamp(writer: IncrementalPdfFileWriter, stamp_pdf: bytes, url: str) -> None:
    """Draw the stamp on the last page and make it a link to `url`."""
    last_page = int(writer.root["/Pages"]["/Count"]) - 1
    style = StaticStampStyle(
        background=_ImportedStamp(stamp_pdf), border_width=0, background_opacity=1.0
    )
    box = layout.BoxConstraints(width=STAMP_WIDTH_MM * MM, height=STAMP_HEIGHT_MM * MM)
    stamp = StaticContentStamp(writer=writer, style=style, box=box)
    x, y = round(STAMP_X_MM * MM), round(STAMP_Y_MM * MM)
    page_ref, (width, height) = stamp.apply(last_page, x, y)
    rect = [x, y, x + width, y + height]
    writer.register_annotation(page_ref, writer.add_object(_link(rect, url)))  # type: ignore[no-untyped-call]


def _link(rect: list[float], url: str) -> Any:
    """A URI link annotation over `rect` (pyHanko's generic objects are untyped)."""
    action: Any = generic.DictionaryObject  # untyped constructors, called through Any
    number: Any = generic.NumberObject
    real: Any = generic.FloatObject
    return action(
        {
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/Link"),
            pdf_name("/Rect"): generic.ArrayObject([real(v) for v in rect]),
            pdf_name("/Border"): generic.ArrayObject([number(0)] * 3),
            pdf_name("/A"): action(
                {pdf_name("/S"): pdf_name("/URI"), pdf_name("/URI"): pdf_string(url)}
            ),
        }
    )
