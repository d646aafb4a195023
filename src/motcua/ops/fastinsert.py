"""Bulk inserts of model instances with one executemany: the values prepared as Django would
(each field's own get_db_prep_save, through a converter chosen once per column, not per value).

Used by the synthetic-data generator only; primary keys are given by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    internal = field.get_internal_type()
    if isinstance(field, models.ForeignKey) or internal in (
        "CharField",
        "BooleanField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "IntegerField",
        "BigIntegerField",
        "BigAutoField",
        "AutoField",
        "TextField",
        "EmailField",
    ):
        return lambda value: value
    if internal == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if internal == "DateField":
        return connection.ops.adapt_datefield_value
    return lambda value: field.get_db_prep_save(value, connection)


def insert(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """INSERT every object (all concrete columns, primary key included) in one executemany."""
    if not objects:
        return
    fields = list(model._meta.concrete_fields)
    convert = [(f.attname, _converter(f), f) for f in fields]
    rows = []
    for obj in objects:
        row = []
        for attname, conv, field in convert:
            value = getattr(obj, attname)
            if value is None and field.has_default() and not field.null:
                value = field.get_default()
            if isinstance(field, models.FileField):
                value = str(value or "")
            row.append(None if value is None else conv(value))
        rows.append(row)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


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


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT prepared rows (values already adapted for the database) in one executemany."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
        cursor.executemany(sql, rows)
