"""Checking a citizen's file completely before anything is stored (domain/uploads.py rules)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import IO

from django.conf import settings

from motcua.domain.uploads import (
    UploadError,
    check_extension,
    check_name,
    check_upload,
    safe_name,
)


def max_upload_bytes() -> int:
    """The size limit of one file: setting MOTCUA_UPLOAD_MAX_BYTES (default 10 MB)."""
    return int(settings.MOTCUA_UPLOAD_MAX_BYTES)


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed every check, held in memory until it is stored."""

    original_name: str
    stored_name: str
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def check_file(name: str, stream: IO[bytes], size: int | None = None) -> CheckedFile:
    """Name, size and content checked; UploadError (Vietnamese) otherwise. Nothing is written."""
    limit = max_upload_bytes()
    check_name(name)
    content = stream.read(limit + 1)
    if size is not None and size > limit:
        raise UploadError(f"Tệp quá lớn: tối đa {limit // (1024 * 1024)} MB.")
    content_type, extension = check_upload(content[:16], len(content), max_bytes=limit)
    check_extension(name, extension)
    return CheckedFile(name, safe_name(name, extension), content_type, content)


__all__ = ["CheckedFile", "UploadError", "check_file", "max_upload_bytes"]
