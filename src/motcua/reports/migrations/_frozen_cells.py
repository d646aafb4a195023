"""FROZEN cells for migrations 0001 and 0002 of reports: the summary code as it was when they were
written (reports/cells.py, flags.py and rebuild.py then), so that a later change of the app
cannot change what these migrations do. Works only with the historical models they pass in.
Not a migration (the name starts with "_"); imports nothing of the app (tests/unit/test_layers.py).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from collections.abc import Collection, Mapping
from typing import Any

from django.db import connection
from django.utils import timezone

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")  # frozen: Vietnam time (domain/vntime.py today)

ACC_ONLINE, ACC_OTHER, FINISH, EARLY, ON_TIME, LATE, CLOSED, OVERDUE_FROM, OVERDUE_TO = range(1, 10)

ONE_DAY = dt.timedelta(days=1)

Days = tuple[dt.date | None, dt.date | None, dt.date | None, dt.date | None]

DAY_FIELDS = ("accepted_day", "due_day", "resolved_day", "ended_day")

TIME_FIELDS = ("accepted_at", "due_at", "resolved_at", "ended_at")

Key = tuple[int, int, str, int, str, dt.date]  # scope unit, field, level, kind, grain, day

TABLE = "reports_reportcell"


def local_day(value: dt.datetime | None) -> dt.date | None:
    return None if value is None else timezone.localtime(value, VN).date()


def events(online: bool, days: Days) -> list[tuple[int, dt.date]]:
    """The (kind, day) events of one dossier with local days (accepted, due, resolved, ended)."""
    accepted, due, resolved, ended = days
    if accepted is None:
        return []
    out = [(ACC_ONLINE if online else ACC_OTHER, accepted)]
    ends = [d for d in (resolved, ended) if d is not None]
    finish = max(accepted, min(ends)) if ends else None
    if finish is not None:
        out.append((FINISH, finish))
    if resolved is not None:
        late = due is not None and resolved > due
        kind = ON_TIME if due is None or resolved == due else LATE if late else EARLY
        out.append((kind, resolved))
    elif ended is not None:
        out.append((CLOSED, ended))
    if due is not None:
        overdue = max(accepted, due + ONE_DAY)
        out.append((OVERDUE_FROM, overdue))
        if finish is not None:
            out.append((OVERDUE_TO, max(overdue, finish)))
    return out


def grains(day: dt.date) -> tuple[tuple[str, dt.date], ...]:
    return (("d", day), ("m", day.replace(day=1)), ("y", day.replace(month=1, day=1)))


MAX_DEPTH = 20  # levels of the unit tree followed up (a cycle in bad data stops there)


class Keys:
    """Where a dossier's events are counted: the scopes (its unit and the units above it) and
    the group (field, level) of its procedure version. One instance per write: the unit tree and
    the catalogue are read once and then cached."""

    def __init__(self, unit_model: Any, version_model: Any) -> None:
        self.unit_model, self.version_model = unit_model, version_model
        self.parents: dict[int, int | None] = {}
        self.groups: dict[int, tuple[int, str]] = {}
        self.procedures: dict[int, tuple[int, str]] = {}

    def scopes(self, unit_id: int) -> list[int]:
        chain: list[int] = []
        current: int | None = unit_id
        while current is not None and current not in chain:
            chain.append(current)
            if current not in self.parents:
                self._read_ancestors(current)
                self.parents.setdefault(current, None)  # not a unit (deleted)
            current = self.parents[current]
        return chain

    def _read_ancestors(self, unit_id: int) -> None:
        """The parents of a unit and of every unit above it, in one statement."""
        table = connection.ops.quote_name(self.unit_model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH RECURSIVE up(id, parent_id, depth) AS ("  # noqa: S608
                f"SELECT id, parent_id, 0 FROM {table} WHERE id = %s "
                f"UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM {table} u "
                f"JOIN up ON u.id = up.parent_id WHERE up.depth < %s) "
                "SELECT id, parent_id FROM up",
                [unit_id, MAX_DEPTH],
            )
            for pk, parent in cursor.fetchall():
                self.parents.setdefault(pk, parent)

    def group(self, version_id: int) -> tuple[int, str]:
        if version_id not in self.groups:
            rows = self.version_model.objects.filter(pk__in=[version_id]).values_list(
                "pk", "field_id", "level", "procedure_id", "procedure__code"
            )
            for pk, field, level, procedure, code in rows:
                self.groups[pk] = (field, level)
                self.procedures[pk] = (procedure, code)
        return self.groups[version_id]

    def procedure(self, version_id: int) -> tuple[int, str]:
        """(procedure id, national code) of a version: the flags' key and "certified copy"."""
        self.group(version_id)
        return self.procedures[version_id]

    def count(  # noqa: PLR0917
        self,
        deltas: Counter[Key],
        unit_id: int,
        version_id: int,
        online: bool,
        days: Days,
        sign: int,
        within: Collection[int] | None = None,
    ) -> None:
        """Add `sign` × the events of one dossier (only the scopes in `within` when given)."""
        happened = events(online, days)
        if not happened:
            return
        field, level = self.group(version_id)
        scopes = [s for s in self.scopes(unit_id) if within is None or s in within]
        for kind, day in happened:
            for grain, start in grains(day):
                for scope in scopes:
                    deltas[(scope, field, level, kind, grain, start)] += sign


