"""{% load staff_menu %}{% staff_menu %} — the staff menu of base.html (core/menu.py)."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.core.menu import menu_for

register = template.Library()


@register.inclusion_tag("core/_staff_menu.html", takes_context=True)
def staff_menu(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    if request is None:
        return {"items": []}
    return {"items": menu_for(getattr(request, "user", None), request.get_full_path())}
