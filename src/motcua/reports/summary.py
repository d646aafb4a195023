"""The II.06a summary table (reports.ReportCell), kept exact by every write of a dossier's dates.

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
import functools
import zoneinfo
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from motcua.reports import flags

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
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
        overdue = max(accepted, due + ONE_DAY)
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
            from motcua.catalog.models import ProcedureVersion
            from motcua.units.models import Unit

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


def _new_days(d: Any) -> Days:
    return (
        local_day(d.accepted_at),
        local_day(d.due_at),
        local_day(d.resolved_at),
        local_day(d.ended_at),
    )


def resync(dossiers: Iterable[Any], keys: Keys | None = None) -> int:
    """Bring the summary and the day columns of `dossiers` in line with their times.

    Must run in the transaction that changed the times. Returns how many dossiers moved."""
    from motcua.dossiers.models import Channel, Dossier

    dossiers = list(dossiers)
    keys = keys or Keys()
    for d in dossiers:
        keys.learn(d)
    deltas: Counter[Key] = Counter()
    moved = []
    flagged = resync_flags(dossiers, keys)
    for d in dossiers:
        old: Days = (d.accepted_day, d.due_day, d.resolved_day, d.ended_day)
        new = _new_days(d)
        if old == new:
            continue
        online = d.channel == Channel.ONLINE
        keys.count(deltas, d.competent_unit_id, d.procedure_version_id, online, old, -1)
        keys.count(deltas, d.competent_unit_id, d.procedure_version_id, online, new, +1)
        d.accepted_day, d.due_day, d.resolved_day, d.ended_day = new
        moved.append(d)
    add_cells(deltas)
    # One UPDATE for both parts (an act's dossier usually changes both): a dossier in only one
    # of them gets its other columns written with the values it was read with.
    changed = list({d.pk: d for d in (*moved, *flagged)}.values())
    fields = [*(DAY_FIELDS if moved else ()), *(["flag_events"] if flagged else [])]
    if len(changed) == 1:  # an act: a plain UPDATE (bulk_update's CASE costs more to build)
        Dossier.objects.filter(pk=changed[0].pk).update(
            **{name: getattr(changed[0], name) for name in fields}
        )
    elif changed:
        Dossier.objects.bulk_update(changed, fields, batch_size=2000)
    return len(moved)


def resync_flags(dossiers: list[Any], keys: Keys) -> list[Any]:
    """The flag part of `resync` (reports/flags.py): each dossier's flag events recomputed from
    its row, its payments and its latest portal message; the difference from the stored list
    is moved in the cells. Returns the dossiers whose `flag_events` changed (not yet saved)."""
    if not dossiers:
        return []
    # Only an accepted dossier's events read its procedure, payments and portal messages
    # (flags.flag_events); the others' come from the row alone (an intake not yet accepted).
    accepted = [d.pk for d in dossiers if d.accepted_at is not None]
    facts = flags.Facts().load_ids(accepted) if accepted else flags.Facts()
    deltas: Counter[flags.FlagKey] = Counter()
    changed = []
    for d in dossiers:
        if d.accepted_at is not None:
            new = facts.events_of(d, keys.procedure(d.procedure_version_id))
        else:
            new = flags.flag_events(d, flags.NO_PROCEDURE, owes=False, latest_state=None)
        old = flags.stored(d)
        if new == old:
            continue
        scopes = keys.scopes(d.competent_unit_id)
        flags.count(deltas, scopes, old, -1)
        flags.count(deltas, scopes, new, +1)
        d.flag_events = [list(e) for e in new]
        changed.append(d)
    flags.add_cells(deltas)
    return changed


def resync_ids(dossier_ids: Collection[int]) -> int:
    """`resync` of dossiers by id (the payment, certification and portal write paths, where
    what changed is not the dossier instance at hand or not the dossier at all)."""
    from motcua.dossiers.models import Dossier

    fields = ("pk", "competent_unit_id", "procedure_version_id", "channel")
    # Locked: an act holding the dossier must not save flag events read before this change.
    chunk = (
        Dossier.objects.select_for_update()
        .filter(pk__in=list(dossier_ids))
        .only(*fields, *TIME_FIELDS, *DAY_FIELDS, *flags.FIELDS)
    )
    with transaction.atomic():
        return resync(chunk)


def forget(queryset: Any) -> None:
    """Take dossiers out of the summary (before a bulk write that may change their unit,
    procedure version or channel: the importer's re-import); `resync` counts them again."""
    from motcua.dossiers.models import Channel, Dossier

    keys = Keys()
    deltas: Counter[Key] = Counter()
    gone = []
    flag_deltas: Counter[flags.FlagKey] = Counter()
    fields = ("pk", "competent_unit_id", "procedure_version_id", "channel", *DAY_FIELDS)
    for d in queryset.only(*fields, "flag_events"):
        old: Days = (d.accepted_day, d.due_day, d.resolved_day, d.ended_day)
        online = d.channel == Channel.ONLINE
        keys.count(deltas, d.competent_unit_id, d.procedure_version_id, online, old, -1)
        flags.count(flag_deltas, keys.scopes(d.competent_unit_id), flags.stored(d), -1)
        d.accepted_day = d.due_day = d.resolved_day = d.ended_day = None
        d.flag_events = None
        gone.append(d)
    add_cells(deltas)
    flags.add_cells(flag_deltas)
    Dossier.objects.bulk_update(gone, [*DAY_FIELDS, "flag_events"], batch_size=2000)


def resync_all(queryset: Any, batch: int = 5000) -> int:
    """`resync` over a queryset of dossiers, in batches (the importer's path)."""
    from motcua.dossiers.models import Dossier

    fields = ("pk", "competent_unit_id", "procedure_version_id", "channel")
    pks = list(queryset.values_list("pk", flat=True))
    moved, keys = 0, Keys()
    for start in range(0, len(pks), batch):
        chunk = Dossier.objects.filter(pk__in=pks[start : start + batch]).only(
            *fields, *TIME_FIELDS, *DAY_FIELDS, *flags.FIELDS
        )
        moved += resync(chunk, keys)
    return moved


# -- recomputing from the rows ---------------------------------------------------------------


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


def expected_flags(
    dossier_model: Any,
    unit_id: int,
    keys: Keys,
    facts: flags.Facts,
    within: Collection[int] | None = None,
) -> tuple[Counter[flags.FlagKey], list[tuple[list[list[Any]], int]]]:
    """The flag cells of the dossiers of one competent unit recomputed from the rows (and their
    payments and portal messages), and the stored event lists to correct."""
    cells: Counter[flags.FlagKey] = Counter()
    wrong = []
    facts.load(competent_unit_id=unit_id)
    scopes = [s for s in keys.scopes(unit_id) if within is None or s in within]
    rows = dossier_model.objects.filter(competent_unit_id=unit_id).only(
        "pk", "procedure_version_id", *flags.FIELDS
    )
    for d in rows.order_by().iterator(chunk_size=5000):
        new = facts.events_of(d, keys.procedure(d.procedure_version_id))
        if new != flags.stored(d):
            wrong.append(([list(e) for e in new], d.pk))
        flags.count(cells, scopes, new, +1)
    return cells, wrong


def fill_flags(  # noqa: PLR0917
    dossier_model: Any,
    flag_model: Any,
    unit_model: Any,
    version_model: Any,
    payment_model: Any,
    message_model: Any,
    scopes: Collection[int] | None = None,
) -> dict[str, int]:
    """Recompute the flag cells of `scopes` (every unit when None) and the stored flag events
    of the dossiers read, from the rows. Works with the historical models of a migration too."""
    stats = {"flag_cells": 0, "flag_dossiers_corrected": 0}
    keys = Keys(unit_model, version_model)
    facts = flags.Facts(payment_model, message_model)
    if scopes is None:
        flag_model.objects.all().delete()
        competent = set(dossier_model.objects.values_list("competent_unit_id", flat=True))
        within: set[int] | None = None
    else:
        within = set(scopes)
        flag_model.objects.filter(unit_id__in=within).delete()
        competent = units_below(within, unit_model)
    table = connection.ops.quote_name(dossier_model._meta.db_table)
    for unit_id in sorted(competent):
        cells, wrong = expected_flags(dossier_model, unit_id, keys, facts, within)
        if wrong:
            adapt = connection.ops.adapt_json_value
            field = dossier_model._meta.get_field("flag_events")
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET flag_events = %s WHERE id = %s",  # noqa: S608
                    [(adapt(events, field.encoder), pk) for events, pk in wrong],
                )
        stats["flag_dossiers_corrected"] += len(wrong)
        flags.add_cells(cells)
    stats["flag_cells"] = flag_model.objects.filter(
        **({} if within is None else {"unit_id__in": within})
    ).count()
    return stats


