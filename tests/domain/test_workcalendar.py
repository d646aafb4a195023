"""The working calendar: official 2024–2026 schedules, office hours, and the oracle."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.domain.workcalendar import CalendarException, OfficeHours, WorkCalendar
from tests.domain.oracle import ORACLE_EXAMPLES, Oracle

CAL = WorkCalendar()
CLOSE = time(17, 0)


def at(day: int, month: int, year: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute)


def close(day: int, month: int, year: int) -> datetime:
    return datetime.combine(date(year, month, day), CLOSE)


# -- official schedules (checked against the holidays package and the published decisions) --


def test_it_skips_tet_2024() -> None:
    for day in range(8, 15):
        assert not CAL.is_working_day(date(2024, 2, day))
    assert CAL.is_working_day(date(2024, 2, 7))
    assert CAL.is_working_day(date(2024, 2, 15))
    # Accepted Wed 07/02 09:00, 3 working days: Thu 15, Fri 16, Mon 19/02.
    assert CAL.add_working_days(at(7, 2, 2024), 3) == close(19, 2, 2024)


def test_the_acceptance_day_itself_is_not_counted() -> None:
    assert CAL.add_working_days(at(1, 7, 2024, 7, 0), 1) == close(2, 7, 2024)
    assert CAL.add_working_days(at(1, 7, 2024, 16, 59), 1) == close(2, 7, 2024)


def test_an_acceptance_on_a_day_off_counts_from_the_next_working_day() -> None:
    assert CAL.add_working_days(at(6, 7, 2024), 1) == close(8, 7, 2024)  # Saturday → Monday
    assert CAL.add_working_days(at(5, 7, 2024, 18, 0), 1) == close(8, 7, 2024)  # Fri evening


def test_zero_working_days_is_the_same_working_day_or_the_next_one() -> None:
    assert CAL.add_working_days(at(1, 7, 2024), 0) == close(1, 7, 2024)
    assert CAL.add_working_days(at(6, 7, 2024), 0) == close(8, 7, 2024)


def test_negative_day_counts_are_rejected() -> None:
    with pytest.raises(ValueError, match="≥ 0"):
        CAL.add_working_days(at(1, 7, 2024), -1)


def test_the_2024_reunification_swap_gives_29_april_off_and_works_saturday_4_may() -> None:
    assert not CAL.is_working_day(date(2024, 4, 29))
    assert not CAL.is_working_day(date(2024, 4, 30))
    assert not CAL.is_working_day(date(2024, 5, 1))
    assert CAL.is_working_day(date(2024, 5, 4))
    assert CAL.add_working_days(at(26, 4, 2024), 1) == close(2, 5, 2024)
    assert CAL.add_working_days(at(26, 4, 2024), 3) == close(4, 5, 2024)
    assert CAL.add_working_days(at(26, 4, 2024), 4) == close(6, 5, 2024)
    assert CAL.makeup_days(2024) == [
        (date(2024, 5, 4), "Ngày làm việc bù cho ngày nghỉ 29/04/2024")
    ]


def test_national_day_2025_is_1_and_2_september() -> None:
    assert not CAL.is_working_day(date(2025, 9, 1))
    assert not CAL.is_working_day(date(2025, 9, 2))
    assert CAL.is_working_day(date(2025, 9, 3))
    assert CAL.add_working_days(at(29, 8, 2025), 1) == close(3, 9, 2025)


def test_gio_to_2026_falls_on_a_sunday_so_monday_27_april_is_off() -> None:
    assert CAL.reason(date(2026, 4, 26)) == "Ngày Giỗ Tổ Hùng Vương"
    assert not CAL.is_working_day(date(2026, 4, 27))
    assert "nghỉ bù" in (CAL.reason(date(2026, 4, 27)) or "")
    assert CAL.add_working_days(at(24, 4, 2026), 1) == close(28, 4, 2026)


def test_vietnamese_culture_day_is_a_holiday_from_2026() -> None:
    assert not CAL.is_working_day(date(2026, 11, 24))
    assert CAL.reason(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert CAL.is_working_day(date(2025, 11, 24))
    assert CAL.add_working_days(at(23, 11, 2026), 1) == close(25, 11, 2026)


def test_the_2026_national_day_swap_works_saturday_22_august() -> None:
    assert CAL.is_working_day(date(2026, 8, 22))
    assert not CAL.is_working_day(date(2026, 8, 31))
    assert [day for day, _ in CAL.makeup_days(2026)] == [date(2026, 8, 22)]


def test_days_off_lists_weekday_holidays_with_vietnamese_names() -> None:
    off = dict(CAL.days_off(2024))
    assert off[date(2024, 2, 9)] == "Giao thừa Tết Nguyên Đán"
    assert date(2024, 2, 10) not in off  # a Saturday: not an extra day off
    assert len(off) == 12


# -- exceptions win over the package -------------------------------------------------------


def test_a_work_exception_turns_a_holiday_into_a_working_day() -> None:
    cal = WorkCalendar(
        [CalendarException(date(2024, 2, 8), "work", "Trực Tết", "QĐ 1/2024/QĐ-UBND")]
    )
    assert cal.is_working_day(date(2024, 2, 8))
    assert cal.add_working_days(at(7, 2, 2024), 1) == close(8, 2, 2024)
    assert cal.reason(date(2024, 2, 8)) == "Trực Tết"


def test_an_off_exception_beats_the_package_make_up_saturday() -> None:
    exception = CalendarException(date(2024, 5, 4), "off", "Không làm bù", "CV 9/UBND")
    cal = WorkCalendar([exception])
    assert not cal.is_working_day(date(2024, 5, 4))
    assert cal.makeup_days(2024) == []
    assert (date(2024, 5, 4), "Không làm bù") in cal.days_off(2024)


def test_a_future_swap_can_be_added_as_a_pair_of_exceptions() -> None:
    cal = WorkCalendar(
        [
            CalendarException(date(2027, 4, 29), "off", "Nghỉ thay ngày 08/05/2027", "TB x/BNV"),
            CalendarException(date(2027, 5, 8), "work", "Làm bù cho ngày 29/04/2027", "TB x/BNV"),
        ]
    )
    # 28/04 + 3: 29/04 swapped off, 30/04 and 01/05 holidays, 03/05 nghỉ bù for 01/05 (Sat).
    assert cal.add_working_days(at(28, 4, 2027), 3) == close(6, 5, 2027)
    assert cal.makeup_days(2027)[0][0] == date(2027, 5, 8)


def test_two_exceptions_for_one_day_are_rejected() -> None:
    rows = [
        CalendarException(date(2025, 1, 2), "off", "x", "y"),
        CalendarException(date(2025, 1, 2), "work", "x", "y"),
    ]
    with pytest.raises(ValueError, match="two calendar exceptions"):
        WorkCalendar(rows)


def test_an_exception_kind_must_be_off_or_work() -> None:
    with pytest.raises(ValueError, match="kind"):
        CalendarException(date(2025, 1, 2), "holiday", "x", "y")  # type: ignore[arg-type]


# -- office hours, the 15:00 rule, working time --------------------------------------------


def test_default_sessions_make_an_eight_hour_day() -> None:
    assert OfficeHours().per_day == timedelta(hours=8)
    assert OfficeHours().opening == time(7, 0)
    assert OfficeHours().closing == time(17, 0)


@pytest.mark.parametrize(
    "sessions",
    [
        ((time(11), time(7)),),
        ((time(7), time(12)), (time(11), time(17))),
        (),
    ],
)
def test_bad_office_sessions_are_rejected(sessions: tuple[tuple[time, time], ...]) -> None:
    with pytest.raises(ValueError, match="session"):
        OfficeHours(sessions)


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(3, 7, 2024, 6, 30), at(3, 7, 2024, 7, 0)),  # before opening
        (at(3, 7, 2024, 9, 15), at(3, 7, 2024, 9, 15)),  # inside a session
        (at(3, 7, 2024, 12, 0), at(3, 7, 2024, 13, 30)),  # lunch
        (at(3, 7, 2024, 17, 30), at(4, 7, 2024, 7, 0)),  # after closing
        (at(6, 7, 2024, 10, 0), at(8, 7, 2024, 7, 0)),  # Saturday
        (at(4, 5, 2024, 10, 0), at(4, 5, 2024, 10, 0)),  # make-up Saturday 04/05/2024
    ],
)
def test_an_acceptance_outside_office_hours_starts_the_clock_at_the_next_session(
    received: datetime, expected: datetime
) -> None:
    assert CAL.clock_start(received) == expected


def test_paper_dossiers_received_after_15_00_start_the_next_working_day() -> None:
    assert CAL.clock_start(at(5, 7, 2024, 15, 0), paper=True) == at(5, 7, 2024, 15, 0)
    assert CAL.clock_start(at(5, 7, 2024, 15, 1), paper=True) == at(8, 7, 2024, 7, 0)
    assert CAL.clock_start(at(5, 7, 2024, 15, 1), paper=False) == at(5, 7, 2024, 15, 1)
    assert CAL.clock_start(at(7, 2, 2024, 16, 0), paper=True) == at(15, 2, 2024, 7, 0)


def test_the_cut_off_is_a_parameter() -> None:
    cal = WorkCalendar(paper_cutoff=time(16, 0))
    assert cal.clock_start(at(5, 7, 2024, 15, 30), paper=True) == at(5, 7, 2024, 15, 30)
    assert cal.same_day_due(at(5, 7, 2024, 15, 30)) == close(5, 7, 2024)


def test_same_day_results_move_to_the_next_working_day_after_15_00() -> None:
    assert CAL.same_day_due(at(3, 7, 2024, 14, 59)) == close(3, 7, 2024)
    assert CAL.same_day_due(at(3, 7, 2024, 15, 0)) == close(3, 7, 2024)
    assert CAL.same_day_due(datetime(2024, 7, 3, 15, 0, 1)) == close(4, 7, 2024)
    assert CAL.same_day_due(at(6, 7, 2024, 9, 0)) == close(8, 7, 2024)  # Saturday
    assert CAL.same_day_due(at(7, 2, 2024, 16, 0)) == close(15, 2, 2024)  # before Tết


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (at(1, 7, 2024, 10, 0), 2, at(1, 7, 2024, 14, 0)),  # across lunch
        (at(1, 7, 2024, 10, 0), 1.5, at(1, 7, 2024, 11, 30)),  # ends at a session end
        (at(1, 7, 2024, 7, 0), 8, at(1, 7, 2024, 17, 0)),  # a whole day, not next morning
        (at(1, 7, 2024, 16, 0), 2, at(2, 7, 2024, 8, 0)),  # overnight
        (at(5, 7, 2024, 16, 0), 2, at(8, 7, 2024, 8, 0)),  # over a weekend
        (at(3, 5, 2024, 16, 0), 2, at(4, 5, 2024, 8, 0)),  # into the make-up Saturday
        (at(7, 2, 2024, 16, 0), 2, at(15, 2, 2024, 8, 0)),  # over Tết
        (at(1, 7, 2024, 17, 0), 0.5, at(2, 7, 2024, 7, 30)),  # from the closing time
        (at(1, 7, 2024, 9, 0), 40, at(8, 7, 2024, 9, 0)),  # five whole days
        (at(1, 7, 2024, 12, 0), 0, at(1, 7, 2024, 13, 30)),  # zero: the clock start
    ],
)
def test_working_hours_count_session_time(
    start: datetime, hours: float, expected: datetime
) -> None:
    assert CAL.add_working_hours(start, hours) == expected


def test_working_time_between_counts_only_sessions() -> None:
    assert CAL.working_time_between(at(1, 7, 2024, 10), at(1, 7, 2024, 14)) == timedelta(hours=2)
    assert CAL.working_time_between(at(1, 7, 2024, 16), at(2, 7, 2024, 8)) == timedelta(hours=2)
    assert CAL.working_time_between(at(5, 7, 2024, 18), at(8, 7, 2024, 6)) == timedelta()
    assert CAL.working_time_between(at(2, 7, 2024), at(1, 7, 2024)) == timedelta()


def test_calendar_days_roll_forward_to_a_working_day() -> None:
    # 07/02/2024 + 3 calendar days = Sat 10/02 (Tết) → Thu 15/02 (BLDS Art. 148.5).
    assert CAL.add_calendar_days(at(7, 2, 2024), 3) == close(15, 2, 2024)
    assert CAL.add_calendar_days(at(7, 2, 2024), 3, roll_forward=False) == close(10, 2, 2024)


def test_working_days_between_inverts_adding_working_days() -> None:
    assert CAL.working_days_between(date(2024, 2, 7), date(2024, 2, 19)) == 3
    assert CAL.working_days_between(date(2024, 2, 19), date(2024, 2, 7)) == -3
    assert CAL.working_days_between(date(2024, 2, 7), date(2024, 2, 7)) == 0
    assert CAL.next_working_day(date(2024, 2, 7)) == date(2024, 2, 15)
    assert CAL.first_working_day_from(date(2024, 2, 10)) == date(2024, 2, 15)


def test_aware_datetimes_are_rejected() -> None:
    with pytest.raises(ValueError, match="naive"):
        CAL.add_working_days(datetime(2024, 7, 1, 9, tzinfo=UTC), 1)


def test_years_outside_the_supported_range_are_rejected() -> None:
    with pytest.raises(ValueError, match="covers years"):
        CAL.is_working_day(date(1850, 1, 1))


def test_the_calendar_grows_across_years() -> None:
    cal = WorkCalendar()
    assert cal.add_working_days(at(1, 7, 2024), 2000).year == 2032
    assert cal.is_working_day(date(2020, 1, 2))


# -- against the independent oracle --------------------------------------------------------

DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31))
MOMENTS = st.datetimes(
    min_value=datetime(2023, 1, 1), max_value=datetime(2026, 12, 31, 23, 59, 59)
).map(lambda moment: moment.replace(microsecond=0))
EXCEPTIONS = st.dictionaries(
    st.dates(min_value=date(2023, 1, 1), max_value=date(2027, 6, 30)),
    st.sampled_from(["off", "work"]),
    max_size=12,
)


def calendar_with(exceptions: dict[date, str]) -> WorkCalendar:
    return WorkCalendar(
        CalendarException(day, "work" if kind == "work" else "off", "thử", "thử")
        for day, kind in exceptions.items()
    )


def test_every_day_of_2023_to_2026_agrees_with_the_oracle_for_up_to_30_days() -> None:
    oracle = Oracle()
    day = date(2023, 1, 1)
    while day <= date(2026, 12, 31):
        start = datetime.combine(day, time(10, 0))
        for n in range(31):
            assert CAL.add_working_days(start, n).date() == oracle.add_working_days(day, n)
        day += timedelta(days=1)


@settings(max_examples=ORACLE_EXAMPLES, deadline=None)
@given(exceptions=EXCEPTIONS, start=MOMENTS, n=st.integers(0, 60))
def test_adding_working_days_matches_the_oracle(
    exceptions: dict[date, str], start: datetime, n: int
) -> None:
    result = calendar_with(exceptions).add_working_days(start, n)
    assert result.date() == Oracle(exceptions).add_working_days(start.date(), n)
    assert result.time() == CLOSE


@settings(max_examples=ORACLE_EXAMPLES, deadline=None)
@given(exceptions=EXCEPTIONS, a=DAYS, b=DAYS)
def test_working_days_between_matches_the_oracle(
    exceptions: dict[date, str], a: date, b: date
) -> None:
    expected = Oracle(exceptions).working_days_between(a, b)
    assert calendar_with(exceptions).working_days_between(a, b) == expected


@settings(max_examples=ORACLE_EXAMPLES, deadline=None)
@given(exceptions=EXCEPTIONS, start=MOMENTS, seconds=st.integers(1, 60 * 3600))
def test_adding_working_hours_matches_the_oracle(
    exceptions: dict[date, str], start: datetime, seconds: int
) -> None:
    result = calendar_with(exceptions).add_working_time(start, timedelta(seconds=seconds))
    assert result == Oracle(exceptions).add_working_seconds(start, seconds)


@settings(max_examples=ORACLE_EXAMPLES, deadline=None)
@given(exceptions=EXCEPTIONS, a=MOMENTS, b=MOMENTS)
def test_working_time_between_matches_the_oracle(
    exceptions: dict[date, str], a: datetime, b: datetime
) -> None:
    low, high = min(a, b), max(a, b)
    if (high - low).days > 120:
        high = low + timedelta(days=120)
    expected = Oracle(exceptions).working_seconds_between(low, high)
    got = calendar_with(exceptions).working_time_between(low, high)
    assert got == timedelta(seconds=expected)


@settings(max_examples=ORACLE_EXAMPLES, deadline=None)
@given(start=MOMENTS, seconds=st.integers(1, 60 * 3600))
def test_working_time_between_inverts_adding_working_time(start: datetime, seconds: int) -> None:
    amount = timedelta(seconds=seconds)
    end = CAL.add_working_time(start, amount)
    assert CAL.working_time_between(start, end) == amount
