"""Plain SQL for the few hot aggregate reads where building the ORM query cost more than
running it (the QĐ 766 index and the dashboard: docs/performance.md). The same statement runs
on SQLite and PostgreSQL; parameters go through the driver, never into the text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection


def marks(values: Sequence[Any]) -> str:
    """ "%s, %s, …" for an IN list of `values` (must not be empty)."""
    if not values:
        raise ValueError("an IN list needs at least one value")
    return ", ".join(["%s"] * len(values))


def moment(value: dt.datetime) -> Any:
    """An aware datetime as the engine stores it (SQLite: UTC text; PostgreSQL: as is), so that
    a comparison with a DateTimeField column is what the ORM would send."""
    return connection.ops.adapt_datetimefield_value(value)


def day(value: dt.date) -> Any:
    """A date as the engine stores a DateField."""
    return connection.ops.adapt_datefield_value(value)


def fetch_one(sql: str, params: Sequence[Any]) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise ValueError("the statement returned no row")
    return tuple(row)


def fetch_all(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]
