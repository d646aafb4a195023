"""The vectorised due-date path agrees with the scalar calendar and with the oracle."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.domain.bulk_due import WorkingDayTable, bulk_add_working_days, table_for
from motcua.domain.workcalendar import CalendarException, WorkCalendar
from tests.domain.oracle import ORACLE_EXAMPLES, Oracle

CAL = WorkCalendar()


def days(*values: str) -> npt.NDArray[np.datetime64]:
    return np.array(values, dtype="datetime64[D]")


def scalar(calendar: WorkCalendar, day: np.datetime64, n: int) -> np.datetime64:
    start = datetime.combine(day.astype(date), time(9, 0))
    return np.datetime64(calendar.add_working_days(start, n).date(), "D")


def test_it_skips_tet_2024_and_works_the_make_up_saturday() -> None:
    result = bulk_add_working_days(
        CAL, days("2024-02-07", "2024-04-26", "2024-04-26"), np.array([3, 3, 1])
    )
    assert result.tolist() == [date(2024, 2, 19), date(2024, 5, 4), date(2024, 5, 2)]


def test_zero_days_gives_the_same_or_the_next_working_day() -> None:
    result = bulk_add_working_days(CAL, days("2024-07-01", "2024-07-06"), np.array([0, 0]))
    assert result.tolist() == [date(2024, 7, 1), date(2024, 7, 8)]


def test_a_million_random_dossiers_agree_with_the_scalar_path() -> None:
    rng = np.random.default_rng(20240207)
    size = 1_000_000
    accepted = np.datetime64("2023-01-01") + rng.integers(0, 4 * 365, size).astype("timedelta64[D]")
    counts = rng.integers(0, 31, size)
    result = bulk_add_working_days(CAL, accepted, counts)
    # Every distinct (day, n) pair once through the scalar path, then spread to all rows.
    keys = accepted.astype(np.int64) * 64 + counts
    unique_keys, inverse = np.unique(keys, return_inverse=True)
    expected = np.array(
        [scalar(CAL, np.datetime64(int(k) // 64, "D"), int(k) % 64) for k in unique_keys],
        dtype="datetime64[D]",
    )
    assert np.array_equal(result, expected[inverse])


EXCEPTIONS = st.dictionaries(
    st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31)),
    st.sampled_from(["off", "work"]),
    max_size=15,
)


@settings(max_examples=ORACLE_EXAMPLES, deadline=None)
@given(
    exceptions=EXCEPTIONS,
    pairs=st.lists(
        st.tuples(
            st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 6, 30)), st.integers(0, 40)
        ),
        min_size=1,
        max_size=40,
    ),
)
def test_bulk_equals_scalar_equals_the_oracle_with_exceptions(
    exceptions: dict[date, str], pairs: list[tuple[date, int]]
) -> None:
    calendar = WorkCalendar(
        CalendarException(day, "work" if kind == "work" else "off", "thử", "thử")
        for day, kind in exceptions.items()
    )
    accepted = np.array([day for day, _ in pairs], dtype="datetime64[D]")
    counts = np.array([n for _, n in pairs], dtype=np.int64)
    result = bulk_add_working_days(calendar, accepted, counts).tolist()
    oracle = Oracle(exceptions)
    for (day, n), got in zip(pairs, result, strict=True):
        assert got == calendar.add_working_days(datetime.combine(day, time(8)), n).date()
        assert got == oracle.add_working_days(day, n)


def test_the_table_grows_until_every_result_fits() -> None:
    accepted = days("2026-12-20")
    table = table_for(CAL, accepted, np.array([300]))
    assert table.last > date(2027, 12, 1)
    expected = CAL.add_working_days(datetime(2026, 12, 20, 9), 300).date()
    assert table.add_working_days(accepted, np.array([300])).tolist() == [expected]


def test_dates_outside_the_table_are_refused() -> None:
    table = WorkingDayTable(CAL, date(2024, 1, 1), date(2024, 12, 31))
    with pytest.raises(ValueError, match="outside"):
        table.add_working_days(days("2023-12-31"), np.array([1]))
    with pytest.raises(ValueError, match="beyond"):
        table.add_working_days(days("2024-12-30"), np.array([5]))
    with pytest.raises(ValueError, match="same shape"):
        table.add_working_days(days("2024-06-03"), np.array([1, 2]))
    with pytest.raises(ValueError, match="≥ 0"):
        table.add_working_days(days("2024-06-03"), np.array([-1]))


def test_empty_input_gives_empty_output() -> None:
    result = bulk_add_working_days(CAL, days(), np.array([], dtype=np.int64))
    assert result.shape == (0,)
    assert result.dtype == np.dtype("datetime64[D]")


def test_the_table_honours_exceptions() -> None:
    calendar = WorkCalendar([CalendarException(date(2024, 7, 2), "off", "Bão", "CĐ 1/UBND")])
    result = bulk_add_working_days(calendar, days("2024-07-01"), np.array([1]))
    assert result.tolist() == [date(2024, 7, 1) + timedelta(days=2)]
