"""One layout for every document, Word and PDF alike: the NĐ 30/2020 header block sized to its
text, and table columns sized to theirs.

The header: the quốc hiệu and tiêu ngữ get the width they print at (they never wrap), the issuer
gets the rest; an issuer's line too long for it is broken where NĐ 30's own examples break it
(after "ỦY BAN NHÂN DÂN"), else at the word that balances the two lines, never inside a place name
like "Phú / Mỹ" when a better break exists. Word (word_layout.py) and the PDF (base.html through
the ``nd30_header`` tag) print the same lines in the same column widths.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from motcua.documents.formsets import PageSize
from motcua.documents.measure import longest_word_mm, text_width_mm

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATION_PT, MOTTO_PT, ISSUER_PT = 12.5, 13.5, 13
CELL_PADDING_MM = 4.0  # Word's default cell margins (1.9 mm a side) and a little air
NATION_ROOM_MM = 5.0  # beside the quốc hiệu (the header's cells have no side margins)
COLLECTIVES = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")


@dataclasses.dataclass(frozen=True)
class HeaderLayout:
    left_mm: float
    right_mm: float
    parent_lines: tuple[str, ...]  # upper case, each printed on its own line
    name_lines: tuple[str, ...]

    @property
    def width_mm(self) -> float:
        return self.left_mm + self.right_mm

    @property
    def left_percent(self) -> float:
        return round(100 * self.left_mm / (self.left_mm + self.right_mm), 2)

    @property
    def right_percent(self) -> float:
        return round(100 - self.left_percent, 2)


def usable_width_mm(page: PageSize) -> float:
    return float(page.width_mm - page.margin_left - page.margin_right)


def _fits(text: str, width_mm: float, bold: bool) -> bool:
    return text_width_mm(text, ISSUER_PT, bold=bold) + CELL_PADDING_MM <= width_mm


def _balanced(words: list[str], width_mm: float, bold: bool) -> list[str]:
    """Two lines with the narrowest longer line; greedy lines if two are not enough."""
    best: tuple[float, list[str]] | None = None
    for cut in range(1, len(words)):
        lines = [" ".join(words[:cut]), " ".join(words[cut:])]
        widest = max(text_width_mm(line, ISSUER_PT, bold=bold) for line in lines)
        fits = all(_fits(line, width_mm, bold) for line in lines)
        if fits and (best is None or widest < best[0]):
            best = (widest, lines)
    if best is not None:
        return best[1]
    greedy: list[str] = []
    for word in words:
        if greedy and _fits(f"{greedy[-1]} {word}", width_mm, bold):
            greedy[-1] = f"{greedy[-1]} {word}"
        else:
            greedy.append(word)
    return greedy


def issuer_lines(text: str, width_mm: float, *, bold: bool) -> tuple[str, ...]:
    """The issuer's name in upper case, broken into lines that fit ``width_mm``."""
    lines: list[str] = []
    for raw in text.upper().split("\n"):
        part = " ".join(raw.split())
        if not part or _fits(part, width_mm, bold):
            lines += [part] if part else []
            continue
        prefix = next((p for p in COLLECTIVES if part.startswith(f"{p} ")), "")
        if prefix:
            lines.append(prefix)
            rest = part[len(prefix) + 1 :]
            fits = _fits(rest, width_mm, bold)
            lines += [rest] if fits else _balanced(rest.split(), width_mm, bold)
        else:
            lines += _balanced(part.split(), width_mm, bold)
    return tuple(lines)


def header_layout(page: PageSize, parent_name: str, name: str) -> HeaderLayout:
    """Column widths (mm) and the issuer's lines of the NĐ 30 header on ``page``."""
    usable = usable_width_mm(page)
    nation = max(
        text_width_mm(NATION, NATION_PT, bold=True), text_width_mm(MOTTO, MOTTO_PT, bold=True)
    )
    right = min(nation + NATION_ROOM_MM, usable * 0.62)
    left = usable - right
    if page.landscape:  # room to spare: the issuer's column as wide as its text, up to half
        texts = [line for text in (parent_name, name) for line in text.upper().split("\n")]
        widest = max((text_width_mm(t, ISSUER_PT, bold=True) for t in texts), default=0.0)
        left = min(max(widest + 2 * CELL_PADDING_MM, 70.0), usable / 2)
        right = max(right, min(usable - left, 130.0))
    return HeaderLayout(
        left_mm=round(left, 1),
        right_mm=round(right, 1),
        parent_lines=issuer_lines(parent_name, left, bold=False),
        name_lines=issuer_lines(name, left, bold=True),
    )


def column_widths(
    rows: Sequence[Sequence[str]], total_mm: float, size_pt: float, *, minimum_mm: float = 12.0
) -> tuple[float, ...]:
    """Widths that sum to ``total_mm``, each column as wide as its longest line if they all fit,
    else the room left after every column's longest word shared in proportion to the text."""
    count = len(rows[0])
    full = [minimum_mm] * count
    words = [minimum_mm] * count
    for row in rows:
        for index, text in enumerate(row):
            full[index] = max(full[index], text_width_mm(text, size_pt) + CELL_PADDING_MM)
            words[index] = max(words[index], longest_word_mm(text, size_pt) + CELL_PADDING_MM)
    if sum(full) <= total_mm:
        spare = (total_mm - sum(full)) / count
        return tuple(round(width + spare, 1) for width in full)
    room = max(total_mm - sum(words), 0.0)
    extra = [f - w for f, w in zip(full, words, strict=True)]
    share = sum(extra) or 1.0
    return tuple(round(w + room * e / share, 1) for w, e in zip(words, extra, strict=True))
