"""Which dossiers a signed-in citizen owns — asked by the pages above dossiers that serve
citizens (paying a fee, downloading a result), answered by the citizens app.

Ownership lives with the citizens app (a dossier submitted online by the citizen, or for the
organisation they represent: citizens/permissions.py). That app sets the rule from its
AppConfig.ready (`set_owner_rule`); without a rule nobody owns anything (the pages refuse).
"""

from __future__ import annotations

from collections.abc import Callable

OwnedBy = Callable[[object], set[int]]
Owns = Callable[[object, int], bool]
_RULE: dict[str, tuple[OwnedBy, Owns]] = {}


def set_owner_rule(owned_by: OwnedBy, owns: Owns) -> None:
    _RULE["rule"] = (owned_by, owns)


def dossiers_owned_by(user: object) -> set[int]:
    """The ids of the dossiers `user` owns as a citizen (empty for anyone else)."""
    rule = _RULE.get("rule")
    return rule[0](user) if rule else set()


def owns_dossier(user: object, dossier_pk: int) -> bool:
    """True when `user` owns the dossier as a citizen."""
    rule = _RULE.get("rule")
    return rule[1](user, dossier_pk) if rule else False
