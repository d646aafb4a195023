"""The II.06a summary table (reports.ReportCell), kept exact by every write of a dossier's dates.

Every count of II.06a (reports/ii06a.py, POLICY_DATE_LEVEL) is either "how many dossiers had an
event on a day in [from, to]" or "how many dossiers were in a state on one day". A state is an
interval of days, so both are sums of per-day events of the dossiers (`events`):

- ACC_ONLINE / ACC_OTHER at the acceptance day a: (4), (5);
- FINISH at f' = max(a, first of resolution day and end day): pending on day x = #(a ≤ x) −
  #(f' ≤ x), (11) at `to`, and (6) = pending on the day before `from`;
- EARLY / ON_TIME / LATE at the resolution day (by the due day): (8), (9), (10); CLOSED at the
  end day of a dossier ended without result;
- OVERDUE_FROM at o = max(a, due day + 1) and OVERDUE_TO at max(o, f'): overdue-pending on day
  x (13) = #(o ≤ x) − #(max(o, f') ≤ x); (12) = (11) − (13).

The cells are counted per unit, procedure version, kind and Vietnam day ("d") and month ("m",
day = the 1st); a period reads whole months from "m" and the ragged ends from "d".

What is in the table is the sum of `events` over the day columns stored on each dossier
(accepted_day, due_day, resolved_day, ended_day): `resync` recomputes a dossier's days from its
times, and moves its events from the old days to the new ones in the same transaction. It runs
from the `dossier_act` receiver (every act), from the importer, and `rebuild` recomputes
everything from the rows (`motcua report rebuild-summary`, after a bulk load or to repair).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Channel, Dossier
from motcua.reports.models import ReportCell

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
ACC_ONLINE, ACC_OTHER, FINISH, EARLY, ON_TIME, LATE, CLOSED, OVERDUE_FROM, OVERDUE_TO = range(1, 10)
CUMULATIVE = (ACC_ONLINE, ACC_OTHER, FINISH, OVERDUE_FROM, OVERDUE_TO)
ONE_DAY = dt.timedelta(days=1)
Days = tuple[dt.date | None, dt.date | None, dt.date | None, dt.date | None]
DAY_FIELDS = ("accepted_day", "due_day", "resolved_day", "ended_day")
TIME_FIELDS = ("accepted_at", "due_at", "resolved_at", "ended_at")
Key = tuple[int, int, str, dt.date, int]  # unit, version, grain, day, kind


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


def count_cells(  # noqa: PLR0917
    deltas: Counter[Key], unit: int, version: int, online: bool, days: Days, sign: int
) -> None:
    for kind, day in events(online, days):
        deltas[(unit, version, "d", day, kind)] += sign
        deltas[(unit, version, "m", day.replace(day=1), kind)] += sign


def add_cells(deltas: Counter[Key]) -> None:
    rows = [
        (unit, grain, connection.ops.adapt_datefield_value(day), version, kind, n)
        for (unit, version, grain, day, kind), n in deltas.items()
        if n
    ]
    if not rows:
        return
    table = ReportCell._meta.db_table
    sql = (
        f"INSERT INTO {table} (unit_id, grain, day, version_id, kind, n) "  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (unit_id, grain, day, version_id, kind) "
        f"DO UPDATE SET n = {table}.n + excluded.n"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def resync(dossiers: Iterable[Dossier]) -> int:
    """Bring the summary and the day columns of `dossiers` in line with their times.

    Must run in the transaction that changed the times. Returns how many dossiers moved."""
    deltas: Counter[Key] = Counter()
    moved = []
    for d in dossiers:
        old: Days = (d.accepted_day, d.due_day, d.resolved_day, d.ended_day)
        new: Days = (
            local_day(d.accepted_at),
            local_day(d.due_at),
            local_day(d.resolved_at),
            local_day(d.ended_at),
        )
        if old == new:
            continue
        online = d.channel == Channel.ONLINE
        count_cells(deltas, d.competent_unit_id, d.procedure_version_id, online, old, -1)
        count_cells(deltas, d.competent_unit_id, d.procedure_version_id, online, new, +1)
        d.accepted_day, d.due_day, d.resolved_day, d.ended_day = new
        moved.append(d)
    add_cells(deltas)
    if moved:
        Dossier.objects.bulk_update(moved, list(DAY_FIELDS), batch_size=2000)
    return len(moved)


def forget(queryset: Any) -> None:
    """Take dossiers out of the summary (before a bulk write that may change their unit,
    procedure version or channel: the importer's re-import); `resync` counts them again."""
    deltas: Counter[Key] = Counter()
    gone = []
    fields = ("pk", "competent_unit_id", "procedure_version_id", "channel", *DAY_FIELDS)
    for d in queryset.only(*fields):
        old: Days = (d.accepted_day, d.due_day, d.resolved_day, d.ended_day)
        online = d.channel == Channel.ONLINE
        count_cells(deltas, d.competent_unit_id, d.procedure_version_id, online, old, -1)
        d.accepted_day = d.due_day = d.resolved_day = d.ended_day = None
        gone.append(d)
    add_cells(deltas)
    Dossier.objects.bulk_update(gone, list(DAY_FIELDS), batch_size=2000)


def on_dossier_act(sender: object, dossier: Dossier, **kwargs: Any) -> None:
    """`dossier_act` receiver: inside the act's transaction (dossiers/events.py)."""
    resync([dossier])


def resync_all(queryset: Any, batch: int = 5000) -> int:
    """`resync` over a queryset of dossiers, in batches (the importer's path)."""
    fields = ("pk", "competent_unit_id", "procedure_version_id", "channel")
    pks = list(queryset.values_list("pk", flat=True))
    moved = 0
    for start in range(0, len(pks), batch):
        chunk = Dossier.objects.filter(pk__in=pks[start : start + batch]).only(
            *fields, *TIME_FIELDS, *DAY_FIELDS
        )
        moved += resync(chunk)
    return moved


def expected_cells(unit_id: int) -> tuple[Counter[Key], list[tuple[Any, ...]]]:
    """The cells of one unit recomputed from the rows' times, and the day columns to correct."""
    cells: Counter[Key] = Counter()
    wrong = []
    rows = (
        Dossier.objects.filter(competent_unit_id=unit_id, accepted_at__isnull=False)
        .values_list("pk", "procedure_version_id", "channel", *TIME_FIELDS, *DAY_FIELDS)
        .order_by()
    )
    for pk, version, channel, *rest in rows.iterator(chunk_size=5000):
        new: Days = (local_day(rest[0]), local_day(rest[1]), local_day(rest[2]), local_day(rest[3]))
        if new != tuple(rest[4:]):
            wrong.append((*new, pk))
        count_cells(cells, unit_id, version, channel == Channel.ONLINE, new, +1)
    return cells, wrong


def _units_with_rows() -> list[int]:
    units = set(Dossier.objects.values_list("competent_unit_id", flat=True).distinct())
    units |= set(ReportCell.objects.values_list("unit_id", flat=True).distinct())
    return sorted(units)


def rebuild(units: Collection[int] | None = None) -> dict[str, int]:
    """Recompute the summary (and the day columns) of `units` (all when None) from the rows."""
    stats = {"units": 0, "cells": 0, "dossiers_corrected": 0}
    quote = connection.ops.quote_name
    table = Dossier._meta.db_table
    set_days = ", ".join(f"{quote(f)} = %s" for f in DAY_FIELDS)
    for unit_id in sorted(units) if units is not None else _units_with_rows():
        with transaction.atomic():
            cells, wrong = expected_cells(unit_id)
            # Dossiers never accepted have no events; their day columns are cleared too.
            Dossier.objects.filter(competent_unit_id=unit_id, accepted_at__isnull=True).exclude(
                accepted_day=None, due_day=None, resolved_day=None, ended_day=None
            ).update(**dict.fromkeys(DAY_FIELDS))
            if wrong:
                adapt = connection.ops.adapt_datefield_value
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {table} SET {set_days} WHERE id = %s",  # noqa: S608
                        [(*(adapt(d) for d in row[:4]), row[4]) for row in wrong],
                    )
            ReportCell.objects.filter(unit_id=unit_id).delete()
            add_cells(cells)
        stats["units"] += 1
        stats["cells"] += sum(1 for n in cells.values() if n)
        stats["dossiers_corrected"] += len(wrong)
    return stats


