from hypothesis import given
from hypothesis import strategies as st

from motcua.domain.report_checks import COLUMNS, check_report, check_row

# The seed's annex (Báo cáo 451/BC-UBND, Biểu II.06a), transcribed as printed.
SEED = [
    ("Lĩnh vực Chứng thực", [675, 675, 0, 0, 675, 674, 1, 0, 0, 0, 0]),
    ("Lĩnh vực Hộ tịch", [949, 941, 8, 0, 949, 940, 9, 0, 0, 0, 0]),
    ("Lĩnh vực TĐ-KT", [4, 4, 0, 0, 4, 4, 0, 0, 0, 0, 0]),
    ("Lĩnh vực BTXH", [14, 0, 0, 0, 14, 14, 0, 0, 0, 0, 0]),
    ("Lĩnh vực NCC", [7, 0, 1, 0, 7, 7, 0, 0, 0, 0, 0]),
    ("Lĩnh vực Đất đai", [2, 0, 2, 0, 2, 2, 0, 0, 0, 0, 0]),
    ("Tiếp dân và xử lý đơn thư", [1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0]),
]
SEED_TOTAL = [1652, 1640, 12, 0, 1652, 1642, 10, 0, 0, 0, 0]


def _row(values: list[int]) -> dict[str, int]:
    return dict(zip(COLUMNS, values, strict=True))


def test_the_seed_annex_contradictions_are_all_flagged() -> None:
    problems = [
        str(p) for p in check_report([(name, _row(v)) for name, v in SEED], _row(SEED_TOTAL))
    ]
    assert "Lĩnh vực BTXH: (3) ≠ (4)+(5)+(6) — 14 ≠ 0 + 0 + 0" in problems
    assert "Lĩnh vực NCC: (3) ≠ (4)+(5)+(6) — 7 ≠ 0 + 1 + 0" in problems
    assert "Tổng cộng: cột (4) ≠ tổng các dòng — 1.640 ≠ 1.620" in problems
    assert len(problems) == 3  # everything else in the annex reconciles


@st.composite
def consistent_rows(draw: st.DrawFn) -> dict[str, int]:
    c4, c5, c6, c8, c9, c10, c12, c13 = (draw(st.integers(0, 500)) for _ in range(8))
    return {
        "c3": c4 + c5 + c6,
        "c4": c4,
        "c5": c5,
        "c6": c6,
        "c7": c8 + c9 + c10,
        "c8": c8,
        "c9": c9,
        "c10": c10,
        "c11": c12 + c13,
        "c12": c12,
        "c13": c13,
    }


@given(st.lists(consistent_rows(), min_size=1, max_size=8), st.data())
def test_consistent_reports_pass_and_any_single_change_is_caught(
    rows: list[dict[str, int]], data: st.DataObject
) -> None:
    total = {c: sum(r[c] for r in rows) for c in COLUMNS}
    labelled = [(f"dòng {i}", r) for i, r in enumerate(rows, 1)]
    assert check_report(labelled, total) == []
    column = data.draw(st.sampled_from(COLUMNS))
    broken = dict(total)
    broken[column] += data.draw(st.integers(1, 9))
    assert check_report(labelled, broken)


def test_the_closed_line_completes_the_received_identity() -> None:
    row = {
        "c3": 10,
        "c4": 10,
        "c5": 0,
        "c6": 0,
        "c7": 7,
        "c8": 7,
        "c9": 0,
        "c10": 0,
        "c11": 2,
        "c12": 2,
        "c13": 0,
        "closed": 1,
    }
    assert check_row("x", row) == []
    assert check_row("x", {**row, "closed": 0})