def add_cells(deltas: Counter[Key]) -> None:
    upsert_cells(TABLE, ("unit_id", "field_id", "level", "kind", "grain", "day"), deltas)


def upsert_cells(table: str, key_columns: tuple[str, ...], deltas: Mapping[Any, int]) -> None:
    """Add `deltas` (key tuple, its day last → n) to the counts of a summary table: one upsert
    per non-zero key, on the table's unique key (the same columns)."""
    adapt = connection.ops.adapt_datefield_value
    rows = [(*key[:-1], adapt(key[-1]), n) for key, n in deltas.items() if n]
    if not rows:
        return
    # One global order of the rows an upsert locks: two acts that touch the same cells (the
    # province's day, say) then wait for each other instead of deadlocking on PostgreSQL.
    rows.sort(key=lambda row: tuple(str(value) for value in row[:-1]))
    columns = ", ".join((*key_columns, "n"))
    marks = ", ".join(["%s"] * (len(key_columns) + 1))
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET n = {table}.n + excluded.n"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def units_below(roots: Collection[int], unit_model: Any) -> set[int]:
    found, frontier = set(roots), list(roots)
    while frontier:
        children = unit_model.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        frontier = [pk for pk in children if pk not in found]
        found.update(frontier)
    return found


def expected_cells(
    dossier_model: Any, unit_id: int, keys: Keys, within: Collection[int] | None = None
) -> tuple[Counter[Key], list[tuple[Any, ...]]]:
    """The cells of the dossiers of one competent unit recomputed from the rows' times, and the
    day columns to correct."""
    cells: Counter[Key] = Counter()
    wrong = []
    rows = (
        dossier_model.objects.filter(competent_unit_id=unit_id, accepted_at__isnull=False)
        .values_list("pk", "procedure_version_id", "channel", *TIME_FIELDS, *DAY_FIELDS)
        .order_by()
    )
    for pk, version, channel, *rest in rows.iterator(chunk_size=5000):
        new: Days = (local_day(rest[0]), local_day(rest[1]), local_day(rest[2]), local_day(rest[3]))
        if new != tuple(rest[4:]):
            wrong.append((*new, pk))
        keys.count(cells, unit_id, version, channel == "online", new, +1, within)
    return cells, wrong


def fill(  # noqa: PLR0917
    dossier_model: Any,
    cell_model: Any,
    unit_model: Any,
    version_model: Any,
    scopes: Collection[int] | None = None,
    fix_days: bool = True,
) -> dict[str, int]:
    """Recompute the cells of `scopes` (every unit when None) from the rows, and (fix_days) the
    day columns of the dossiers read. Works with the historical models of a migration too."""
    stats = {"units": 0, "cells": 0, "dossiers_corrected": 0}
    keys = Keys(unit_model, version_model)
    if scopes is None:
        cell_model.objects.all().delete()
        competent = set(dossier_model.objects.values_list("competent_unit_id", flat=True))
        within: set[int] | None = None
    else:
        within = set(scopes)
        cell_model.objects.filter(unit_id__in=within).delete()
        competent = units_below(within, unit_model)
    table = connection.ops.quote_name(dossier_model._meta.db_table)
    set_days = ", ".join(f"{connection.ops.quote_name(f)} = %s" for f in DAY_FIELDS)
    adapt = connection.ops.adapt_datefield_value
    for unit_id in sorted(competent):
        cells, wrong = expected_cells(dossier_model, unit_id, keys, within)
        if fix_days:
            # Dossiers never accepted have no events; their day columns are cleared too.
            dossier_model.objects.filter(
                competent_unit_id=unit_id, accepted_at__isnull=True
            ).exclude(accepted_day=None, due_day=None, resolved_day=None, ended_day=None).update(
                **dict.fromkeys(DAY_FIELDS)
            )
            if wrong:
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {table} SET {set_days} WHERE id = %s",  # noqa: S608
                        [(*(adapt(d) for d in row[:4]), row[4]) for row in wrong],
                    )
            stats["dossiers_corrected"] += len(wrong)
        add_cells(cells)
        stats["units"] += 1
    stats["cells"] = cell_model.objects.filter(
        **({} if within is None else {"unit_id__in": within})
    ).count()
    return stats
