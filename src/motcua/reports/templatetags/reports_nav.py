"""{% load reports_nav %}{% if user|may_see_reports %} — the staff navigation's "Báo cáo" link."""

from __future__ import annotations

from django import template

from motcua.reports.permissions import may_see_reports as _may_see_reports

register = template.Library()


@register.filter
def may_see_reports(user: object) -> bool:
    return _may_see_reports(user)
