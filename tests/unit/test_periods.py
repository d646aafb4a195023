import datetime as dt

import pytest

from motcua.domain.periods import PeriodError, period


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2024-Q1", dt.date(2023, 12, 15), dt.date(2024, 3, 14)),
        ("2024-Q2", dt.date(2024, 3, 15), dt.date(2024, 6, 14)),
        ("2024-Q3", dt.date(2024, 6, 15), dt.date(2024, 9, 14)),
        ("2024-Q4", dt.date(2024, 9, 15), dt.date(2024, 12, 14)),
        ("2024-H1", dt.date(2023, 12, 15), dt.date(2024, 6, 14)),
        ("2024-H2", dt.date(2024, 6, 15), dt.date(2024, 12, 14)),
        ("2024", dt.date(2023, 12, 15), dt.date(2024, 12, 14)),
        ("2024-m05", dt.date(2024, 4, 15), dt.date(2024, 5, 14)),
    ],
)
def test_periods_follow_the_15th_to_14th_cut_off(label: str, start: dt.date, end: dt.date) -> None:
    assert period(label) == (start, end)


def test_the_cut_off_day_is_a_setting() -> None:
    assert period("2024-Q2", cutoff=20) == (dt.date(2024, 3, 20), dt.date(2024, 6, 19))


def test_a_bad_label_is_refused_in_vietnamese() -> None:
    with pytest.raises(PeriodError, match="không hợp lệ"):
        period("2024-Q5")
