"""The cells of the report summary (reports.ReportCell; FlagCell in flags.py): the events of a
dossier, their keys, and adding to or reading the cumulative counts. Maintained by
reports/maintain.py, recomputed by reports/rebuild.py, read by reports/read.py.

The II.06a summary table is kept exact by every write of a dossier's dates.

Every count of II.06a (reports/ii06a.py, POLICY_DATE_LEVEL) is either "how many dossiers had an
event on a day in [from, to]" or "how many dossiers were in a state on one day". A state is an
interval of days, so both are differences of C_k(t) = "how many events of kind k happened before
day t" (`events`):

- ACC_ONLINE / ACC_OTHER at the acceptance day a: (4), (5);
- FINISH at f' = max(a, first of resolution day and end day): pending on day x = #(a ≤ x) −
  #(f' ≤ x), (11) at `to`, and (6) = pending on the day before `from`;
- EARLY / ON_TIME / LATE at the resolution day (by the due day): (8), (9), (10); CLOSED at the
  end day of a dossier ended without result;
- OVERDUE_FROM at o = max(a, due day + 1) and OVERDUE_TO at max(o, f'): overdue-pending on day
  x (13) = #(o ≤ x) − #(max(o, f') ≤ x); (12) = (11) − (13).

A report for [from, to] needs C at two days only: t = from and t = to + 1 (in-period counts are
C(to + 1) − C(from)). Each event is counted three times: in its day ("d"), its month ("m", day =
the 1st) and its year ("y", day = 1 January). C(t) = the year cells before t's year + the month
cells of t's year before t's month + the day cells of t's month before t: at most
(years + 11 + 30) cells per key, whatever the length of the history or of the period.

The key is what the reports group by: the field and level of the dossier's procedure version,
and the unit as a *scope* — a dossier is counted under its competent unit and under every unit
above it, so a province's report reads the province's cells only (not its 160 communes'). Two
things the write path does not see change those keys, and both recompute the affected scopes in
their own transaction: a unit moved under another parent (`on_unit_saved`) and a procedure
version whose field or level is changed by a catalogue reload (`on_version_saved`).
`motcua report check-summary` finds any other drift, `rebuild-summary` repairs it.

What is in the table is the sum of `events` over the day columns stored on each dossier
(accepted_day, due_day, resolved_day, ended_day): `resync` recomputes a dossier's days from its
times, and moves its events from the old days to the new ones in the same transaction. It runs
in every dossier act (`dossiers.services.record_act`, once, after the `dossier_act` receivers:
the flags read the outbox message the portal's receiver writes), from the importer, and
`rebuild` recomputes everything from the rows (`motcua report rebuild-summary`, after a bulk
load or to repair).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping
from typing import Any

from django.db import connection
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion
from motcua.domain.overdue import overdue_from
from motcua.domain.vntime import VN
from motcua.units.models import Unit

ACC_ONLINE, ACC_OTHER, FINISH, EARLY, ON_TIME, LATE, CLOSED, OVERDUE_FROM, OVERDUE_TO = range(1, 10)
ONE_DAY = dt.timedelta(days=1)
Days = tuple[dt.date | None, dt.date | None, dt.date | None, dt.date | None]
DAY_FIELDS = ("accepted_day", "due_day", "resolved_day", "ended_day")
TIME_FIELDS = ("accepted_at", "due_at", "resolved_at", "ended_at")
GRAINS = ("d", "m", "y")
Key = tuple[int, int, str, int, str, dt.date]  # scope unit, field, level, kind, grain, day
Group = tuple[int, str, int]  # field, level, kind
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
        overdue = max(accepted, overdue_from(due))  # the one rule (domain/overdue.py)
        out.append((OVERDUE_FROM, overdue))
        if finish is not None:
            out.append((OVERDUE_TO, max(overdue, finish)))
    return out


def grains(day: dt.date) -> tuple[tuple[str, dt.date], ...]:
    return (("d", day), ("m", day.replace(day=1)), ("y", day.replace(month=1, day=1)))


MAX_DEPTH = 20  # levels of the unit tree followed up (a cycle in bad data stops there)


def _cached(instance: Any, name: str, attname: str) -> Any:
    """The related object `name` of `instance` if it is already loaded (None otherwise)."""
    field = instance._meta.get_field(name)
    if not field.is_cached(instance):
        return None
    value = field.get_cached_value(instance)
    return value if value is not None and value.pk == getattr(instance, attname) else None


class Keys:
    """Where a dossier's events are counted: the scopes (its unit and the units above it) and
    the group (field, level) of its procedure version. One instance per write: the unit tree and
    the catalogue are read once and then cached."""

    def __init__(self, unit_model: Any = None, version_model: Any = None) -> None:
        if unit_model is None or version_model is None:
            unit_model, version_model = Unit, ProcedureVersion
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

    def learn(self, dossier: Any) -> None:
        """Take the group and procedure of the dossier's version from the dossier itself when
        its version was loaded with it and with the procedure, in the caller's transaction (the
        acts' locking query, the intake's version look-up), instead of reading them again."""
        version = _cached(dossier, "procedure_version", "procedure_version_id")
        procedure = _cached(version, "procedure", "procedure_id") if version is not None else None
        if version is not None and procedure is not None and version.pk not in self.groups:
            self.groups[version.pk] = (version.field_id, version.level)
            self.procedures[version.pk] = (procedure.pk, procedure.code)

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


_ROWS_PER_UPSERT = 200  # × 8 parameters: far below SQLite's limit


def upsert_cells(table: str, key_columns: tuple[str, ...], deltas: Mapping[Any, int]) -> None:
    """Add `deltas` (key tuple, its day last → n) to the counts of a summary table: an upsert
    of every non-zero key on the table's unique key (the same columns), up to 200 rows per
    statement."""
    adapt = connection.ops.adapt_datefield_value
    rows = [(*key[:-1], adapt(key[-1]), n) for key, n in deltas.items() if n]
    if not rows:
        return
    # One global order of the rows an upsert locks: two acts that touch the same cells (the
    # province's day, say) then wait for each other instead of deadlocking on PostgreSQL.
    rows.sort(key=lambda row: tuple(str(value) for value in row[:-1]))
    # Several rows per statement (one round trip for an act's 10–30 cells); the keys are
    # distinct (a mapping's), so no statement updates a row twice.
    columns = ", ".join((*key_columns, "n"))
    row_marks = "(" + ", ".join(["%s"] * (len(key_columns) + 1)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _ROWS_PER_UPSERT):
            chunk = rows[start : start + _ROWS_PER_UPSERT]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608
                f"{', '.join([row_marks] * len(chunk))} "
                f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET n = {table}.n + excluded.n",
                [value for row in chunk for value in row],
            )


def cumulative_cells(
    table: str, group: tuple[str, ...], scopes: Collection[int], days: Collection[dt.date]
) -> dict[dt.date, Counter[tuple[Any, ...]]]:
    """C(t) for each t in `days` by the `group` columns of a cell table (ReportCell, FlagCell)."""
    days = sorted(set(days))
    if not scopes:
        return {t: Counter() for t in days}
    parts, params = [], []
    columns = ", ".join(group)
    marks = ", ".join(["%s"] * len(scopes))
    for i, t in enumerate(days):
        year, month = t.replace(month=1, day=1), t.replace(day=1)
        for grain, low, high in (("y", None, year), ("m", year, month), ("d", month, t)):
            if low is not None and low >= high:
                continue
            where = "day >= %s AND day < %s" if low is not None else "day < %s"
            parts.append(
                f"SELECT {i}, {columns}, SUM(n) FROM {table} "  # noqa: S608
                f"WHERE unit_id IN ({marks}) AND grain = %s AND {where} "
                f"GROUP BY {columns}"
            )
            adapt = connection.ops.adapt_datefield_value
            bounds = [adapt(low), adapt(high)] if low is not None else [adapt(high)]
            params += [*scopes, grain, *bounds]
    out: dict[dt.date, Counter[tuple[Any, ...]]] = {t: Counter() for t in days}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for i, *key, n in cursor.fetchall():
                out[days[i]][tuple(key)] += int(n)
    return out
