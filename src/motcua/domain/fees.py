"""Fee arithmetic from catalogue rules (pure).

Certification (TT 226/2016/TT-BTC, Art. 4): a copy certified from the original costs 2.000 đồng
a page for pages 1–2, 1.000 đồng a page from page 3, at most 200.000 đồng per copy; a signature
10.000 đồng each; a contract or transaction 50.000 đồng. Civil-status fees are fixed amounts or
free (Luật Hộ tịch 2014 Art. 11 exempts on-time birth and death registration).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RuleKind = Literal["fixed", "per_page", "per_unit", "free"]


class FeeError(ValueError):
    """Bad input for a fee; the message is Vietnamese, for the officer."""


@dataclass(frozen=True)
class FeeRule:
    rule: RuleKind
    amount: int = 0
    first_pages: int | None = None
    per_page_first: int | None = None
    per_page_after: int | None = None
    cap: int | None = None


def per_copy(rule: FeeRule, pages: int) -> int:
    """The price of one copy of `pages` pages under a per-page rule, capped."""
    first = rule.first_pages or 0
    price = (rule.per_page_first or 0) * min(pages, first) + (rule.per_page_after or 0) * max(
        0, pages - first
    )
    return min(price, rule.cap) if rule.cap is not None else price


def compute_fee(
    rule: FeeRule, *, pages: int = 1, copies: int = 1, units: int = 1, exempt: bool = False
) -> int:
    """The amount due in đồng. `units` counts signatures, documents… for per-unit rules."""
    if min(pages, copies, units) < 1:
        raise FeeError("Số trang, số bản và số lượng phải từ 1 trở lên.")
    if exempt or rule.rule == "free":
        return 0
    if rule.rule == "fixed":
        return rule.amount * copies
    if rule.rule == "per_unit":
        return rule.amount * units
    return per_copy(rule, pages) * copies


TT226_COPY = FeeRule(
    "per_page", first_pages=2, per_page_first=2000, per_page_after=1000, cap=200_000
)
TT226_SIGNATURE = FeeRule("per_unit", amount=10_000)
TT226_CONTRACT = FeeRule("fixed", amount=50_000)
