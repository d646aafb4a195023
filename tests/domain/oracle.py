"""An independent, deliberately naive oracle for the working calendar.

Written separately from ``motcua.domain.workcalendar`` and sharing no code with it: it reads
the ``holidays`` package directly and walks one day (and one office session) at a time, with no
tables, no bisection and no skipping. Its rules, stated once:

* a day is a working day if an exception says so; else if the package lists it as a make-up
  working day; else not if the package lists it as a holiday; else if it is Monday–Friday;
* "n working days after day D" is the day on which, walking forward from D + 1, the n-th working
  day is met (n = 0: D if it works, else the first working day after it);
* "working days between a and b" counts the working days d with a < d ≤ b (negative if b < a);
* working time is time inside the sessions 07:00–11:30 and 13:30–17:00 of working days;
  "start + x of working time" (x > 0) is the earliest moment T with exactly x of working time
  inside [start, T].
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta

import holidays

ORACLE_EXAMPLES = int(os.environ.get("MOTCUA_ORACLE_EXAMPLES", "150"))

SESSIONS_SECONDS = ((7 * 3600, 11 * 3600 + 1800), (13 * 3600 + 1800, 17 * 3600))

_holiday_days: dict[int, set[date]] = {}
_makeup_days: dict[int, set[date]] = {}


def _load(year: int) -> None:
    if year not in _holiday_days:
        source = holidays.country_holidays("VN", years=year, language="vi")
        _holiday_days[year] = set(source.keys())
        _makeup_days[year] = set(source.weekend_workdays)


class Oracle:
    def __init__(self, exceptions: dict[date, str] | None = None) -> None:
        """``exceptions`` maps a day to "work" or "off"."""
        self.exceptions = dict(exceptions or {})

    def works(self, day: date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day] == "work"
        _load(day.year)
        if day in _makeup_days[day.year]:
            return True
        if day in _holiday_days[day.year]:
            return False
        return day.isoweekday() <= 5

    def add_working_days(self, day: date, n: int) -> date:
        if n == 0:
            while not self.works(day):
                day = day + timedelta(days=1)
            return day
        seen = 0
        while seen < n:
            day = day + timedelta(days=1)
            if self.works(day):
                seen += 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        sign = 1
        if b < a:
            a, b, sign = b, a, -1
        count = 0
        day = a
        while day < b:
            day = day + timedelta(days=1)
            if self.works(day):
                count += 1
        return sign * count

    def add_working_seconds(self, start: datetime, seconds: int) -> datetime:
        assert seconds > 0
        day = start.date()
        first_second = start.hour * 3600 + start.minute * 60 + start.second
        remaining = seconds
        while True:
            if self.works(day):
                for opens, closes in SESSIONS_SECONDS:
                    begin = max(opens, first_second)
                    if begin >= closes:
                        continue
                    if remaining <= closes - begin:
                        return datetime.combine(day, datetime.min.time()) + timedelta(
                            seconds=begin + remaining
                        )
                    remaining -= closes - begin
            day = day + timedelta(days=1)
            first_second = 0

    def working_seconds_between(self, start: datetime, end: datetime) -> int:
        total = 0
        day = start.date()
        while day <= end.date():
            if self.works(day):
                midnight = datetime.combine(day, datetime.min.time())
                for opens, closes in SESSIONS_SECONDS:
                    low = max(midnight + timedelta(seconds=opens), start)
                    high = min(midnight + timedelta(seconds=closes), end)
                    if high > low:
                        total += int((high - low).total_seconds())
            day = day + timedelta(days=1)
        return total
