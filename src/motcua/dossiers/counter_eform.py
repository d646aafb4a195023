"""The e-form on the counter intake page (intake.py), supplied by the eforms app.

E-form values point at dossiers (an eforms FormData row belongs to a Dossier), so dossiers does
not import the eforms app: that app sets the page's e-form from its AppConfig.ready
(`set_counter_eform`: eforms/pages.for_intake, a PageForm). The intake page checks the e-form
before anything is written (`check`), draws it (`sections`) and keeps its values with the
dossier, in the intake's own transaction (`keep_for_dossier`). The dossier page's e-form
section is an addition of detail_extras.py, from the same ready().

The eforms app is always installed. A missing registration fails loudly rather than dropping
the applicant's declaration: `counter_eform` raises ImproperlyConfigured, and the system check
`check_counter_eform` reports it at start-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit


class CounterEform(Protocol):
    """The e-form of one procedure version on the intake page (empty when it has none)."""

    @property
    def ok(self) -> bool: ...  # nothing posted is wrong (a 400 page otherwise)

    def typed(self, post: Mapping[str, str]) -> bool: ...  # anything typed into it

    def check(self, post: Mapping[str, str], *, day: dt.date, complete: bool) -> bool: ...

    def sections(
        self, *, day: dt.date, near: Unit | None, post: Mapping[str, str] | None = None
    ) -> list[Any]: ...

    def keep_for_dossier(self, dossier: Dossier, *, actor: User) -> None: ...


Make = Callable[[ProcedureVersion | None], CounterEform]
_MAKE: dict[str, tuple[Make, str]] = {}
MISSING = "Chưa đăng ký tờ khai điện tử của trang tiếp nhận (ứng dụng eforms: EformsConfig.ready)."


def set_counter_eform(make: Make, invalid: str) -> None:
    """`make(version)`: the page's e-form; `invalid`: the message when what was typed is wrong."""
    _MAKE["eform"] = (make, invalid)


def _registered() -> tuple[Make, str]:
    found = _MAKE.get("eform")
    if found is None:
        raise ImproperlyConfigured(MISSING)
    return found


def counter_eform(version: ProcedureVersion | None) -> CounterEform:
    return _registered()[0](version)


def invalid_message() -> str:
    """The intake's refusal when the e-form holds a wrong value (shown at each field too)."""
    return _registered()[1]


def check_counter_eform(**_: Any) -> list[CheckMessage]:
    """The system check: the eforms app has set the counter's e-form."""
    return [] if "eform" in _MAKE else [Error(MISSING, id="dossiers.E002")]
