"""What the apps above dossiers add to the staff page of a dossier (views.detail).

An app that holds something about a dossier (the citizens app: what the applicant wrote when
submitting online) adds it from its AppConfig.ready with `add_detail_context`; the page merges
every addition into its template context. dossiers imports none of those apps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from motcua.dossiers.models import Dossier

Extra = Callable[[Dossier], dict[str, Any]]
_EXTRAS: dict[str, Extra] = {}


def add_detail_context(key: str, extra: Extra) -> None:
    """Add (or replace) the addition `key`: dossier -> template variables."""
    _EXTRAS[key] = extra


def detail_context(dossier: Dossier) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for extra in _EXTRAS.values():
        context.update(extra(dossier))
    return context
