"""Vietnamese text helpers: NFC normalisation and diacritic folding for search."""

from __future__ import annotations

import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(value: str) -> str:
    """Stored text is always NFC: the same word typed on two keyboards compares equal."""
    return unicodedata.normalize("NFC", value)


def fold(value: str) -> str:
    """Lower-case, strip diacritics (đ → d), collapse spaces.

    "Đăng ký  KHAI SINH" → "dang ky khai sinh".

    Used for the stored, indexed search columns: SQLite's lower() and LIKE are ASCII-only.
    """
    decomposed = unicodedata.normalize("NFD", value.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.casefold().split())