def rebuild(scopes: Collection[int] | None = None) -> dict[str, int]:
    """Recompute the summary of `scopes` (all when None) and the day columns from the rows."""
    from motcua.catalog.models import ProcedureVersion
    from motcua.dossiers.models import Dossier
    from motcua.payments.models import Payment
    from motcua.portal.models import OutboxMessage
    from motcua.reports.models import FlagCell, ReportCell
    from motcua.units.models import Unit

    with transaction.atomic():
        stats = fill(Dossier, ReportCell, Unit, ProcedureVersion, scopes)
        models = (Dossier, FlagCell, Unit, ProcedureVersion, Payment, OutboxMessage)
        stats.update(fill_flags(*models, scopes))
        return stats


def differences() -> list[str]:
    """Where the stored summary differs from the rows (empty when exact). Inside a transaction
    that wrote, call reports.touched.flush() first (its resync waits for the commit)."""
    from motcua.dossiers.models import Dossier
    from motcua.reports.models import ReportCell

    keys = Keys()
    expected: Counter[Key] = Counter()
    found = []
    for unit_id in sorted(set(Dossier.objects.values_list("competent_unit_id", flat=True))):
        cells, wrong = expected_cells(Dossier, unit_id, keys)
        expected.update(cells)
        found += [f"hồ sơ #{row[4]}: cột ngày lệch với thời điểm" for row in wrong]
    stored: Counter[Key] = Counter()
    fields = ("unit_id", "field_id", "level", "kind", "grain", "day", "n")
    for *key, n in ReportCell.objects.values_list(*fields).iterator(chunk_size=5000):
        stored[tuple(key)] += n
    for key in sorted(set(expected) | set(stored), key=str):
        if expected[key] != stored[key]:
            found.append(f"ô {key}: bảng tổng hợp {stored[key]}, tính lại {expected[key]}")
    return found + flag_differences(keys)


