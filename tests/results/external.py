"""Independent verifiers of a signed PDF: poppler's pdfsig, OpenSSL and endesive.

They read the file itself (the /ByteRange and /Contents of its last signature), not our objects.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

from asn1crypto import cms  # type: ignore[import-untyped]

_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")


def last_signature(data: bytes) -> tuple[bytes, bytes]:
    """(the CMS signature in DER, the bytes it signs) of the file's last signature."""
    start, first, second, length = (int(n) for n in _BYTE_RANGE.findall(data)[-1])
    contents = data[start + first : second].strip()
    assert contents.startswith(b"<")
    assert contents.endswith(b">")
    signed = data[start : start + first] + data[second : second + length]
    loose = cms.ContentInfo.load(bytes.fromhex(contents[1:-1].decode()), strict=False)
    return loose.dump(force=True), signed


def timestamp_token(signature: bytes) -> tuple[bytes, bytes]:
    """(the RFC 3161 token among the signature's unsigned attributes, the value it stamps)."""
    signer = cms.ContentInfo.load(signature)["content"]["signer_infos"][0]
    for attribute in signer["unsigned_attrs"]:
        if attribute["type"].native == "signature_time_stamp_token":
            token: bytes = attribute["values"][0].dump()
            return token, signer["signature"].native
    raise AssertionError("the signature carries no timestamp token")


def run(*command: str | Path) -> str:
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, check=False)
    return f"exit={done.returncode}\n{done.stdout}\n{done.stderr}"


def endesive_pdf() -> ModuleType:
    """endesive.pdf, imported with oscrypto 1.3.0's reading of the OpenSSL version fixed.

    oscrypto 1.3.0 (used by endesive through certvalidator) cannot read "OpenSSL 3.0.19": its
    pattern wants one digit after the second dot. The pattern is widened for this one import,
    as oscrypto's own later code does."""
    narrow, wider = "\\b(\\d\\.\\d\\.\\d[a-z]*)\\b", "\\b(\\d\\.\\d\\.\\d+[a-z]*)\\b"
    search = re.search

    def wide(pattern: Any, string: Any, flags: Any = 0) -> Any:
        return search(wider if pattern == narrow else pattern, string, flags)

    re.search = wide
    try:
        import oscrypto._openssl._libcrypto  # type: ignore[import-untyped]  # noqa: F401
    finally:
        re.search = search
    import endesive.pdf  # type: ignore[import-untyped]

    return endesive.pdf  # type: ignore[no-any-return]
