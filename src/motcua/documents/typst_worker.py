"""One Typst compile in a process of its own (``python -m motcua.documents.typst_worker``, run by
typst_book.py): Typst keeps what it laid out for its next ten compiles (≈ 165 kB a tracking-book
row, 3 GB after ten books of 2 000 rows) in the process that compiled; a child that exits gives
it all back. Reads a JSON job on stdin, writes the PDF on stdout; imports nothing of ours."""

from __future__ import annotations

import json
import sys
from typing import Any

import typst


def compile_pdf(job: dict[str, Any]) -> bytes:
    """``job``: the template's text, its ``data`` (sys.inputs.data), the font folders and the
    PDF's date (Unix seconds)."""
    fonts = [str(folder) for folder in job["fonts"]]
    compiler = typst.Compiler(font_paths=fonts, ignore_system_fonts=bool(fonts))
    pdf = compiler.compile(
        str(job["template"]).encode(),
        format="pdf",
        sys_inputs={"data": str(job["data"])},
        timestamp=int(job["timestamp"]),
    )
    assert isinstance(pdf, bytes)
    return pdf


if __name__ == "__main__":
    try:
        sys.stdout.buffer.write(compile_pdf(json.loads(sys.stdin.buffer.read())))
    except typst.TypstError as error:  # the diagnostic, without this module's traceback
        sys.exit(str(error))
