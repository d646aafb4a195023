"""Bulk loading of prepared rows for the synthetic-data generator: `COPY … FROM STDIN` on
PostgreSQL (psycopg 3 `cursor.copy`), one `executemany` INSERT on SQLite.

Rows are tuples or lists of values the database takes as they are: str, int, bool, None, dates,
datetimes (PostgreSQL: aware; SQLite: the naive-UTC text Django stores), JSON as its text.
`RowTemplate` gives a model's full row with every column's default as Django would write it, so
the generator only sets the columns it knows. Primary keys are given by the caller.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def _default(field: models.Field[Any, Any]) -> Any:
    """The value Django would write for a field left at its default."""
    value = field.get_default()  # "" for text columns without a default, as Django saves them
    if isinstance(field, models.FileField):
        return str(value or "")
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    return value


class RowTemplate:
    """A model's columns, and a row holding every column's default value."""

    def __init__(self, model: type[models.Model]) -> None:
        fields = list(model._meta.concrete_fields)
        self.table = model._meta.db_table
        self.columns = tuple(f.column for f in fields)
        self.defaults = [_default(f) for f in fields]
        self.position = {f.attname: i for i, f in enumerate(fields)}

    def positions(self, *attnames: str) -> tuple[int, ...]:
        return tuple(self.position[a] for a in attnames)


def copy_in(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Load `rows` into `table` (in the caller's transaction). Returns the number of rows."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    count = 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        return count
    rows = list(rows)
    if rows:
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    return len(rows)


def next_id(model: type[models.Model]) -> int:
    last = model._default_manager.aggregate(m=models.Max("pk"))["m"]
    return int(last or 0) + 1


def reset_sequences(*model_list: type[models.Model]) -> None:
    """PostgreSQL: move the id sequences past the ids given by hand (SQLite needs nothing)."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(model_list))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
