"""What dossiers asks the payments app about a dossier's fees, answered by that app.

Payments point at dossiers (a Payment row belongs to a Dossier), so dossiers does not import
the payments app: the payments app fills this registry from its AppConfig.ready
(`set_fee_rules`). Three questions are asked here:

- `owed(dossier)`: what the applicant still owes (fees waiting to be paid). The return act
  refuses to hand a result over while it is above 0 (collection.check_nothing_owed): nothing
  paid for is released before it is paid.
- `waiting_fee()`: the same as a condition on a dossier query (`Exists` of a waiting fee for
  `OuterRef("pk")`), for the public status page's "waiting for payment" flag (public.py).
- `receipt_dossiers(text, limit)`: the ids of the dossiers whose fee receipt number is `text`
  (the staff list's search box, desk_search.py).

The payments app is always installed. A missing registration fails loudly, never quietly
releases a result: every question raises ImproperlyConfigured, and the system check
`check_fee_rules` (run by `manage.py check`, `migrate`, `runserver`) reports it at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Exists

from motcua.dossiers.models import Dossier


@dataclass(frozen=True)
class FeeRules:
    owed: Callable[[Dossier], int]
    waiting_fee: Callable[[], Exists]
    receipt_dossiers: Callable[[str, int], list[int]]


_RULES: dict[str, FeeRules] = {}
MISSING = "Chưa đăng ký quy tắc phí, lệ phí (ứng dụng payments: PaymentsConfig.ready)."


def set_fee_rules(rules: FeeRules) -> None:
    _RULES["rules"] = rules


def _rules() -> FeeRules:
    rules = _RULES.get("rules")
    if rules is None:
        raise ImproperlyConfigured(MISSING)
    return rules


def owed(dossier: Dossier) -> int:
    """What the applicant still owes for the dossier (0 when nothing waits to be paid)."""
    return _rules().owed(dossier)


def waiting_fee() -> Exists:
    """True for a dossier (`OuterRef("pk")`) with a fee waiting to be paid."""
    return _rules().waiting_fee()


def receipt_dossiers(text: str, limit: int) -> list[int]:
    """Up to `limit` ids of the dossiers whose fee receipt number is `text` (any case)."""
    return _rules().receipt_dossiers(text, limit)


def check_fee_rules(**_: Any) -> list[CheckMessage]:
    """The system check: the payments app has filled the registry."""
    return [] if "rules" in _RULES else [Error(MISSING, id="dossiers.E001")]
