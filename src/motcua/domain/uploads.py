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


MAX_NAME_LENGTH = 150
# Bidirectional overrides and isolates ("a\u202egnp.exe" shows as "aexe.png"), zero-width marks.
_INVISIBLE = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}
_INVISIBLE |= {"\u200b", "\u200c", "\u200d", "\ufeff"}


def check_name(name: str) -> str:
    """Refuse a file name that hides what it is or where it goes; return it unchanged.

    Path parts ("../../etc/passwd", "C:\\x"), control characters, right-to-left overrides and
    names longer than MAX_NAME_LENGTH characters are refused, not silently repaired: the citizen
    sees why and chooses another file.
    """
    if not name or not name.strip():
        raise UploadError("Tệp không có tên.")
    if len(name) > MAX_NAME_LENGTH:
        raise UploadError(f"Tên tệp quá dài: tối đa {MAX_NAME_LENGTH} ký tự.")
    if "/" in name or "\\" in name or name.strip().startswith(".") or ":" in name:
        raise UploadError(
            "Tên tệp không được chứa đường dẫn (/, \\, :) hoặc bắt đầu bằng dấu chấm."
        )
    if any(ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cf") for ch in name):
        raise UploadError("Tên tệp chứa ký tự ẩn hoặc ký tự đảo chiều, không được chấp nhận.")
    return name


_EXTENSIONS = {".pdf": ".pdf", ".png": ".png", ".jpg": ".jpg", ".jpeg": ".jpg"}


def check_extension(name: str, extension: str) -> None:
    """The name's extension must say what the content is (".jpeg" counts as ".jpg").

    The content decides the type; a name that claims another type ("agnp.exe", a bare "passwd")
    is refused so that nobody downstream is misled by it.
    """
    dot = name.rfind(".")
    claimed = _EXTENSIONS.get(name[dot:].lower()) if dot > 0 else None
    if claimed != extension:
        raise UploadError(
            f"Tên tệp phải có đuôi {extension} khớp với nội dung tệp (PDF, PNG hoặc JPEG)."
        )
