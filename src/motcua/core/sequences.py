"""Gapless counters: dossier codes (a day's numbers per agency), fee receipts (a year's numbers
per unit) and the certification book (a year's numbers per unit) draw their numbers here.

A counter is a row with a `last` column, unique by its key. The next number is taken in the
caller's transaction under the row's lock, so a number is never given twice (also with several
processes) and a rolled-back act gives its number back (no gap):
- PostgreSQL (and SQLite ≥ 3.35): one `UPDATE … SET last = last + 1 … RETURNING last`, which
  locks the row as SELECT … FOR UPDATE would;
- the key's first number: the row is created (`ignore_conflicts`: a concurrent first is
  harmless), locked with SELECT … FOR UPDATE and incremented. On SQLite the IMMEDIATE
  transaction holds the database's write lock throughout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, models, transaction


def _increment(model: type[models.Model], key: dict[str, Any]) -> int | None:
    """The next number in one statement, or None when the key has no row yet (or the engine
    cannot UPDATE … RETURNING)."""
    if not connection.features.can_return_columns_from_insert:  # SQLite before 3.35
        return None
    quote = connection.ops.quote_name
    where, values = [], []
    for name, value in key.items():
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)
        where.append(f"{quote(field.column)} = %s")
        values.append(field.get_db_prep_value(getattr(value, "pk", value), connection))
    table, last = quote(model._meta.db_table), quote("last")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {last} = {last} + 1 "  # noqa: S608
            f"WHERE {' AND '.join(where)} RETURNING {last}",
            values,
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def next_number(
    model: type[models.Model], *, start: Callable[[], int] | None = None, **key: Any
) -> int:
    """The next number of the counter `model` keyed by `key` (1 for a new key, or `start()` + 1:
    numbers already used elsewhere, e.g. imported dossiers). Must run inside the act's
    transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("gapless numbers are drawn inside the act's transaction")
    number = _increment(model, key)
    if number is not None:
        return number
    manager: Any = model._default_manager
    manager.bulk_create([model(**key, last=start() if start else 0)], ignore_conflicts=True)
    counter = manager.select_for_update().get(**key)
    counter.last += 1
    counter.save(update_fields=["last"])
    return int(counter.last)
