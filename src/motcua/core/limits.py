"""What a row can hold: a text longer than its column is refused before the write, in Vietnamese.

PostgreSQL raises DataError for a too-long varchar (a 500); SQLite stores it. Services call
`too_long(instance)` on the rows they are about to save and raise their own error with the message
(found while extending the API fuzzer, tests/reliability/test_api_fuzz.py; tests in
tests/test_api_limits.py).
"""

from __future__ import annotations

from django.db import models
from django.utils.text import capfirst


def too_long(instance: models.Model) -> str | None:
    """The Vietnamese message for the first text field longer than its column, or None."""
    for field in instance._meta.concrete_fields:
        limit = getattr(field, "max_length", None)
        value = getattr(instance, field.attname, None)
        if limit and isinstance(value, str) and len(value) > limit:
            return f"{capfirst(str(field.verbose_name))} dài quá {limit} ký tự."
    return None
