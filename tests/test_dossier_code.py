"""The dossier code by the text in force on the day of receipt."""

import datetime as dt

import pytest

from motcua.domain.codes import CodeError
from motcua.domain.dossier_code import (
    ND_118_2025_ART_28,
    TT_01_2018_ART_19,
    dossier_code_rule,
)


def test_before_01_07_2025_tt_01_2018_art_19_uses_the_full_agency_code() -> None:
    rule = dossier_code_rule(dt.date(2024, 2, 7))
    assert rule is TT_01_2018_ART_19
    assert "Điều 19" in rule.source
    assert not rule.assumed
    assert rule.code("000.01.10.H01", dt.date(2024, 2, 7), 1) == "000.01.10.H01-240207-0001"
    # Before the circular took effect the same layout is used (no older form in motcua).
    assert dossier_code_rule(dt.date(2018, 12, 31)) is TT_01_2018_ART_19


def test_from_01_07_2025_nd_118_keeps_the_layout_as_a_marked_assumption() -> None:
    assert dossier_code_rule(dt.date(2025, 6, 30)) is TT_01_2018_ART_19
    rule = dossier_code_rule(dt.date(2025, 7, 1))
    assert rule is ND_118_2025_ART_28
    assert rule.assumed
    assert "118/2025/NĐ-CP" in rule.source
    assert "03/2025/TT-VPCP" in rule.source
    assert rule.code("000.00.31.H01", dt.date(2025, 7, 1), 12) == "000.00.31.H01-250701-0012"


def test_a_short_or_malformed_agency_code_and_a_bad_number_are_refused() -> None:
    rule = dossier_code_rule(dt.date(2025, 7, 1))
    with pytest.raises(CodeError, match="không đúng dạng"):
        rule.code("H01.31", dt.date(2025, 7, 1), 1)
    with pytest.raises(CodeError, match="từ 1 đến 9999"):
        rule.code("000.00.31.H01", dt.date(2025, 7, 1), 10000)
    with pytest.raises(TypeError):
        dossier_code_rule(dt.datetime(2025, 7, 1, 8, 0))