def differences(units: Collection[int] | None = None) -> list[str]:
    """Where the stored summary differs from the rows (empty when exact)."""
    found = []
    for unit_id in sorted(units) if units is not None else _units_with_rows():
        expected, wrong = expected_cells(unit_id)
        stored: Counter[Key] = Counter()
        for version, grain, day, kind, n in ReportCell.objects.filter(unit_id=unit_id).values_list(
            "version_id", "grain", "day", "kind", "n"
        ):
            stored[(unit_id, version, grain, day, kind)] += n
        for key in sorted(set(expected) | set(stored), key=str):
            if expected[key] != stored[key]:
                found.append(f"ô {key}: bảng tổng hợp {stored[key]}, tính lại {expected[key]}")
        found += [f"hồ sơ #{row[4]}: cột ngày lệch với thời điểm" for row in wrong]
    return found


# -- reading ---------------------------------------------------------------------------------


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _pieces(first: dt.date | None, last: dt.date) -> Q:
    """The cells of the days in [first, last] (first None = from the beginning)."""
    months_from = first if first is None or first.day == 1 else _next_month(first)
    months_until = _month_start(last + ONE_DAY)  # whole months end before this
    if months_from is not None and months_from >= months_until:
        return Q(grain="d", day__gte=first, day__lte=last)
    whole = Q(grain="m", day__lt=months_until)
    if months_from is not None:
        whole &= Q(day__gte=months_from)
    if first is not None and first < months_from:  # type: ignore[operator]
        whole |= Q(grain="d", day__gte=first, day__lt=months_from)
    if months_until <= last:
        whole |= Q(grain="d", day__gte=months_until, day__lte=last)
    return whole


