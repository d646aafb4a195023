"""Links of a filtered, paged list: the current query string with some keys dropped or set.

The staff dossier list (`/ho-so/`) and the alerts board (`/canh-bao/`) build their paging and
filter links with it, so that a link keeps every filter the person chose."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import QueryDict


def query_with(params: QueryDict, drop: Iterable[str] = (), **values: object) -> str:
    """`params` without the keys in `drop`, with `values` set (replacing any they had)."""
    query = params.copy()
    for key in (*drop, *values):
        query.pop(key, None)
    for key, value in values.items():
        query[key] = str(value)
    return query.urlencode()
