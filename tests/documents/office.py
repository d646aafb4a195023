"""LibreOffice and poppler for the layout tests: our .docx/.xlsx through `soffice --headless
--convert-to pdf`, then the pages as text (`pdftotext -layout`) and as PNGs (`pdftoppm`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "layout"
HAVE_SOFFICE = shutil.which("soffice") is not None


def libreoffice_pdfs(files: dict[str, bytes]) -> dict[str, bytes]:
    """{"name.docx": bytes, …} → {"name.docx": the PDF LibreOffice prints}, in one soffice run."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        sources = []
        for name, data in files.items():
            source = root / name.replace(".", "-", 1)  # a.docx and a.xlsx print to two PDFs
            source = source.with_name(f"{source.name}.{Path(name).suffix[1:]}")
            source.write_bytes(data)
            sources.append(str(source))
        env = {**os.environ, "HOME": str(root)}
        command = ["soffice", f"-env:UserInstallation=file://{root}/profile", "--headless"]
        command += ["--convert-to", "pdf", "--outdir", str(root / "out"), *sources]
        subprocess.run(command, check=True, capture_output=True, timeout=300, env=env)
        return {
            name: (root / "out" / f"{Path(source).stem}.pdf").read_bytes()
            for name, source in zip(files, sources, strict=True)
        }


def pages(pdf: bytes) -> list[str]:
    """The text of each page, laid out as printed (`pdftotext -layout`)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        args = ["pdftotext", "-layout", str(path), "-"]
        text = subprocess.run(args, capture_output=True, check=True, text=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def page_count(pdf: bytes) -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    for line in out.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo printed no page count")


def save_pngs(pdf: bytes, name: str, resolution: int = 50) -> list[Path]:
    """Every page as test-output/layout/<name>-N.png (and the PDF), for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob(f"{name}-*.png"):
        old.unlink()
    (SHOTS / f"{name}.pdf").write_bytes(pdf)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        args = ["pdftoppm", "-r", str(resolution), "-png", str(path), str(SHOTS / name)]
        subprocess.run(args, check=True)
    return sorted(SHOTS.glob(f"{name}-*.png"))


def page_of(texts: list[str], needle: str, *, last: bool = False) -> int:
    """The (0-based) page whose text holds ``needle`` (whitespace collapsed); -1 if none."""
    wanted = " ".join(needle.split())
    found = [i for i, text in enumerate(texts) if wanted in " ".join(text.split())]
    if not found:
        return -1
    return found[-1] if last else found[0]


def on_one_line(texts: list[str], needle: str) -> bool:
    """Some printed line holds the whole of ``needle`` (single spaces or a column gap inside)."""
    return any(needle in " ".join(line.split()) for text in texts for line in text.splitlines())
