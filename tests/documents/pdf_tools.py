"""Poppler helpers for the form tests: text, fonts, metadata, and a module-by-module QR check."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import segno
from weasyprint import HTML

CSS_PX_PER_INCH = 96


def _run(*args: str, data: bytes) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.pdf"
        path.write_bytes(data)
        result = subprocess.run([*args, str(path)], capture_output=True, check=True, text=True)
    return result.stdout


def pdftotext(data: bytes, *, layout: bool = True) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.pdf"
        path.write_bytes(data)
        args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
        return subprocess.run(args, capture_output=True, check=True, text=True).stdout


def flat(text: str) -> str:
    """Whitespace collapsed: phrases that wrap or sit next to another column still match."""
    return " ".join(text.split())


def pdffonts(data: bytes) -> list[dict[str, str]]:
    """Rows of `pdffonts`: name, type, embedded ("yes"/"no")."""
    lines = _run("pdffonts", data=data).splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type [encoding…] emb sub uni object ID: the last five columns are fixed
        rows.append({"name": parts[0], "emb": parts[-5], "uni": parts[-3]})
    return rows


def pdfinfo(data: bytes) -> dict[str, str]:
    info = {}
    for line in _run("pdfinfo", "-isodates", data=data).splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


def png_pages(data: bytes, prefix: Path, resolution: int = 60) -> list[Path]:
    prefix.parent.mkdir(parents=True, exist_ok=True)
    for old in prefix.parent.glob(f"{prefix.name}-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.pdf"
        path.write_bytes(data)
        args = ["pdftoppm", "-r", str(resolution), "-png", str(path), str(prefix)]
        subprocess.run(args, check=True)
    return sorted(prefix.parent.glob(f"{prefix.name}-*.png"))


def _qr_box(html: str) -> tuple[float, float, float]:
    """Position (x, y) and side of the img.qr on page 1, in CSS px (WeasyPrint's layout)."""
    page = HTML(string=html).render().pages[0]
    for box in page._page_box.descendants():
        element = getattr(box, "element", None)
        is_img = getattr(box, "element_tag", None) == "img"
        if is_img and element is not None and element.get("class") == "qr":
            return box.content_box_x(), box.content_box_y(), box.width
    raise AssertionError("no img.qr on page 1")


def _gray_crop(data: bytes, x: int, y: int, side: int, resolution: int) -> tuple[int, bytes]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "form.pdf"
        path.write_bytes(data)
        out = Path(folder) / "crop"
        args = ["pdftoppm", "-r", str(resolution), "-gray", "-singlefile", "-f", "1", "-l", "1"]
        args += ["-x", str(x), "-y", str(y), "-W", str(side), "-H", str(side)]
        subprocess.run([*args, str(path), str(out)], check=True)
        raw = (Path(folder) / "crop.pgm").read_bytes()
    magic, width, height, maxval, pixels = raw.split(maxsplit=4)
    assert (magic, int(width), int(height), maxval) == (b"P5", side, side, b"255")
    return side, pixels


def printed_qr_matches(pdf: bytes, html: str, text: str, border: int = 4) -> bool:
    """Sample the centre of every module of the printed QR and compare with the QR of ``text``.

    Independent of a decoder: if every dark/light module matches segno's matrix for ``text``,
    the printed code encodes ``text``.
    """
    resolution = 300
    scale = resolution / CSS_PX_PER_INCH
    x, y, side = (value * scale for value in _qr_box(html))
    left, top = int(x), int(y)
    size, pixels = _gray_crop(pdf, left, top, int(side) + 2, resolution)
    expected = segno.make(text, error="m", micro=False).matrix
    modules = len(expected) + 2 * border
    module = side / modules
    for row, values in enumerate(expected):
        for column, dark in enumerate(values):
            px = int(x - left + (column + border + 0.5) * module)
            py = int(y - top + (row + border + 0.5) * module)
            if (pixels[py * size + px] < 128) != bool(dark):
                return False
    return True
