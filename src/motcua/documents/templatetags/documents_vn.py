"""Filters for the official forms: Vietnamese time whatever the active time zone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from motcua.documents import formatting
from motcua.documents.formsets import PageSize
from motcua.documents.layout import HeaderLayout, header_layout

register = template.Library()


@register.filter
def gio_ngay(value: dt.datetime | None) -> str:
    """{{ t|gio_ngay }} → "08 giờ 30 phút, ngày 05 tháng 01 năm 2026"."""
    return formatting.time_and_date(value)


@register.filter
def ngay_dai(value: dt.date | dt.datetime | None) -> str:
    """{{ d|ngay_dai }} → "ngày 05 tháng 01 năm 2026"."""
    return formatting.long_date(value)


@register.filter
def ngay_so(value: dt.date | dt.datetime | None) -> str:
    """{{ d|ngay_so }} → "05/01/2026"."""
    return formatting.short_date(value)


@register.filter
def gio_ngay_so(value: dt.datetime | None) -> str:
    """{{ t|gio_ngay_so }} → "08:30 05/01/2026"."""
    return formatting.short_date_time(value)


@register.simple_tag
def nd30_header(agency: Any, page: PageSize) -> HeaderLayout:
    """{% nd30_header agency page as header %}: the header's column widths and issuer lines."""
    if isinstance(agency, dict):
        parent, name = agency.get("parent_name", ""), agency.get("name", "")
    else:
        parent, name = agency.parent_name, agency.name
    return header_layout(page, parent, name)
