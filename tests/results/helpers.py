"""pyHanko's own validation, used by the tests as an independent check of the signed files."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from motcua.results.models import IssuedResult


def stored(result: IssuedResult) -> bytes:
    with result.file.open("rb") as handle:
        data: bytes = handle.read()
    return data


def pyhanko_status(data: bytes, root_pem: Path) -> Any:
    context = ValidationContext(
        trust_roots=[load_cert_from_pemder(str(root_pem))],  # type: ignore[no-untyped-call]
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[-1]
    return validate_pdf_signature(signature, context)


def pdf_text(data: bytes) -> str:
    output = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(output.stdout.decode().split())


def flipped(data: bytes, position: int) -> bytes:
    changed = bytearray(data)
    changed[position] ^= 0x01
    return bytes(changed)
