"""Reading the report summary: II.06a's columns for a period from the cumulative counts
(reports/cells.py), for the reports (ii06a.py), the dashboard and the QĐ 766 index."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Collection
from typing import Any

from motcua.catalog.models import Field
from motcua.reports.cells import (
    ACC_ONLINE,
    ACC_OTHER,
    CLOSED,
    EARLY,
    FINISH,
    LATE,
    ON_TIME,
    ONE_DAY,
    OVERDUE_FROM,
    OVERDUE_TO,
    TABLE,
    Group,
    cumulative_cells,
)
from motcua.units.models import Unit
from motcua.units.tree import Subtree, units_below

# -- reading ---------------------------------------------------------------------------------


def roots_of(unit_ids: Collection[int]) -> list[int] | None:
    """The units of `unit_ids` whose parent is not in it, when `unit_ids` holds every unit
    below them (a report's scope); None otherwise (the summary cannot answer)."""

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
