"""The staff list's queries at province scale: a page and the status tabs' counts, read part
by part.

The dossiers a user sees are disjoint parts (permissions.visible_parts: received by the served
units; decided by them but received elsewhere; another unit's dossier whose open step they
hold). One condition "this OR that OR …" makes the database collect every row of the unit
before it can sort them; each part alone walks its own index in the list's order and stops at
the page. A page is the merge of the parts' pages (keyset.py), a count the sum of theirs.

The tabs of dossiers still being worked on ("Chưa hoàn thành" and its subdivisions) are counted
exactly: they are few, and their partial indexes hold only them. The archive tabs ("Đã trả kết
quả", "Dừng, từ chối", "Tất cả") grow with the years: each is counted up to COUNT_CAP and then
shown as "hơn 1.000" (the statistics are in the reports, which count everything).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from motcua.domain.status_groups import ALL, OPEN, STATUS_GROUPS
from motcua.dossiers import keyset
from motcua.dossiers.models import Dossier

COUNT_CAP = 1000
OPEN_VALUES = sorted(s.value for s in STATUS_GROUPS[OPEN].statuses)
_EARLIEST = dt.datetime(1, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class TabCount:
    number: int
    more: bool = False  # there are more than `number` (the count stopped at COUNT_CAP)

    def text(self) -> str:
        """ "63", "1.000" or "hơn 1.000" (the thousands dot of Vietnamese)."""
        figure = f"{self.number:,}".replace(",", ".")
        return f"hơn {figure}" if self.more else figure


def _working(group: str) -> bool:
    return STATUS_GROUPS[group].statuses <= STATUS_GROUPS[OPEN].statuses


def tab_counts(parts: list[QuerySet[Dossier]]) -> dict[str, TabCount]:
    """The count of every status tab over the parts (each already filtered but for the tab)."""
    by_status: Counter[str] = Counter()
    for part in parts:
        # the open statuses written literally: the partial indexes of open dossiers serve it
        rows = (
            part.filter(status__literal_in=OPEN_VALUES)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        by_status.update(dict(rows))
    counts = {
        key: TabCount(sum(by_status[s.value] for s in group.statuses))
        for key, group in STATUS_GROUPS.items()
        if _working(key)
    }
    archive = 0
    capped = False
    for key, group in STATUS_GROUPS.items():
        if _working(key) or key == ALL:
            continue
        values = sorted(s.value for s in group.statuses)
        found = sum(
            part.filter(status__literal_in=values).order_by().values("pk")[: COUNT_CAP + 1].count()
            for part in parts
        )
        counts[key] = TabCount(min(found, COUNT_CAP), more=found > COUNT_CAP)
        archive += min(found, COUNT_CAP)
        capped = capped or found > COUNT_CAP
    # above the cap "Tất cả" reads like the archive tab that passed it: "hơn 1.000"
    total = counts[OPEN].number + archive
    counts[ALL] = TabCount(COUNT_CAP, more=True) if capped else TabCount(total)
    return {key: counts[key] for key in STATUS_GROUPS}


def count_of(parts: list[QuerySet[Dossier]], condition: Q) -> TabCount:
    """The rows of the parts that meet `condition`, counted up to COUNT_CAP."""
    found = sum(
        part.filter(condition).order_by().values("pk")[: COUNT_CAP + 1].count() for part in parts
    )
    return TabCount(min(found, COUNT_CAP), more=found > COUNT_CAP)


def _display_key(order: keyset.Order, dossier: Dossier) -> tuple[bool, dt.datetime, int]:
    """Sorts rows into the list's order: ascending keys ascending; descending ones with
    `reverse=True`. Rows without the date come last either way."""
    value = getattr(dossier, order.column)
    if order.descending:
        return (value is not None, value or _EARLIEST, dossier.pk)
    return (value is None, value or _EARLIEST, dossier.pk)


def page(
    parts: list[QuerySet[Dossier]],
    order: keyset.Order,
    *,
    after: keyset.Position | None = None,
    before: keyset.Position | None = None,
    size: int = keyset.PAGE_SIZE,
) -> keyset.Page:
    """keyset.page over the union of the parts: each part's nearest size + 1 rows, merged."""
    found: list[Dossier] = []
    for part in parts:
        found += keyset.nearest(part, order, after=after, before=before, size=size)
    found.sort(key=lambda d: _display_key(order, d), reverse=order.descending)
    if before is not None:
        return keyset.page_of(found[-(size + 1) :], order, after=after, before=before, size=size)
    return keyset.page_of(found[: size + 1], order, after=after, before=before, size=size)


def union_of(visible: list[Q]) -> QuerySet[Dossier]:
    """The parts as one query (the export reads every row in order anyway)."""
    either = Q(pk__in=[])
    for part in visible:
        either |= part
    return Dossier.objects.filter(either)


def parts_of(visible: list[Q], condition: Q) -> list[QuerySet[Dossier]]:
    """The parts, each with the list's filters."""
    return [Dossier.objects.filter(part).filter(condition) for part in visible]
