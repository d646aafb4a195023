"""Template filters for Vietnamese official formats (loaded as a builtin in every template)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template
from django.utils import timezone

from motcua.domain import vnformat

register = template.Library()


@register.filter
def nd30(value: dt.date | dt.datetime | None) -> str:
    """{{ d|nd30 }} → "ngày 05 tháng 01 năm 2026"."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return vnformat.nd30_date(value)


@register.filter
def so(value: int | Decimal | None, decimals: int = 0) -> str:
    """{{ 1652|so }} → "1.652"."""
    if value is None:
        return ""
    return vnformat.format_number(value, decimals)


@register.filter
def dong(value: int | None) -> str:
    """{{ 1652000|dong }} → "1.652.000 đồng"."""
    if value is None:
        return ""
    return vnformat.format_money(value)


@register.filter
def bang_chu(value: int | None) -> str:
    """{{ 1652000|bang_chu }} → "Một triệu sáu trăm năm mươi hai nghìn đồng"."""
    if value is None:
        return ""
    return vnformat.amount_in_words(value)
