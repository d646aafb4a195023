"""The one path converter for database ids: `<id:pk>` in every URL that names a row.

Django's `<int:...>` matches any run of digits, and `99999999999999999999` then reaches the
database: SQLite raises OverflowError and PostgreSQL "value out of range for type bigint" — a
500. This converter matches only ids a bigint column can hold (1 … 2⁶³−1); anything else does
not match the route at all, so the answer is the ordinary 404. Registered once, in
CoreConfig.ready(), before any URLconf is read; the API uses it too (`{id:dossier_id}`).
"""

from __future__ import annotations

MAX_ID = 2**63 - 1


def parse_id(value: object) -> int | None:
    """A form or query value as a row id, or None when it cannot be one (not digits, 0, too big)."""
    text = str(value).strip() if value is not None else ""
    if not text.isascii() or not text.isdigit() or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # Django: the route does not match → 404
        return number

    def to_url(self, value: int | str) -> str:
        return str(int(value))