def _sums(unit_ids: Collection[int], where: Q, kinds: Collection[int] | None) -> dict[Any, int]:
    cells = ReportCell.objects.filter(where, unit_id__in=list(unit_ids))
    if kinds is not None:
        cells = cells.filter(kind__in=list(kinds))
    rows = cells.values("version_id", "kind").annotate(total=Sum("n")).order_by()
    return {(r["version_id"], r["kind"]): int(r["total"]) for r in rows}


def summary_aggregate(
    unit_ids: Collection[int], start: dt.date, end: dt.date
) -> list[dict[str, Any]]:
    """What ii06a.aggregate returns (one dict per field and level), read from the summary."""
    period = _sums(unit_ids, _pieces(start, end), None)
    until_end = _sums(unit_ids, _pieces(None, end), CUMULATIVE)
    versions = {v for v, _ in period} | {v for v, _ in until_end}
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    keys = ("c4", "c5", "c6", "c8", "c9", "c10", "c12", "c13", "closed")
    info = ProcedureVersion.objects.filter(pk__in=versions).values_list(
        "pk", "field__code", "field__name", "field__report_order", "level"
    )
    for pk, code, name, order, level in info:
        p = {kind: period.get((pk, kind), 0) for kind in range(1, 10)}
        u = {kind: until_end.get((pk, kind), 0) for kind in range(1, 10)}
        pending_end = u[ACC_ONLINE] + u[ACC_OTHER] - u[FINISH]
        overdue_end = u[OVERDUE_FROM] - u[OVERDUE_TO]
        accepted_in = p[ACC_ONLINE] + p[ACC_OTHER]
        counts = {
            "c4": p[ACC_ONLINE],
            "c5": p[ACC_OTHER],
            "c6": pending_end - accepted_in + p[FINISH],
            "c8": p[EARLY],
            "c9": p[ON_TIME],
            "c10": p[LATE],
            "c12": pending_end - overdue_end,
            "c13": overdue_end,
            "closed": p[CLOSED],
        }
        group = groups.setdefault(
            (code, name, order, level),
            {
                "procedure_version__field__code": code,
                "procedure_version__field__name": name,
                "procedure_version__field__report_order": order,
                "procedure_version__level": level,
                **dict.fromkeys(keys, 0),
            },
        )
        for key in keys:
            group[key] += counts[key]
    return sorted(
        groups.values(),
        key=lambda g: (
            g["procedure_version__field__report_order"],
            g["procedure_version__field__code"],
        ),
    )
