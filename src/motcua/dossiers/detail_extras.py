"""What the apps above dossiers add to the staff page of a dossier (views.detail).

An app that holds something about a dossier adds it from its AppConfig.ready with
`add_detail_context`; the page merges every addition into its template context. dossiers
imports none of those apps. The additions today: `applicant_note` (citizens: what the applicant
wrote when submitting online), `payments` (payments: the dossier's fees and their receipts),
`eform_rows`, `eform_can_edit`, `eform_shown` (eforms: the e-form section, when the procedure
has one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier

Extra = Callable[[User, Dossier], dict[str, Any]]  # (the staff member, the dossier) -> variables
_EXTRAS: dict[str, Extra] = {}


def add_detail_context(key: str, extra: Extra) -> None:
    """Add (or replace) the addition `key`: (staff member, dossier) -> template variables."""
    _EXTRAS[key] = extra


def detail_context(user: User, dossier: Dossier) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for extra in _EXTRAS.values():
        context.update(extra(user, dossier))
    return context


def added() -> set[str]:
    """The keys of the additions registered (for the check that each app has added its own)."""
    return set(_EXTRAS)
