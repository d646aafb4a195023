"""Vectorised due dates for many dossiers at once (recomputation after a calendar change).

Same rule as :meth:`WorkCalendar.add_working_days` (date part): the n-th working day strictly
after the acceptance date (n = 0: the acceptance date if it is a working day, else the next
working day). Holidays, make-up working Saturdays and dated exceptions all come from the
calendar itself: the table is built with ``calendar.is_working_day`` for every day of the
covered range, so the two paths cannot disagree about what a working day is.

Method: for the covered range [first, last] precompute ``is_work`` (0/1 per day), its running
sum ``cum`` (working days ≤ day) and ``working`` (day numbers of the working days). Then the
n-th working day after day D is ``working[cum[D] - 1 + n]`` — two array gathers, no search.
``numpy.busday_offset`` cannot be used: a ``busdaycalendar`` can only remove days from the
Mon–Fri week, so it cannot express make-up Saturdays.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt

from motcua.domain.workcalendar import WorkCalendar

DayArray = npt.NDArray[np.datetime64]
IntArray = npt.NDArray[np.integer]

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


class WorkingDayTable:
    """Working-day lookup arrays for the days ``first`` … ``last`` (inclusive)."""

    def __init__(self, calendar: WorkCalendar, first: date, last: date) -> None:
        if last < first:
            raise ValueError("the table needs first ≤ last")
        self.first = first
        self.last = last
        start = first.toordinal()
        flags = [
            calendar.is_working_day(date.fromordinal(o)) for o in range(start, last.toordinal() + 1)
        ]
        self._base = np.int64(start - _EPOCH_ORDINAL)  # days since 1970-01-01
        self._is_work = np.array(flags, dtype=np.int64)
        self._cum = np.cumsum(self._is_work)
        self._working = np.flatnonzero(self._is_work).astype(np.int64) + self._base

    def add_working_days(self, accepted: DayArray, n: IntArray) -> DayArray:
        """Due dates (``datetime64[D]``) for acceptance dates and working-day counts.

        Raises ``ValueError`` if a date or a result falls outside the table.
        """
        days = np.asarray(accepted, dtype="datetime64[D]").astype(np.int64)
        counts = np.asarray(n, dtype=np.int64)
        if days.shape != counts.shape:
            raise ValueError("accepted and n must have the same shape")
        if days.size == 0:
            return np.empty(days.shape, dtype="datetime64[D]")
        if counts.min() < 0:
            raise ValueError("the number of working days must be ≥ 0")
        offset = days - self._base
        if offset.min() < 0 or offset.max() >= self._cum.size:
            raise ValueError("an acceptance date lies outside the working-day table")
        index = self._cum[offset] + (counts - 1)
        zero = counts == 0
        if zero.any():
            index += zero & (self._is_work[offset] == 0)
        if index.max() >= self._working.size:
            raise ValueError("a due date lies beyond the end of the working-day table")
        result: DayArray = self._working[index].astype("datetime64[D]")
        return result

    def working_days_after(self, day: date) -> int:
        """Working days d in the table with day < d ≤ last."""
        offset = day.toordinal() - self.first.toordinal()
        return int(self._cum[-1] - self._cum[offset])


def table_for(calendar: WorkCalendar, accepted: DayArray, n: IntArray) -> WorkingDayTable:
    """A table wide enough for these inputs (grown until every result fits)."""
    days = np.asarray(accepted, dtype="datetime64[D]")
    counts = np.asarray(n, dtype=np.int64)
    if days.size == 0:
        today = date(2000, 1, 1)
        return WorkingDayTable(calendar, today, today)
    first = _to_date(days.min())
    last_accepted = _to_date(days.max())
    margin = 2 * int(counts.max()) + 45  # ≥ 2 calendar days per working day, + Tết
    while True:
        last = date.fromordinal(last_accepted.toordinal() + margin)
        table = WorkingDayTable(calendar, first, last)
        if table.working_days_after(last_accepted) >= max(int(counts.max()), 1):
            return table
        margin *= 2


def bulk_add_working_days(calendar: WorkCalendar, accepted: DayArray, n: IntArray) -> DayArray:
    """Vectorised ``calendar.add_working_days(…).date()`` for arrays of dates and counts."""
    return table_for(calendar, accepted, n).add_working_days(accepted, n)


def _to_date(value: np.datetime64) -> date:
    return date.fromordinal(int(value.astype(np.int64)) + _EPOCH_ORDINAL)
