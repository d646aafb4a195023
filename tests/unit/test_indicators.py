"""QĐ 766 scoring and NQ verdicts against an independent oracle (Decimal, not Fraction)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from math import prod
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.domain.indicators import (
    COMPONENTS,
    GROUPS,
    MEASURES,
    NO_DATA,
    NOT_ARISEN,
    IndicatorInputs,
    InputError,
    Ratio,
    Status,
    score_index,
)
from motcua.domain.nq_targets import MET, NOT_MET, TARGETS, judge, targets_on

# The table of docs/domain.md §9, typed again by hand: group → (max, [component maxima]).
TABLE = {
    "Công khai, minh bạch": (18, [6, 4, 2, 6]),
    "Tiến độ giải quyết": (20, [20]),
    "Cung cấp dịch vụ trực tuyến": (22, [12, 10]),
    "Mức độ hài lòng": (18, [6, 6, 6]),
    "Số hóa hồ sơ": (22, [6, 4, 2, 4, 2, 2, 2]),
}


def test_the_groups_and_points_are_exactly_the_table_of_the_domain_rules() -> None:
    found = {
        g.name: (g.max_points, [c.max_points for c in COMPONENTS if c.group == g.code])
        for g in GROUPS
    }
    assert found == TABLE
    assert sum(g.max_points for g in GROUPS) == 100


def test_every_component_and_target_refers_to_a_defined_measure_with_an_input_field() -> None:
    fields = set(IndicatorInputs.__dataclass_fields__) - {"figures"}
    assert set(MEASURES) == fields
    for component in COMPONENTS:
        assert all(key in MEASURES for key, _ in component.parts)
    assert all(t.measure in MEASURES for t in TARGETS)
    assert all(m.source for m in MEASURES.values())


def _oracle_points(ratios: list[tuple[int, int, int]], max_points: int) -> Decimal:
    """Weighted mean of the rates × max, rounded half-up to 0,01, in exact integer arithmetic.

    (A 60-digit Decimal is not exact: 14/96 × 6 = 0,875 came out as 0,8749…9 and rounded down.)
    """
    product = prod(d for _, d, _ in ratios)
    weight = sum(w for _, _, w in ratios)
    numerator = 100 * max_points * sum(n * w * (product // d) for n, d, w in ratios)
    denominator = weight * product
    hundredths = (2 * numerator + denominator) // (2 * denominator)
    return Decimal(hundredths) / 100


ratio = st.integers(0, 5000).flatmap(
    lambda d: st.one_of(st.none(), st.integers(0, d).map(lambda n: Ratio(n, d)))
)
inputs_strategy = st.fixed_dictionaries(dict.fromkeys(MEASURES, ratio)).map(
    lambda values: IndicatorInputs(**cast(dict[str, Any], values))
)


@given(inputs_strategy)
def test_scores_never_exceed_their_maximum_and_totals_are_the_sums(
    inputs: IndicatorInputs,
) -> None:
    index = score_index(inputs)
    for group in index.groups:
        scored = [c for c in group.components if c.score is not None]
        assert group.score == sum((c.score for c in scored if c.score is not None), Decimal(0))
        assert group.assessed_max == sum(c.component.max_points for c in scored)
        assert 0 <= group.score <= group.assessed_max <= group.group.max_points
        for c in group.components:
            assert c.score is None or 0 <= c.score <= c.component.max_points
    assert index.total == sum((g.score for g in index.groups), Decimal(0))
    assert index.assessed_max == sum(g.assessed_max for g in index.groups) <= 100


@given(inputs_strategy)
def test_each_component_score_equals_the_oracle(inputs: IndicatorInputs) -> None:
    for group in score_index(inputs).groups:
        for scored in group.components:
            component = scored.component
            ratios = [(inputs.get(key), w) for key, w in component.parts]
            if any(r is None for r, _ in ratios):
                assert scored.status is Status.NO_DATA
                assert scored.label == NO_DATA
                continue
            arisen = [(r.numerator, r.denominator, w) for r, w in ratios if r and r.denominator]
            if not arisen:
                if component.code == "PAKN_ON_TIME":  # full marks when there were none
                    assert scored.score == component.max_points
                else:
                    assert scored.status is Status.NOT_ARISEN
                    assert scored.label == NOT_ARISEN
                continue
            assert scored.score == _oracle_points(arisen, component.max_points)


def test_half_up_rounding_of_points_and_percentages() -> None:
    # 0,995 × 2 = 1,99; 1/8 of 6 = 0,75; 1/400 of 2 = 0,005 → 0,01 (half-up, not half-even)
    index = score_index(IndicatorInputs(reused=Ratio(1, 400), digitised=Ratio(1361, 1652)))
    mdsh = next(g for g in index.groups if g.group.code == "MDSH")
    by_code = {c.component.code: c for c in mdsh.components}
    assert by_code["REUSED"].score == Decimal("0.01")
    assert by_code["DIGITISED"].score == Decimal("3.30")  # 82,38% × 4 = 3,2953…
    assert by_code["DIGITISED"].percent == "82,38%"
    assert mdsh.score == Decimal("3.31")
    on_time = score_index(IndicatorInputs(on_time=Ratio(1642, 1652))).groups[1].components[0]
    assert on_time.percent == "99,39%"
    assert on_time.score == Decimal("19.88")


def test_a_ratio_cannot_exceed_its_denominator() -> None:
    for bad in ((3, 2), (-1, 2), (0, -1)):
        with pytest.raises(InputError, match="không hợp lệ"):
            Ratio(*bad)


def test_the_2024_targets_apply_to_a_period_ending_in_2024_only() -> None:
    in_force = targets_on(dt.date(2024, 5, 19))
    assert {t.document[:19] for t in in_force} == {"Nghị quyết số 01/NQ", "Nghị quyết số 02/NQ"}
    assert targets_on(dt.date(2026, 5, 19)) == ()
    online = next(t for t in in_force if t.row == "3")
    assert online.wording == "Tối thiểu 50%"


@given(st.integers(0, 3000).flatmap(lambda d: st.tuples(st.integers(0, d), st.just(d))))
def test_a_target_is_met_when_the_printed_percentage_reaches_it(nd: tuple[int, int]) -> None:
    numerator, denominator = nd
    inputs = IndicatorInputs(online_dossiers=Ratio(numerator, denominator))
    target = next(t for t in TARGETS if t.measure == "online_dossiers")
    result = judge(target, inputs)
    if denominator == 0:
        assert result.verdict == NOT_ARISEN
        return
    printed = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    assert result.verdict == (MET if printed >= 50 else NOT_MET)
    assert result.percent == f"{printed}%".replace(".", ",")


def test_hundred_percent_targets_and_missing_sources() -> None:
    electronic = next(t for t in TARGETS if t.measure == "electronic_results")
    assert judge(electronic, IndicatorInputs(electronic_results=Ratio(19999, 20000))).verdict == (
        MET  # prints 99,995 → 100,00%
    )
    assert judge(electronic, IndicatorInputs(electronic_results=Ratio(1999, 2000))).verdict == (
        NOT_MET  # 99,95%
    )
    pakn = next(t for t in TARGETS if t.measure == "pakn_on_time")
    assert judge(pakn, IndicatorInputs()).verdict == NO_DATA
    assert judge(pakn, IndicatorInputs(pakn_on_time=Ratio(0, 0))).verdict == MET
