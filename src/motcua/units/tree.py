"""Walks of the unit tree: down through parents (a report's scope) and back through mergers (the
units a unit serves). One walk (`closure`), one statement per level, in plain SQL: the scopes are
read on every report and every list (core/sql.py). The table is a parameter so that a migration
can walk its historical model's table too."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any

from django.db import connection

from motcua.core.sql import fetch_all, marks
from motcua.units.models import Unit

UNIT_TABLE = Unit._meta.db_table


class Subtree(frozenset[int]):
    """The ids of a unit and of every unit under it; `root` is that unit (the report summary
    reads the root's cells only). Set operations give plain sets."""

    root: int

    def __new__(cls, root: int, ids: Iterable[int]) -> Subtree:
        made = super().__new__(cls, ids)
        made.root = root
        return made


def closure(start: Collection[int], step: Callable[[list[int]], Iterable[int]]) -> set[int]:
    """`start` and every id reached from it by `step` (the ids one level further), level by
    level; an id already found is not followed again (a cycle in bad data ends the walk)."""
    found, frontier = set(start), list(start)
    while frontier:
        frontier = [pk for pk in step(frontier) if pk not in found]
        found.update(frontier)
    return found


def _linked(column: str, table: str = UNIT_TABLE) -> Callable[[list[int]], list[int]]:
    """The step "the units whose `column` is one of these ids"."""
    quoted_table, quoted_column = (
        connection.ops.quote_name(table),
        connection.ops.quote_name(column),
    )

    def step(ids: list[int]) -> list[int]:
        sql = f"SELECT id FROM {quoted_table} WHERE {quoted_column} IN ({marks(ids)})"  # noqa: S608
        return [pk for (pk,) in fetch_all(sql, ids)]

    return step


def units_below(roots: Collection[int], unit_model: Any = None) -> set[int]:
    """The units `roots` and every unit under them. `unit_model`: a migration's historical
    Unit (the live one when None)."""
    table = UNIT_TABLE if unit_model is None else unit_model._meta.db_table
    return closure(roots, _linked("parent_id", table))


def units_within(unit: Unit) -> Subtree:
    """The unit and every unit under it (a province's communes, a former district's communes)."""
    return Subtree(unit.pk, units_below([unit.pk]))


def units_served_by(unit: Unit) -> set[int]:
    """The unit and every unit it took over, directly or through a chain of mergers."""
    return closure([unit.pk], _linked("successor_id"))


def units_in_scope(unit: Unit) -> set[int]:
    """The units a unit's staff oversee: the unit, every unit it took over, and every unit under
    those (reports, the control register and the portal traffic are read this wide)."""
    return units_below(units_served_by(unit))