def flag_differences(keys: Keys) -> list[str]:
    """Where the flag cells (reports.FlagCell) or the stored flag events differ from the rows."""
    from motcua.dossiers.models import Dossier
    from motcua.reports.models import FlagCell

    facts = flags.Facts()
    expected: Counter[flags.FlagKey] = Counter()
    found = []
    for unit_id in sorted(set(Dossier.objects.values_list("competent_unit_id", flat=True))):
        cells, wrong = expected_flags(Dossier, unit_id, keys, facts)
        expected.update(cells)
        found += [f"hồ sơ #{pk}: sự kiện chỉ số lệch với hồ sơ" for _, pk in wrong]
    stored: Counter[flags.FlagKey] = Counter()
    fields = ("unit_id", "procedure_id", "kind", "grain", "day", "n")
    for *key, n in FlagCell.objects.values_list(*fields).iterator(chunk_size=5000):
        stored[tuple(key)] += n
    for key in sorted(set(expected) | set(stored), key=str):
        if expected[key] != stored[key]:
            found.append(f"ô chỉ số {key}: bảng tổng hợp {stored[key]}, tính lại {expected[key]}")
    return found


# -- keeping the keys: a unit moved, a version regrouped ---------------------------------------


def _ancestors(unit_id: int | None) -> set[int]:
    return set(Keys().scopes(unit_id)) if unit_id is not None else set()


def on_unit_pre_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
    instance._summary_old_parent = old


def on_unit_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A unit moved under another parent: its old and new ancestors' cells are recomputed."""
    old = getattr(instance, "_summary_old_parent", instance.parent_id)
    if raw or old == instance.parent_id:
        return
    scopes = _ancestors(old) | _ancestors(instance.parent_id)
    with transaction.atomic():
        rebuild(scopes)


def on_version_pre_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    instance._summary_old_group = (
        sender.objects.filter(pk=instance.pk).values_list("field_id", "level").first()
    )


