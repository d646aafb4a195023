"""The working calendar of a one-stop desk: working days, office sessions, working time.

Pure domain code: no Django, never reads the clock. Datetimes are **naive local Vietnam time**
(Asia/Ho_Chi_Minh, UTC+7, no DST); the Django layer converts with
``timezone.localtime(value).replace(tzinfo=None)`` on the way in and makes results aware on
the way out. Aware datetimes are rejected with ``ValueError``.

Working days (domain.md §5; BLLĐ 2019 Art. 112): Monday–Friday, minus the holidays and official
days off of ``holidays.country_holidays("VN", years=…, language="vi")`` (Vietnamese lunar
calendar, civil-service schedule, "nghỉ bù" days), plus its official make-up working Saturdays
(``weekend_workdays``, e.g. Sat 04/05/2024). Dated :class:`CalendarException` rows win over the
package. Precedence: exception > package make-up day > package holiday > Saturday/Sunday.

Working time and the 8-hour day: working time is time inside the office sessions of a working
day (default 07:00–11:30 and 13:30–17:00 = 4 h 30 + 3 h 30 = exactly 8 h). Hour limits (e.g.
NĐ 118 Art. 17.2, "8 giờ làm việc") count real session time: one working hour is one hour at
the desk. ``HOURS_PER_WORKING_DAY = 8`` (domain.md §5; Thanh Hóa and OpenCPS systems) is only
the conversion used when a limit in days must be expressed in hours ("0,5 ngày" → 4 h). With
the default sessions both agree exactly; sessions that do not total 8 h are not rescaled
(that would make "1 hour" mean 67 minutes); ``OfficeHours.per_day`` lets the caller warn.

Counting working days (Bộ luật Dân sự 2015 Art. 147.3, 148; Art. 145 applies them unless
another law differs — the NĐ 118/2025 provisions quoted in research/domain-vn.md set no rule
of their own): the day of the event (the acceptance) is **not counted**; the limit ends at the
end of its last day. ``add_working_days(start, n)`` is the close of the last session of the
n-th working day strictly after ``start.date()``; the time of day does not matter. Example:
accepted Wed 07/02/2024 09:00 + 3 working days; 08/02–14/02/2024 is Tết, so Thu 15, Fri 16,
Mon 19/02 → due Mon 19/02/2024 17:00. The civil code ends a day at 24:00 (Art. 148.6); we use
the office close of the same date since results are handed over at the desk; reports compare
dates only, so both classify alike. ``n = 0``: the close of ``start.date()`` if it is a working
day, else of the next working day.

The 15:00 cut-off (``paper_cutoff``; NĐ 118/2025 Art. 18.2, NĐ 23/2015 Art. 7): "after 15:00"
means strictly later than 15:00:00. Paper dossiers received after it are forwarded at the
start of the next working day (:meth:`WorkCalendar.clock_start`, ``paper=True``); same-day
procedures give the result that working day, or the next one (:meth:`~WorkCalendar.same_day_due`).

Hour limits count from the moment of receipt (BLDS Art. 147.1); outside the sessions the clock
starts at the next session start (before opening → opening, lunch → afternoon, after closing or
on a day off → first session of the next working day).
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Literal, NamedTuple

import holidays

HOURS_PER_WORKING_DAY = 8
DEFAULT_PAPER_CUTOFF = time(15, 0)
MIN_YEAR = 1901
MAX_YEAR = 2199
_MAKEUP_REASON = "Ngày làm việc bù theo lịch nghỉ chính thức"
_SWAP_RE = re.compile(r"thay cho ngày (\d{2}/\d{2}/\d{4})")


@dataclass(frozen=True)
class CalendarException:
    """A dated government decision the package lacks: a day off or a make-up working day."""

    day: date
    kind: Literal["off", "work"]
    reason: str
    legal_ref: str

    def __post_init__(self) -> None:
        if self.kind not in ("off", "work"):
            raise ValueError(f"kind must be 'off' or 'work', not {self.kind!r}")
        if isinstance(self.day, datetime):
            raise TypeError("CalendarException.day must be a date, not a datetime")


@dataclass(frozen=True)
class OfficeHours:
    """Office sessions of every working day, sorted and non-overlapping (naive local times)."""

    sessions: tuple[tuple[time, time], ...] = ((time(7), time(11, 30)), (time(13, 30), time(17)))

    def __post_init__(self) -> None:
        if not self.sessions:
            raise ValueError("at least one office session is required")
        previous_end: time | None = None
        for start, end in self.sessions:
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError("office sessions use naive local times")
            if start >= end:
                raise ValueError(f"session {start}–{end} ends before it starts")
            if previous_end is not None and start < previous_end:
                raise ValueError("office sessions must be sorted and must not overlap")
            previous_end = end

    @property
    def opening(self) -> time:
        return self.sessions[0][0]

    @property
    def closing(self) -> time:
        return self.sessions[-1][1]

    @property
    def per_day(self) -> timedelta:
        """Working time in one working day (8 h with the default sessions)."""
        return sum((_span(start, end) for start, end in self.sessions), timedelta())


def _span(start: time, end: time) -> timedelta:
    return datetime.combine(date.min, end) - datetime.combine(date.min, start)


class _PackageYear(NamedTuple):
    days_off: Mapping[date, str]
    workdays: frozenset[date]


@lru_cache(maxsize=512)
def _package_year(year: int) -> _PackageYear:
    """Holidays and make-up Saturdays of one year, from the package (cached per year)."""
    source = holidays.country_holidays("VN", years=year, language="vi")
    days_off = {day: name for day, name in source.items() if day.year == year}
    workdays = frozenset(day for day in source.weekend_workdays if day.year == year)
    return _PackageYear(MappingProxyType(days_off), workdays)


class _Table(NamedTuple):
    first_year: int
    last_year: int
    first_ordinal: int
    flags: bytes  # 1 = working day, indexed by ordinal - first_ordinal
    working: tuple[int, ...]  # ordinals of the working days, sorted


class WorkCalendar:
    """Working days and working time of one office (province), with its dated exceptions.

    Immutable after construction; a lazily grown per-year table (built under a lock, replaced
    atomically) makes single calls take a few microseconds. Thread-safe.
    """

    def __init__(
        self,
        exceptions: Iterable[CalendarException] = (),
        *,
        office_hours: OfficeHours | None = None,
        paper_cutoff: time = DEFAULT_PAPER_CUTOFF,
    ) -> None:
        by_day: dict[date, CalendarException] = {}
        for exception in exceptions:
            if exception.day in by_day:
                raise ValueError(f"two calendar exceptions for {exception.day.isoformat()}")
            by_day[exception.day] = exception
        self._exceptions: Mapping[date, CalendarException] = MappingProxyType(by_day)
        self.office_hours = office_hours or OfficeHours()
        self.paper_cutoff = paper_cutoff
        self._per_day = self.office_hours.per_day
        self._lock = threading.Lock()
        self._table: _Table | None = None

    # -- the day table -------------------------------------------------------------------

    def _day_is_working(self, day: date) -> bool:
        exception = self._exceptions.get(day)
        if exception is not None:
            return exception.kind == "work"
        package = _package_year(day.year)
        if day in package.workdays:
            return True
        if day in package.days_off:
            return False
        return day.weekday() < 5

    def _covering(self, first_year: int, last_year: int) -> _Table:
        table = self._table
        if table is not None and table.first_year <= first_year and last_year <= table.last_year:
            return table
        if first_year < MIN_YEAR or last_year > MAX_YEAR:
            raise ValueError(f"the working calendar covers years {MIN_YEAR}–{MAX_YEAR}")
        with self._lock:
            table = self._table
            if table is not None:
                first_year = min(first_year, table.first_year)
                last_year = max(last_year, table.last_year)
            first = date(first_year, 1, 1).toordinal()
            last = date(last_year, 12, 31).toordinal()
            flags = bytes(self._day_is_working(date.fromordinal(o)) for o in range(first, last + 1))
            working = tuple(first + i for i, flag in enumerate(flags) if flag)
            table = _Table(first_year, last_year, first, flags, working)
            self._table = table
            return table

    def _table_for(self, day: date) -> _Table:
        table = self._table
        if table is not None and table.first_year <= day.year <= table.last_year:
            return table
        return self._covering(*_padded(day.year, day.year))

    def _nth_working_ordinal(self, day: date, n: int) -> int:
        """Ordinal of the n-th working day strictly after ``day`` (n ≥ 1), or on/after (n = 0)."""
        if n < 0:
            raise ValueError("the number of working days must be ≥ 0")
        table = self._table_for(day)
        ordinal = day.toordinal()
        while True:
            if n == 0:
                index = bisect_left(table.working, ordinal)
            else:
                index = bisect_right(table.working, ordinal) + n - 1
            if index < len(table.working):
                return table.working[index]
            table = self._covering(table.first_year, table.last_year + 1 + n // 200)

    # -- days ----------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        day = _as_date(day)
        table = self._table_for(day)
        return table.flags[day.toordinal() - table.first_ordinal] == 1

    def reason(self, day: date) -> str | None:
        """Why ``day`` differs from the normal week (holiday name, exception reason), or None."""
        exception = self._exceptions.get(day)
        if exception is not None:
            return exception.reason
        package = _package_year(day.year)
        if day in package.workdays:
            return self._makeup_reason(day)
        return package.days_off.get(day)

    def _makeup_reason(self, day: date) -> str:
        label = day.strftime("%d/%m/%Y")
        for off_day, name in _package_year(day.year).days_off.items():
            match = _SWAP_RE.search(name)
            if match and match.group(1) == label:
                return f"Ngày làm việc bù cho ngày nghỉ {off_day.strftime('%d/%m/%Y')}"
        return _MAKEUP_REASON

    def _year_days(self, year: int) -> Iterator[tuple[date, bool]]:
        table = self._covering(year, year)
        for ordinal in range(date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal() + 1):
            yield date.fromordinal(ordinal), table.flags[ordinal - table.first_ordinal] == 1

    def days_off(self, year: int) -> list[tuple[date, str]]:
        """Days off that fall Monday–Friday, plus every "off" exception of the year."""
        return [
            (day, self.reason(day) or "Ngày nghỉ")
            for day, working in self._year_days(year)
            if not working and (day.weekday() < 5 or day in self._exceptions)
        ]

    def makeup_days(self, year: int) -> list[tuple[date, str]]:
        """Saturdays and Sundays that are working days (official make-up days, exceptions)."""
        return [
            (day, self.reason(day) or _MAKEUP_REASON)
            for day, working in self._year_days(year)
            if working and day.weekday() >= 5
        ]

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return date.fromordinal(self._nth_working_ordinal(_as_date(day), 1))

    def first_working_day_from(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next working day."""
        return date.fromordinal(self._nth_working_ordinal(_as_date(day), 0))

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d ≤ end (negative if end < start); inverts
        :meth:`add_working_days`: ``working_days_between(a, add_working_days(a, n)) == n``."""
        start, end = _as_date(start), _as_date(end)
        low, high = (start, end) if start <= end else (end, start)
        table = self._covering(*_padded(low.year, high.year))
        count = bisect_right(table.working, high.toordinal()) - bisect_right(
            table.working, low.toordinal()
        )
        return count if start <= end else -count

    # -- deadlines in days ---------------------------------------------------------------

    def close_of(self, day: date) -> datetime:
        return datetime.combine(day, self.office_hours.closing)

    def add_working_days(self, start: datetime, n: int) -> datetime:
        """Close of the n-th working day after ``start.date()`` (BLDS Art. 147.3: not counted)."""
        _check_naive(start)
        return self.close_of(date.fromordinal(self._nth_working_ordinal(_as_date(start), n)))

    def add_calendar_days(self, start: datetime, n: int, *, roll_forward: bool = True) -> datetime:
        """Close of ``start.date() + n`` days; a last day that is not a working day moves to the
        next working day (BLDS Art. 148.5) unless ``roll_forward`` is False."""
        _check_naive(start)
        if n < 0:
            raise ValueError("the number of calendar days must be ≥ 0")
        day = _as_date(start) + timedelta(days=n)
        if roll_forward:
            day = self.first_working_day_from(day)
        return self.close_of(day)

    def same_day_due(self, received_at: datetime) -> datetime:
        """Same-day procedures: close of the receipt day, or of the next working day if received
        after the cut-off or on a day off (NĐ 23/2015 Art. 7; NĐ 118/2025 Art. 18.2)."""
        _check_naive(received_at)
        day = received_at.date()
        if self.is_working_day(day) and received_at.time() <= self.paper_cutoff:
            return self.close_of(day)
        return self.close_of(self.next_working_day(day))

    # -- working time --------------------------------------------------------------------

    def clock_start(self, received_at: datetime, *, paper: bool = False) -> datetime:
        """The moment working time starts to count for a receipt at ``received_at``.

        Inside a session: that moment. Outside: the next session start. ``paper=True`` and
        received on a working day after ``paper_cutoff``: the first session of the next working
        day (the dossier is forwarded then, NĐ 118/2025 Art. 18.2).
        """
        _check_naive(received_at)
        day, moment = received_at.date(), received_at.time()
        if self.is_working_day(day) and not (paper and moment > self.paper_cutoff):
            for start, end in self.office_hours.sessions:
                if moment < end:
                    return datetime.combine(day, max(start, moment))
        return datetime.combine(self.next_working_day(day), self.office_hours.opening)

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The earliest moment by which ``amount`` of session time has elapsed after ``start``;
        a result at a session end stays there (07:00 + 8 h → 17:00); 0 → :meth:`clock_start`."""
        if amount < timedelta():
            raise ValueError("working time must be ≥ 0")
        position = self.clock_start(start)
        day = position.date()
        remaining = amount
        while True:
            for session_start, session_end in self.office_hours.sessions:
                begin = max(datetime.combine(day, session_start), position)
                end = datetime.combine(day, session_end)
                if begin >= end:
                    continue
                if remaining <= end - begin:
                    return begin + remaining
                remaining -= end - begin
            # Skip whole working days, keeping a last day that has 0 < remaining ≤ per_day.
            skip = -(-remaining // self._per_day) - 1
            remaining -= skip * self._per_day
            day = date.fromordinal(self._nth_working_ordinal(day, skip + 1))
            position = datetime.combine(day, self.office_hours.opening)

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        return self.add_working_time(start, timedelta(hours=hours))

    def _elapsed_on(self, day: date, moment: time) -> timedelta:
        """Session time on ``day`` from opening until ``moment`` (0 on a day off)."""
        if not self.is_working_day(day):
            return timedelta()
        total = timedelta()
        for start, end in self.office_hours.sessions:
            if moment <= start:
                break
            total += _span(start, min(moment, end))
        return total

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Session time inside [start, end] (0 if end ≤ start)."""
        _check_naive(start)
        _check_naive(end)
        if end <= start:
            return timedelta()
        first, last = start.date(), end.date()
        if first == last:
            return self._elapsed_on(last, end.time()) - self._elapsed_on(first, start.time())
        whole_days = self.working_days_between(first, last) - int(self.is_working_day(last))
        head = timedelta()
        if self.is_working_day(first):
            head = self._per_day - self._elapsed_on(first, start.time())
        return head + whole_days * self._per_day + self._elapsed_on(last, end.time())


def _padded(first_year: int, last_year: int) -> tuple[int, int]:
    """One year of margin before, two after (due dates run into the next year), if supported."""
    if first_year < MIN_YEAR or last_year > MAX_YEAR:
        return first_year, last_year  # _covering rejects it
    return max(first_year - 1, MIN_YEAR), min(last_year + 2, MAX_YEAR)


def _as_date(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _check_naive(value: datetime) -> None:
    if value.tzinfo is not None:
        raise ValueError("WorkCalendar takes naive local Vietnam time; convert aware datetimes")
