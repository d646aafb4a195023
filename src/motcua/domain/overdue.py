"""When a dossier is overdue: one rule for every page, alert and report (pure).

The rule compares dates, not times: a dossier whose clock runs is **overdue from the day after
its due day** (Vietnam time). On its due day it is "due today" whatever the hour, so a dossier
due at 10:00 is still "due today" at 11:00, on the staff list, on the alerts board and on the
dashboard alike, and overdue everywhere from 00:00 the next day.

Source: the official II.06a counting compares dates — a dossier pending at the period's end is
in time if its due date is on or after the end date, overdue otherwise (docs/domain.md §8,
research/domain-vn.md §4.2: the Thanh Hóa system; reports/ii06a.py POLICY_DATE_LEVEL). The
staff pages use the same rule so that a dossier a page calls "in time" today is never counted
overdue by the report for today.

A dossier whose clock stands still (waiting for a supplement, a verification or the applicant's
financial obligation: dossier_states.CLOCK_STOPPED) is not overdue while it waits; one that is
finished (a result, or stopped) is done. Steps of a dossier (hand-overs) keep their own
deadline to the minute (deadlines.classify_by_time): that is the internal control slip, not
the dossier's status.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

ONE_DAY = dt.timedelta(days=1)


class Standing(StrEnum):
    WAITING = "waiting"  # received, not accepted yet: no clock
    IN_TIME = "in_time"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    PAUSED = "paused"
    DONE = "done"


def overdue_from(due_day: dt.date) -> dt.date:
    """The first day on which a dossier due on `due_day` is overdue."""
    return due_day + ONE_DAY


def is_overdue(due_day: dt.date, on_day: dt.date) -> bool:
    return on_day >= overdue_from(due_day)


def standing(
    due_day: dt.date | None,
    on_day: dt.date,
    *,
    finished: bool,
    clock_stopped: bool,
    accepted: bool = True,
) -> Standing:
    """Where a dossier stands on `on_day` against its due day."""
    if finished:
        return Standing.DONE
    if not accepted:
        return Standing.WAITING
    if clock_stopped or due_day is None:
        return Standing.PAUSED
    if is_overdue(due_day, on_day):
        return Standing.OVERDUE
    return Standing.DUE_TODAY if due_day == on_day else Standing.IN_TIME
