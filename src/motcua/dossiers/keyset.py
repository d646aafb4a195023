"""Keyset paging of the staff dossier list: every page costs the same, the last one included.

A page is asked for as "after the row (value, id)" (`sau=`) or "before it" (`truoc=`), never by
an offset the database would have to count through. The order is one date column, ascending or
descending, with rows without that date (not yet accepted: no due date) after all others, then
the id in the same direction, so that rows with the same date keep one order across pages.
A position is written in the URL as "<microseconds since 1970>.<id>", or "n.<id>" for a row
without the date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy

from motcua.dossiers.models import Dossier

PAGE_SIZE = 50
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_POSITION = re.compile(r"(n|-?\d{1,18})\.(\d{1,18})")


@dataclass(frozen=True)
class Order:
    column: str
    descending: bool
    nullable: bool = False  # rows may lack the date (else none is ever empty)


ORDERS = {
    "nhan-moi": Order("received_at", descending=True),
    "nhan-cu": Order("received_at", descending=False),
    "han": Order("due_at", descending=False, nullable=True),
}


@dataclass(frozen=True)
class Position:
    value: dt.datetime | None
    pk: int

    def token(self) -> str:
        if self.value is None:
            return f"n.{self.pk}"
        delta = self.value - _EPOCH
        micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return f"{micros}.{self.pk}"


def read_position(token: str) -> Position | None:
    """The position in a URL, or None if it is not one."""
    match = _POSITION.fullmatch(token)
    if match is None:
        return None
    value, pk = match.groups()
    if value == "n":
        return Position(None, int(pk))
    try:
        return Position(_EPOCH + dt.timedelta(microseconds=int(value)), int(pk))
    except OverflowError:
        return None


@dataclass
class Page:
    rows: list[Dossier]
    first: Position | None  # of the first row shown (for "Trang trước")
    last: Position | None  # of the last row shown (for "Trang sau")
    has_previous: bool
    has_next: bool


def _position(order: Order, dossier: Dossier) -> Position:
    return Position(getattr(dossier, order.column), dossier.pk)


def _after(order: Order, at: Position) -> Q:
    """The rows after `at` in the list's order."""
    c = order.column
    beyond = "lt" if order.descending else "gt"
    if at.value is None:
        return Q(**{f"{c}__isnull": True, f"pk__{beyond}": at.pk})
    later = Q(**{f"{c}__{beyond}": at.value}) | Q(**{c: at.value, f"pk__{beyond}": at.pk})
    return later | Q(**{f"{c}__isnull": True}) if order.nullable else later


def _before(order: Order, at: Position) -> Q:
    """The rows before `at` in the list's order."""
    c = order.column
    short = "gt" if order.descending else "lt"
    if at.value is None:
        return Q(**{f"{c}__isnull": False}) | Q(**{f"{c}__isnull": True, f"pk__{short}": at.pk})
    return Q(**{f"{c}__{short}": at.value}) | Q(**{c: at.value, f"pk__{short}": at.pk})


def ordering(order: Order, *, reverse: bool) -> tuple[OrderBy, OrderBy]:
    """The ORDER BY of the list's order (`reverse`: read backwards). A column that is never
    empty is written without NULLS FIRST/LAST: PostgreSQL does not know that "DESC NULLS LAST"
    of such a column is its index read backwards, and would sort the unit's every row."""
    descending = order.descending != reverse
    column = F(order.column)
    if not order.nullable:
        return (column.desc(), F("pk").desc()) if descending else (column.asc(), F("pk").asc())
    if descending:
        key = column.desc(nulls_first=True) if reverse else column.desc(nulls_last=True)
        return key, F("pk").desc()
    key = column.asc(nulls_first=True) if reverse else column.asc(nulls_last=True)
    return key, F("pk").asc()


def nearest(
    rows: QuerySet[Dossier],
    order: Order,
    *,
    after: Position | None = None,
    before: Position | None = None,
    size: int = PAGE_SIZE,
) -> list[Dossier]:
    """The size + 1 rows nearest to the position (after `after`, before `before`, or from the
    start), in the list's order."""
    if before is not None:
        query = rows.filter(_before(order, before)).order_by(*ordering(order, reverse=True))
        return list(reversed(query[: size + 1]))
    query = rows.filter(_after(order, after)) if after is not None else rows
    return list(query.order_by(*ordering(order, reverse=False))[: size + 1])


def page_of(
    found: list[Dossier],
    order: Order,
    *,
    after: Position | None = None,
    before: Position | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """The page from `nearest`'s rows: one row more than the page says there is another."""
    if before is not None:
        has_previous, has_next = len(found) > size, True
        shown = found[-size:] if found else []
    else:
        has_previous, has_next = after is not None, len(found) > size
        shown = found[:size]
    if not shown:
        return Page([], None, None, has_previous=False, has_next=False)
    return Page(
        shown,
        _position(order, shown[0]),
        _position(order, shown[-1]),
        has_previous=has_previous,
        has_next=has_next,
    )


def page(
    rows: QuerySet[Dossier],
    order: Order,
    *,
    after: Position | None = None,
    before: Position | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """The page after `after`, or before `before`, or the first page."""
    found = nearest(rows, order, after=after, before=before, size=size)
    return page_of(found, order, after=after, before=before, size=size)
