"""Who signs a document a unit issues, and in which position (NĐ 30/2020, Phụ lục I, mục II.8).

The position is the user's "chức vụ" (set in the admin), never typed on the document. A
document the actor signs himself (a result he approves) carries his position; a letter the
desk prints for the head's wet signature (the apology, the stop notice) carries the position
and name of the unit's leader who holds the head's position, or only the head's title, with
room for the name to be written by hand, when no such leader is recorded.
"""

from __future__ import annotations

import dataclasses

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.domain.text import nfc
from motcua.units.models import Unit

DEPUTY_PREFIXES = ("PHÓ ", "KT.", "Q. ")


@dataclasses.dataclass(frozen=True)
class Signer:
    position: str  # "" when unknown: the block prints the head's title of the issuer
    name: str


def own_signature(actor: User) -> Signer:
    """The actor signs in his own position (a result he approves and signs digitally)."""
    return Signer(position=nfc(actor.position).strip(), name=str(actor))


def _is_head(position: str) -> bool:
    text = " ".join(nfc(position).upper().split())
    return bool(text) and not text.startswith(DEPUTY_PREFIXES)


def head_of(unit: Unit) -> Signer:
    """The unit's head for a letter printed for signature: an active leader of the unit whose
    position is not a deputy's; else the head's title alone and an empty name."""
    leaders = (
        User.objects.filter(unit=unit, is_active=True, groups__name=Role.LEADER.value)
        .exclude(position="")
        .order_by("pk")
    )
    for leader in leaders:
        if _is_head(leader.position):
            return Signer(position=nfc(leader.position).strip(), name=str(leader))
    return Signer(position="", name="")


def letter_signer(unit: Unit, actor: User) -> Signer:
    """A letter issued by ``unit`` on the actor's act: the actor when he holds a position (a
    leader signing his own letter), else the unit's head."""
    if nfc(actor.position).strip():
        return own_signature(actor)
    return head_of(unit)