def on_version_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A version's field or level changed (catalogue reload): the scopes of the units that have
    dossiers of it are recomputed."""
    old = getattr(instance, "_summary_old_group", None)
    if raw or old is None or old == (instance.field_id, instance.level):
        return
    from motcua.dossiers.models import Dossier

    units = Dossier.objects.filter(procedure_version=instance, accepted_at__isnull=False)
    scopes: set[int] = set()
    for unit_id in set(units.values_list("competent_unit_id", flat=True)):
        scopes |= _ancestors(unit_id)
    if scopes:
        with transaction.atomic():
            rebuild(scopes)


# -- reading ---------------------------------------------------------------------------------


def roots_of(unit_ids: Collection[int]) -> list[int] | None:
    """The units of `unit_ids` whose parent is not in it, when `unit_ids` holds every unit
    below them (a report's scope); None otherwise (the summary cannot answer)."""
    from motcua.units.models import Unit

    if isinstance(unit_ids, Subtree):  # units_within(root): no need to ask the unit table
        return [unit_ids.root]
    wanted = set(unit_ids)
    parents = dict(Unit.objects.filter(pk__in=wanted).values_list("pk", "parent_id"))
    roots = sorted(pk for pk, parent in parents.items() if parent not in wanted)
    if len(parents) != len(wanted) or units_below(roots) != wanted:
        return None
    return roots


def cumulative(scopes: Collection[int], days: Collection[dt.date]) -> dict[dt.date, Counter[Group]]:
    """C(t) for each t in `days`: the events of each (field, level, kind) before day t, for the
    dossiers of the `scopes` (each scope = a unit and every unit below it)."""
    return cumulative_cells(TABLE, ("field_id", "level", "kind"), scopes, days)


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


COLUMNS = ("c4", "c5", "c6", "c8", "c9", "c10", "c12", "c13", "closed")


def period_counts(
    scopes: Collection[int], start: dt.date, end: dt.date
) -> dict[tuple[int, str], dict[str, int]]:
    """II.06a's nine counted columns per (field, level) for [start, end]."""
    c = cumulative(scopes, [start, end + ONE_DAY])
    before, until = c[start], c[end + ONE_DAY]
    out = {}
    for field, level in {(f, lv) for f, lv, _ in set(before) | set(until)}:
        out[(field, level)] = _columns(
            functools.partial(_at, before, field, level),
            functools.partial(_at, until, field, level),
        )
    return out


def _at(counts: Counter[tuple[Any, ...]], field: int, level: str, kind: int) -> int:
    return counts[(field, level, kind)]


def _columns(before: Callable[[int], int], until: Callable[[int], int]) -> dict[str, int]:
    """II.06a's nine counted columns from the cumulative counts C(kind) at the period's first
    day (`before`) and the day after its last (`until`)."""

    def p(kind: int) -> int:
        return until(kind) - before(kind)

    pending_end = until(ACC_ONLINE) + until(ACC_OTHER) - until(FINISH)
    overdue_end = until(OVERDUE_FROM) - until(OVERDUE_TO)
    return {
        "c4": p(ACC_ONLINE),
        "c5": p(ACC_OTHER),
        "c6": pending_end - p(ACC_ONLINE) - p(ACC_OTHER) + p(FINISH),
        "c8": p(EARLY),
        "c9": p(ON_TIME),
        "c10": p(LATE),
        "c12": pending_end - overdue_end,
        "c13": overdue_end,
        "closed": p(CLOSED),
    }


def totals_by_period(
    scopes: Collection[int], periods: list[tuple[dt.date, dt.date]]
) -> list[dict[str, int]]:
    """II.06a's nine columns summed over fields and levels, for each of `periods`, in one read
    (the dashboard's 12 months): every column is a linear combination of C values, so the
    groups are summed first."""
    days = {d for start, end in periods for d in (start, end + ONE_DAY)}
    c = cumulative(scopes, days)
    by_day: dict[dt.date, Counter[int]] = {}
    for day, counts in c.items():
        total: Counter[int] = Counter()
        for (_, _, kind), n in counts.items():
            total[kind] += n
        by_day[day] = total
    return [
        _columns(by_day[start].__getitem__, by_day[end + ONE_DAY].__getitem__)
        for start, end in periods
    ]


def summary_aggregate(
    unit_ids: Collection[int], start: dt.date, end: dt.date
) -> list[dict[str, Any]] | None:
    """What ii06a.aggregate returns (one dict per field and level), read from the summary; None
    when `unit_ids` is not a set of whole subtrees (then the caller counts the rows)."""
    from motcua.catalog.models import Field

    scopes = roots_of(unit_ids)
    if scopes is None:
        return None
    counts = period_counts(scopes, start, end)
    info = {
        pk: (code, name, order)
        for pk, code, name, order in Field.objects.filter(
            pk__in={f for f, _ in counts}
        ).values_list("pk", "code", "name", "report_order")
    }
    rows = []
    for (field, level), values in counts.items():
        code, name, order = info[field]
        rows.append(
            {
                "procedure_version__field__code": code,
                "procedure_version__field__name": name,
                "procedure_version__field__report_order": order,
                "procedure_version__level": level,
                **values,
            }
        )
    return sorted(
        rows,
        key=lambda g: (
            g["procedure_version__field__report_order"],
            g["procedure_version__field__code"],
            g["procedure_version__level"],
        ),
    )
