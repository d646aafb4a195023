import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.domain.fees import (
    TT226_CONTRACT,
    TT226_COPY,
    TT226_SIGNATURE,
    FeeError,
    FeeRule,
    compute_fee,
)


@pytest.mark.parametrize(
    ("pages", "copies", "expected"),
    [
        (1, 1, 2000),
        (2, 1, 4000),
        (3, 1, 5000),
        (10, 2, 24000),
        (197, 1, 199_000),
        (198, 1, 200_000),
        (500, 1, 200_000),
        (500, 3, 600_000),
    ],
)
def test_certified_copies_cost_as_tt_226_says(pages: int, copies: int, expected: int) -> None:
    assert compute_fee(TT226_COPY, pages=pages, copies=copies) == expected


def test_signatures_and_contracts() -> None:
    assert compute_fee(TT226_SIGNATURE, units=3) == 30_000
    assert compute_fee(TT226_CONTRACT) == 50_000
    assert compute_fee(TT226_CONTRACT, exempt=True) == 0
    assert compute_fee(FeeRule("free")) == 0


def test_zero_pages_is_refused_in_vietnamese() -> None:
    with pytest.raises(FeeError, match="phải từ 1 trở lên"):
        compute_fee(TT226_COPY, pages=0)


def _oracle(pages: int, copies: int) -> int:
    """Page by page, as a clerk adds it up, then the cap per copy."""
    total = 0
    for _ in range(copies):
        copy_price = 0
        for page in range(1, pages + 1):
            copy_price += 2000 if page <= 2 else 1000
        total += min(copy_price, 200_000)
    return total


@given(st.integers(min_value=1, max_value=600), st.integers(min_value=1, max_value=5))
def test_per_page_fees_match_a_page_by_page_count(pages: int, copies: int) -> None:
    assert compute_fee(TT226_COPY, pages=pages, copies=copies) == _oracle(pages, copies)
