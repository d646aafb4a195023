"""Time limits, the deadline clock (supplement, suspension, extension) and classification."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.domain.deadlines import (
    Accepted,
    ClockEvent,
    ClockStatus,
    DayCountRule,
    DeadlineClock,
    DeadlineError,
    Extended,
    LatenessBasis,
    Resumed,
    SupplementReceived,
    SupplementRequested,
    Suspended,
    TimeLimit,
    TimeLimitUnit,
    Timeliness,
    assess,
    classify_by_date,
    classify_by_time,
    due_at,
)
from motcua.domain.workcalendar import WorkCalendar
from tests.domain.oracle import ORACLE_EXAMPLES, Oracle

CAL = WorkCalendar()
DAYS3 = TimeLimit(3, TimeLimitUnit.WORKING_DAYS)
CLOCK = DeadlineClock(CAL, DAYS3)


def at(day: int, month: int, year: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute)


def close(day: int, month: int, year: int) -> datetime:
    return datetime(year, month, day, 17, 0)


# -- time limits ---------------------------------------------------------------------------


def test_half_a_working_day_becomes_four_working_hours() -> None:
    assert TimeLimit.from_working_days(Decimal("0.5")) == TimeLimit(4, TimeLimitUnit.WORKING_HOURS)
    assert TimeLimit.from_working_days("1.5") == TimeLimit(12, TimeLimitUnit.WORKING_HOURS)
    assert TimeLimit.from_working_days(3) == DAYS3
    assert DAYS3.working_hours() == 24


def test_unconvertible_or_negative_limits_are_rejected() -> None:
    with pytest.raises(DeadlineError, match="giờ nguyên"):
        TimeLimit.from_working_days("0.3")
    with pytest.raises(DeadlineError):
        TimeLimit(-1, TimeLimitUnit.WORKING_DAYS)
    with pytest.raises(DeadlineError):
        TimeLimit(2, TimeLimitUnit.SAME_DAY)
    with pytest.raises(DeadlineError):
        TimeLimit(5, TimeLimitUnit.CALENDAR_DAYS).working_hours()


def test_a_working_day_limit_counts_from_the_day_after_acceptance_over_tet() -> None:
    assert due_at(CAL, at(7, 2, 2024), DAYS3, paper=False) == close(19, 2, 2024)


def test_the_15_00_rule_does_not_change_day_limits_because_day_one_is_tomorrow_anyway() -> None:
    late_paper = due_at(CAL, at(3, 7, 2024, 16, 0), DAYS3, paper=True)
    assert late_paper == due_at(CAL, at(3, 7, 2024, 16, 0), DAYS3, paper=False)
    assert late_paper == close(8, 7, 2024)


def test_the_working_hours_rule_counts_eight_hours_per_day_from_the_clock_start() -> None:
    # Wed 07/02/2024 09:00: 6 h that day, Thu 15 and Fri 16/02 (16 h), 2 h on Mon 19/02.
    due = due_at(
        CAL,
        at(7, 2, 2024),
        DAYS3,
        paper=False,
        day_rule=DayCountRule.WORKING_HOURS_EQUIVALENT,
    )
    assert due == at(19, 2, 2024, 9, 0)


def test_paper_dossiers_after_15_00_start_hour_limits_the_next_working_day() -> None:
    eight_hours = TimeLimit(8, TimeLimitUnit.WORKING_HOURS)
    assert due_at(CAL, at(3, 7, 2024, 15, 30), eight_hours, paper=True) == close(4, 7, 2024)
    assert due_at(CAL, at(3, 7, 2024, 15, 30), eight_hours, paper=False) == at(4, 7, 2024, 15, 30)


def test_same_day_procedures_use_the_cut_off_whatever_the_channel() -> None:
    same_day = TimeLimit.same_day()
    assert due_at(CAL, at(3, 7, 2024, 14, 0), same_day, paper=False) == close(3, 7, 2024)
    assert due_at(CAL, at(3, 7, 2024, 15, 30), same_day, paper=False) == close(4, 7, 2024)
    assert due_at(CAL, at(5, 7, 2024, 15, 30), same_day, paper=True) == close(8, 7, 2024)


def test_calendar_day_limits_end_on_a_working_day() -> None:
    fifteen = TimeLimit(15, TimeLimitUnit.CALENDAR_DAYS)
    # 05/07/2024 + 15 = Sat 20/07 → Mon 22/07.
    assert due_at(CAL, at(5, 7, 2024), fifteen, paper=False) == close(22, 7, 2024)


# -- the clock -----------------------------------------------------------------------------


def test_an_accepted_dossier_runs_with_its_due_date() -> None:
    state = CLOCK.run([Accepted(at(1, 7, 2024))])
    assert state.status is ClockStatus.RUNNING
    assert state.due == state.original_due == state.first_due == close(4, 7, 2024)
    assert state.extended_due is None
    assert state.restarts == 0


def test_a_supplement_request_stops_the_clock_and_the_complete_dossier_restarts_it() -> None:
    stopped = CLOCK.run([Accepted(at(1, 7, 2024)), SupplementRequested(at(3, 7, 2024))])
    assert stopped.status is ClockStatus.STOPPED_FOR_SUPPLEMENT
    assert stopped.due is None
    assert stopped.due_for(LatenessBasis.ORIGINAL) is None
    restarted = CLOCK.apply(stopped, SupplementReceived(at(10, 7, 2024, 15)))
    assert restarted.status is ClockStatus.RUNNING
    assert restarted.restarts == 1
    assert restarted.started_at == at(10, 7, 2024, 15)
    assert restarted.due == close(15, 7, 2024)  # a full new 3 days from 10/07, not the rest
    assert restarted.first_due == close(4, 7, 2024)


def test_a_suspension_moves_the_due_date_by_the_paused_working_time() -> None:
    events: list[ClockEvent] = [
        Accepted(at(1, 7, 2024)),
        Suspended(at(2, 7, 2024, 10, 0)),
        Resumed(at(2, 7, 2024, 14, 0)),
    ]
    state = CLOCK.run(events)
    assert state.paused == timedelta(hours=2)  # 10:00–11:30 and 13:30–14:00
    assert state.due == at(5, 7, 2024, 9, 0)  # Thu 17:00 + 2 working hours
    whole_day = CLOCK.run([events[0], Suspended(at(2, 7, 2024)), Resumed(at(3, 7, 2024))])
    assert whole_day.due == close(5, 7, 2024)


def test_a_suspension_outside_working_time_moves_nothing() -> None:
    state = CLOCK.run(
        [Accepted(at(1, 7, 2024)), Suspended(at(5, 7, 2024, 18)), Resumed(at(8, 7, 2024, 6))]
    )
    assert state.due == close(4, 7, 2024)
    assert state.paused == timedelta()


def test_the_projected_due_date_grows_while_suspended() -> None:
    state = CLOCK.run([Accepted(at(1, 7, 2024)), Suspended(at(2, 7, 2024, 9))])
    assert state.status is ClockStatus.SUSPENDED
    assert state.projected_due(CAL, at(3, 7, 2024, 9)) == close(5, 7, 2024)
    assert state.due == close(4, 7, 2024)


def test_an_extension_keeps_both_due_dates() -> None:
    state = CLOCK.run([Accepted(at(1, 7, 2024)), Extended(close(10, 7, 2024), at(3, 7, 2024))])
    assert state.original_due == close(4, 7, 2024)
    assert state.extended_due == close(10, 7, 2024)
    assert state.due == close(10, 7, 2024)
    assert state.due_for(LatenessBasis.ORIGINAL) == close(4, 7, 2024)
    assert state.due_for(LatenessBasis.EXTENDED) == close(10, 7, 2024)


def test_an_extension_is_allowed_only_once() -> None:
    events: list[ClockEvent] = [
        Accepted(at(1, 7, 2024)),
        Extended(close(10, 7, 2024), at(2, 7, 2024)),
        Extended(close(12, 7, 2024), at(3, 7, 2024)),
    ]
    with pytest.raises(DeadlineError, match=r"Hồ sơ chỉ được gia hạn một lần\."):
        CLOCK.run(events)


def test_an_extension_on_the_due_date_is_too_late() -> None:
    events: list[ClockEvent] = [
        Accepted(at(1, 7, 2024)),
        Extended(close(10, 7, 2024), at(4, 7, 2024, 8)),
    ]
    with pytest.raises(DeadlineError, match="01 ngày làm việc"):
        CLOCK.run(events)


def test_an_extension_the_working_day_before_the_due_date_is_in_time() -> None:
    # Accepted Wed 03/07 → due Mon 08/07; asking on Fri 05/07 is one working day before.
    state = CLOCK.run([Accepted(at(3, 7, 2024)), Extended(close(12, 7, 2024), at(5, 7, 2024, 16))])
    assert state.extended_due == close(12, 7, 2024)


def test_an_extension_must_move_the_date_later() -> None:
    with pytest.raises(DeadlineError, match="phải sau"):
        CLOCK.run([Accepted(at(1, 7, 2024)), Extended(close(3, 7, 2024), at(2, 7, 2024))])


def test_a_suspension_after_an_extension_moves_both_dates() -> None:
    state = CLOCK.run(
        [
            Accepted(at(1, 7, 2024)),
            Extended(close(10, 7, 2024), at(2, 7, 2024)),
            Suspended(at(3, 7, 2024)),
            Resumed(at(4, 7, 2024)),
        ]
    )
    assert state.original_due == close(5, 7, 2024)
    assert state.extended_due == close(11, 7, 2024)


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([SupplementRequested(at(1, 7, 2024))], "chưa được tiếp nhận"),
        ([Accepted(at(1, 7, 2024)), Accepted(at(2, 7, 2024))], "đã được tiếp nhận"),
        ([Accepted(at(1, 7, 2024)), SupplementReceived(at(2, 7, 2024))], "chờ bổ sung"),
        ([Accepted(at(1, 7, 2024)), Resumed(at(2, 7, 2024))], "tạm dừng"),
        (
            [
                Accepted(at(1, 7, 2024)),
                SupplementRequested(at(2, 7, 2024)),
                Suspended(at(3, 7, 2024)),
            ],
            "đang chờ bổ sung",
        ),
        (
            [
                Accepted(at(1, 7, 2024)),
                Suspended(at(2, 7, 2024)),
                SupplementRequested(at(3, 7, 2024)),
            ],
            "đang tạm dừng",
        ),
        (
            [
                Accepted(at(1, 7, 2024)),
                Suspended(at(2, 7, 2024)),
                Extended(close(9, 7, 2024), at(2, 7, 2024)),
            ],
            "đang tạm dừng",
        ),
        ([Accepted(at(2, 7, 2024)), Suspended(at(1, 7, 2024))], "thứ tự thời gian"),
        ([], "chưa được tiếp nhận"),
    ],
)
def test_illegal_event_sequences_are_refused_in_vietnamese(
    events: list[ClockEvent], message: str
) -> None:
    with pytest.raises(DeadlineError, match=message):
        CLOCK.run(events)


MOMENTS = st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2026, 6, 30)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)


@settings(max_examples=ORACLE_EXAMPLES, deadline=None)
@given(
    accepted=MOMENTS,
    n=st.integers(1, 20),
    pause_start=st.integers(0, 20 * 24 * 60),
    pause_length=st.integers(1, 10 * 24 * 60),
)
def test_a_suspension_delays_the_due_moment_by_exactly_the_paused_working_time(
    accepted: datetime, n: int, pause_start: int, pause_length: int
) -> None:
    suspended = accepted + timedelta(minutes=pause_start)
    resumed = suspended + timedelta(minutes=pause_length)
    clock = DeadlineClock(CAL, TimeLimit(n, TimeLimitUnit.WORKING_DAYS))
    state = clock.run([Accepted(accepted), Suspended(suspended), Resumed(resumed)])
    oracle = Oracle()
    paused = oracle.working_seconds_between(suspended, resumed)
    assert state.paused == timedelta(seconds=paused)
    first_due = state.first_due
    assert first_due.date() == oracle.add_working_days(accepted.date(), n)
    expected = first_due if paused == 0 else oracle.add_working_seconds(first_due, paused)
    assert state.due == expected


# -- classification ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("resolved", "due", "expected"),
    [
        (date(2024, 7, 3), date(2024, 7, 4), Timeliness.EARLY),
        (date(2024, 7, 4), date(2024, 7, 4), Timeliness.ON_TIME),
        (date(2024, 7, 5), date(2024, 7, 4), Timeliness.LATE),
        (date(2024, 7, 5), None, Timeliness.ON_TIME),
        (datetime(2024, 7, 4, 23, 59), datetime(2024, 7, 4, 17, 0), Timeliness.ON_TIME),
    ],
)
def test_reports_classify_by_date(resolved: date, due: date | None, expected: Timeliness) -> None:
    assert classify_by_date(resolved, due) is expected


def test_alerts_classify_to_the_minute() -> None:
    due = datetime(2024, 7, 4, 17, 0)
    assert classify_by_time(datetime(2024, 7, 4, 17, 0, 59), due) is Timeliness.ON_TIME
    assert classify_by_time(datetime(2024, 7, 4, 17, 1), due) is Timeliness.LATE
    assert classify_by_time(datetime(2024, 7, 4, 16, 59, 59), due) is Timeliness.EARLY
    assert classify_by_time(datetime(2024, 7, 4, 18, 0), None) is Timeliness.ON_TIME


def test_lateness_is_computed_against_both_the_original_and_the_extended_date() -> None:
    state = CLOCK.run([Accepted(at(1, 7, 2024)), Extended(close(10, 7, 2024), at(2, 7, 2024))])
    assessment = assess(state, date(2024, 7, 8))
    assert assessment.by_original is Timeliness.LATE
    assert assessment.by_extended is Timeliness.EARLY
    assert assessment.under(LatenessBasis.ORIGINAL) is Timeliness.LATE
    assert assessment.under(LatenessBasis.EXTENDED) is Timeliness.EARLY


def test_a_dossier_waiting_for_a_supplement_is_on_time() -> None:
    state = CLOCK.run([Accepted(at(1, 7, 2024)), SupplementRequested(at(2, 7, 2024))])
    assert assess(state, date(2024, 8, 1)).by_original is Timeliness.ON_TIME
