"""How wide a line of Times New Roman prints, to size columns to their text (NĐ 30 header blocks
that never wrap, table columns wide enough for their longest word or line).

Measured with the advance widths of Liberation Serif, which has the metrics of Times New Roman
(the font Word prints with and the one WeasyPrint and LibreOffice use on the server). Without the
font files an average width of half an em per character is used.
"""

from __future__ import annotations

import functools
from pathlib import Path

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from motcua.domain.text import nfc

MM_PER_PT = 25.4 / 72
FONT_FOLDERS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)
STYLES = {
    (False, False): "Regular",
    (True, False): "Bold",
    (False, True): "Italic",
    (True, True): "BoldItalic",
}


@functools.cache
def _advances(bold: bool, italic: bool) -> tuple[dict[int, int], int] | None:
    """Advance width of every character (font units) and the units per em, or None."""
    for folder in FONT_FOLDERS:
        path = folder / f"LiberationSerif-{STYLES[bold, italic]}.ttf"
        if path.exists():
            with TTFont(str(path)) as font:
                metrics = font["hmtx"].metrics
                widths = {code: metrics[name][0] for code, name in font.getBestCmap().items()}
                return widths, int(font["head"].unitsPerEm)
    return None


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Printed width of one line of ``text`` at ``size_pt`` (no wrapping), in millimetres."""
    found = _advances(bold, italic)
    if found is None:
        return len(nfc(text)) * size_pt * 0.5 * MM_PER_PT
    widths, per_em = found
    average = per_em // 2
    units = sum(widths.get(ord(character), average) for character in nfc(text))
    return units / per_em * size_pt * MM_PER_PT


def widest_line_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The widest of the text's lines (it may hold line breaks)."""
    return max(text_width_mm(part, size_pt, bold=bold) for part in text.split("\n"))


def longest_word_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    words = text.split() or [""]
    return max(text_width_mm(word, size_pt, bold=bold) for word in words)
