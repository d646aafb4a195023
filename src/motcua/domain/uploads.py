"""Checks of uploaded files: type by content (magic bytes), size, and a safe stored name."""

from __future__ import annotations

import re
import unicodedata

MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
}


class UploadError(ValueError):
    """A file that is refused; the message is Vietnamese."""


def check_upload(head: bytes, size: int, *, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """(content type, extension) from the first bytes, or UploadError. The name is not trusted."""
    if size == 0:
        raise UploadError("Tệp rỗng, không có nội dung.")
    if size > max_bytes:
        raise UploadError(f"Tệp quá lớn: tối đa {max_bytes // (1024 * 1024)} MB.")
    for magic, kind in SIGNATURES.items():
        if head.startswith(magic):
            return kind
    raise UploadError("Chỉ nhận tệp PDF, PNG hoặc JPEG (kiểm tra theo nội dung tệp).")


def safe_name(name: str, extension: str) -> str:
    """A harmless file name: no path, ASCII letters/digits/dashes, the checked extension."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    base = unicodedata.normalize("NFD", base.replace("đ", "d").replace("Đ", "D"))
    base = re.sub(r"[^A-Za-z0-9]+", "-", base.encode("ascii", "ignore").decode()).strip("-")
    return (base[:60] or "tep") + extension
