"""Time limits, the event-driven deadline clock, and on-time classification (domain.md §5).

Pure domain code: no Django, no clock reads. Datetimes are naive local Vietnam time (see
:mod:`motcua.domain.workcalendar`).

Rules (sources in domain.md §5 and research/domain-vn.md §6):

* The clock starts at the acceptance of a complete, valid dossier (NĐ 118/2025 Art. 17.3).
* Working-day limits: the acceptance day is not counted and the limit ends with its last day
  (BLDS 2015 Art. 147.3, 148) → :attr:`DayCountRule.EXCLUDE_ACCEPTANCE_DAY`, the default. Some
  provincial systems instead count N × 8 working hours from the clock start (Thanh Hóa
  ``CaculateTime.cs``, OpenCPS ``DueDateUtils``) → :attr:`DayCountRule.WORKING_HOURS_EQUIVALENT`.
* Paper dossiers received after 15:00 are forwarded at the start of the next working day
  (Art. 18.2): for hour limits the clock starts then. For day limits under the default rule the
  rule changes nothing: the acceptance day is never counted, so the next working day is day 1
  either way. Same-day procedures: the same working day, or the next one after 15:00.
* Supplement after appraisal: the clock stops; when the complete dossier comes back **a full
  new limit starts from that moment** (Art. 19.5: "tính lại từ đầu").
* Civil-status verification (NĐ 123/2015 Art. 3.4): suspended working time is not counted;
  on resumption the due moment moves later by the suspended *working time*.
* Extension (Art. 19.6): once per dossier, requested at least 1 working day before the current
  due date (the due date must be ≥ the 1st working day after the request date); both the
  original and the extended due dates are kept. Whether reports judge lateness against the
  original or the extended date is unsettled: :class:`LatenessBasis` is a policy setting and
  :func:`assess` computes both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from motcua.domain.workcalendar import HOURS_PER_WORKING_DAY, WorkCalendar


class DeadlineError(ValueError):
    """An illegal time limit or event sequence; the message is Vietnamese, for the user."""


class TimeLimitUnit(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    CALENDAR_DAYS = "calendar_days"
    SAME_DAY = "same_day"


class DayCountRule(StrEnum):
    EXCLUDE_ACCEPTANCE_DAY = "exclude_acceptance_day"
    WORKING_HOURS_EQUIVALENT = "working_hours_equivalent"


@dataclass(frozen=True)
class TimeLimit:
    """A statutory processing time: ``value`` units (``SAME_DAY`` takes value 0)."""

    value: int
    unit: TimeLimitUnit

    def __post_init__(self) -> None:
        if isinstance(self.value, bool) or not isinstance(self.value, int) or self.value < 0:
            raise DeadlineError("Thời hạn giải quyết phải là số nguyên không âm.")
        if self.unit is TimeLimitUnit.SAME_DAY and self.value != 0:
            raise DeadlineError("Thủ tục giải quyết trong ngày không có số ngày.")

    @classmethod
    def same_day(cls) -> TimeLimit:
        return cls(0, TimeLimitUnit.SAME_DAY)

    @classmethod
    def from_working_days(cls, days: Decimal | int | str) -> TimeLimit:
        """Whole days stay days; fractions become hours at 1 working day = 8 working hours."""
        amount = Decimal(days)
        if amount == amount.to_integral_value():
            return cls(int(amount), TimeLimitUnit.WORKING_DAYS)
        hours = amount * HOURS_PER_WORKING_DAY
        if hours != hours.to_integral_value():
            raise DeadlineError(f"Không quy đổi được {days} ngày làm việc thành số giờ nguyên.")
        return cls(int(hours), TimeLimitUnit.WORKING_HOURS)

    def working_hours(self) -> int:
        """The limit in working hours (days × 8); only for working-day and working-hour limits."""
        if self.unit is TimeLimitUnit.WORKING_HOURS:
            return self.value
        if self.unit is TimeLimitUnit.WORKING_DAYS:
            return self.value * HOURS_PER_WORKING_DAY
        raise DeadlineError("Chỉ quy đổi được thời hạn tính bằng ngày làm việc hoặc giờ làm việc.")


def due_at(
    calendar: WorkCalendar,
    accepted_at: datetime,
    limit: TimeLimit,
    *,
    paper: bool,
    day_rule: DayCountRule = DayCountRule.EXCLUDE_ACCEPTANCE_DAY,
) -> datetime:
    """The due moment of a dossier accepted at ``accepted_at`` with ``limit``.

    * WORKING_DAYS, default rule: close of the n-th working day after the acceptance date.
    * WORKING_DAYS with ``WORKING_HOURS_EQUIVALENT``, and WORKING_HOURS: n × 8 (or n) working
      hours from :meth:`WorkCalendar.clock_start` (``paper`` applies the 15:00 cut-off).
    * CALENDAR_DAYS: close of the acceptance date + n days, moved to a working day.
    * SAME_DAY: :meth:`WorkCalendar.same_day_due`; the cut-off applies whatever ``paper`` says
      (NĐ 23/2015 Art. 7 does not depend on the channel).
    """
    unit = limit.unit
    if unit is TimeLimitUnit.SAME_DAY:
        return calendar.same_day_due(accepted_at)
    if unit is TimeLimitUnit.CALENDAR_DAYS:
        return calendar.add_calendar_days(accepted_at, limit.value)
    if unit is TimeLimitUnit.WORKING_DAYS and day_rule is DayCountRule.EXCLUDE_ACCEPTANCE_DAY:
        return calendar.add_working_days(accepted_at, limit.value)
    start = calendar.clock_start(accepted_at, paper=paper)
    return calendar.add_working_time(start, timedelta(hours=limit.working_hours()))


# -- the clock ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Accepted:
    """``promised``: the due moment given to the applicant then (the receipt's appointment); a
    later calendar change never makes the replayed due moment earlier than it."""

    at: datetime
    promised: datetime | None = None


@dataclass(frozen=True)
class SupplementRequested:
    at: datetime


@dataclass(frozen=True)
class SupplementReceived:
    at: datetime
    promised: datetime | None = None  # the new appointment given at the restart


@dataclass(frozen=True)
class Suspended:
    at: datetime


@dataclass(frozen=True)
class Resumed:
    at: datetime


@dataclass(frozen=True)
class Extended:
    new_due: datetime
    at: datetime


ClockEvent = Accepted | SupplementRequested | SupplementReceived | Suspended | Resumed | Extended


class ClockStatus(StrEnum):
    RUNNING = "running"
    STOPPED_FOR_SUPPLEMENT = "stopped_for_supplement"
    SUSPENDED = "suspended"


@dataclass(frozen=True)
class ClockState:
    """The deadline clock after a sequence of events.

    ``original_due`` is the statutory due moment of the current run (after the last restart,
    moved by suspensions); ``extended_due`` the once-only new date, moved by later suspensions
    too. ``first_due`` is the due moment computed at acceptance, kept for history.
    While stopped for a supplement there is no due moment (``due`` is None); while suspended
    ``due`` is the value before the suspension (it moves on resumption; see :meth:`projected_due`).
    """

    status: ClockStatus
    accepted_at: datetime
    started_at: datetime
    original_due: datetime | None
    extended_due: datetime | None
    first_due: datetime
    restarts: int = 0
    extensions_used: int = 0
    paused: timedelta = timedelta()
    status_since: datetime | None = None
    last_event_at: datetime | None = None

    @property
    def due(self) -> datetime | None:
        if self.status is ClockStatus.STOPPED_FOR_SUPPLEMENT:
            return None
        return self.extended_due or self.original_due

    def due_for(self, basis: LatenessBasis) -> datetime | None:
        if self.status is ClockStatus.STOPPED_FOR_SUPPLEMENT:
            return None
        if basis is LatenessBasis.EXTENDED and self.extended_due is not None:
            return self.extended_due
        return self.original_due

    def projected_due(self, calendar: WorkCalendar, at: datetime) -> datetime | None:
        """``due`` if the clock were resumed at ``at`` (equals ``due`` unless suspended)."""
        due = self.due
        if self.status is not ClockStatus.SUSPENDED or due is None or self.status_since is None:
            return due
        return _shift(calendar, due, calendar.working_time_between(self.status_since, at))


def _at_least(due: datetime, promised: datetime | None) -> datetime:
    return due if promised is None or promised <= due else promised


def _shift(calendar: WorkCalendar, moment: datetime, paused: timedelta) -> datetime:
    return calendar.add_working_time(moment, paused) if paused > timedelta() else moment


@dataclass(frozen=True)
class DeadlineClock:
    """A pure fold of clock events into a :class:`ClockState` for one dossier's time limit."""

    calendar: WorkCalendar
    limit: TimeLimit
    paper: bool = False
    day_rule: DayCountRule = DayCountRule.EXCLUDE_ACCEPTANCE_DAY

    def due_from(self, start: datetime) -> datetime:
        return due_at(self.calendar, start, self.limit, paper=self.paper, day_rule=self.day_rule)

    def run(self, events: Iterable[ClockEvent]) -> ClockState:
        state: ClockState | None = None
        for event in events:
            state = self.apply(state, event)
        if state is None:
            raise DeadlineError("Hồ sơ chưa được tiếp nhận.")
        return state

    def apply(self, state: ClockState | None, event: ClockEvent) -> ClockState:
        if event.at.tzinfo is not None:
            raise ValueError("clock events take naive local Vietnam time")
        if state is None:
            if not isinstance(event, Accepted):
                raise DeadlineError("Hồ sơ chưa được tiếp nhận.")
            due = _at_least(self.due_from(event.at), event.promised)
            return ClockState(
                status=ClockStatus.RUNNING,
                accepted_at=event.at,
                started_at=event.at,
                original_due=due,
                extended_due=None,
                first_due=due,
                status_since=event.at,
                last_event_at=event.at,
            )
        if state.last_event_at is not None and event.at < state.last_event_at:
            raise DeadlineError("Các sự kiện của hồ sơ phải theo thứ tự thời gian.")
        new_state = self._transition(state, event)
        return replace(new_state, last_event_at=event.at)

    def _transition(self, state: ClockState, event: ClockEvent) -> ClockState:
        status = state.status
        match event:
            case Accepted():
                raise DeadlineError("Hồ sơ đã được tiếp nhận.")
            case SupplementRequested(at=at):
                self._require_running(status, "yêu cầu bổ sung")
                return replace(state, status=ClockStatus.STOPPED_FOR_SUPPLEMENT, status_since=at)
            case SupplementReceived(at=at, promised=promised):
                if status is not ClockStatus.STOPPED_FOR_SUPPLEMENT:
                    raise DeadlineError("Hồ sơ không ở trạng thái chờ bổ sung.")
                return replace(
                    state,
                    status=ClockStatus.RUNNING,
                    started_at=at,
                    original_due=_at_least(self.due_from(at), promised),
                    extended_due=None,
                    restarts=state.restarts + 1,
                    paused=timedelta(),
                    status_since=at,
                )
            case Suspended(at=at):
                self._require_running(status, "tạm dừng")
                return replace(state, status=ClockStatus.SUSPENDED, status_since=at)
            case Resumed(at=at):
                if status is not ClockStatus.SUSPENDED or state.status_since is None:
                    raise DeadlineError("Hồ sơ không ở trạng thái tạm dừng.")
                paused = self.calendar.working_time_between(state.status_since, at)
                return replace(
                    state,
                    status=ClockStatus.RUNNING,
                    original_due=_optional_shift(self.calendar, state.original_due, paused),
                    extended_due=_optional_shift(self.calendar, state.extended_due, paused),
                    paused=state.paused + paused,
                    status_since=at,
                )
            case Extended(new_due=new_due, at=at):
                return self._extend(state, new_due, at)
        raise TypeError(f"unknown clock event {event!r}")  # pragma: no cover

    def _extend(self, state: ClockState, new_due: datetime, at: datetime) -> ClockState:
        self._require_running(state.status, "gia hạn")
        if new_due.tzinfo is not None:
            raise ValueError("clock events take naive local Vietnam time")
        if state.extensions_used >= 1:
            raise DeadlineError("Hồ sơ chỉ được gia hạn một lần.")
        current = state.due
        if current is None:  # pragma: no cover - running implies a due moment
            raise DeadlineError("Hồ sơ chưa có hạn giải quyết.")
        if new_due <= current:
            raise DeadlineError("Ngày hẹn trả mới phải sau ngày hẹn trả hiện tại.")
        if self.calendar.working_days_between(at.date(), current.date()) < 1:
            raise DeadlineError(
                "Phải đề nghị gia hạn chậm nhất trước 01 ngày làm việc so với hạn giải quyết."
            )
        return replace(state, extended_due=new_due, extensions_used=state.extensions_used + 1)

    @staticmethod
    def _require_running(status: ClockStatus, action: str) -> None:
        if status is ClockStatus.STOPPED_FOR_SUPPLEMENT:
            raise DeadlineError(f"Không thể {action}: hồ sơ đang chờ bổ sung.")
        if status is ClockStatus.SUSPENDED:
            raise DeadlineError(f"Không thể {action}: hồ sơ đang tạm dừng.")


def _optional_shift(
    calendar: WorkCalendar, moment: datetime | None, paused: timedelta
) -> datetime | None:
    return None if moment is None else _shift(calendar, moment, paused)


# -- classification ----------------------------------------------------------------------


class Timeliness(StrEnum):
    EARLY = "early"  # trước hạn
    ON_TIME = "on_time"  # đúng hạn
    LATE = "late"  # quá hạn


class LatenessBasis(StrEnum):
    """Policy setting: judge lateness against the original or the extended due date."""

    ORIGINAL = "original"
    EXTENDED = "extended"


def classify_by_date(resolved: date, due: date | None) -> Timeliness:
    """The report rule (research §4.2): dates only; no due date counts as on time."""
    if isinstance(resolved, datetime):
        resolved = resolved.date()
    if isinstance(due, datetime):
        due = due.date()
    if due is None or resolved == due:
        return Timeliness.ON_TIME
    return Timeliness.EARLY if resolved < due else Timeliness.LATE


def classify_by_time(resolved_at: datetime, due_at: datetime | None) -> Timeliness:
    """The alert rule: compared to the minute (seconds ignored); no due moment is on time."""
    if due_at is None:
        return Timeliness.ON_TIME
    resolved_minute = resolved_at.replace(second=0, microsecond=0)
    due_minute = due_at.replace(second=0, microsecond=0)
    if resolved_minute == due_minute:
        return Timeliness.ON_TIME
    return Timeliness.EARLY if resolved_minute < due_minute else Timeliness.LATE


@dataclass(frozen=True)
class Assessment:
    """Date-level timeliness of a resolved dossier under both lateness bases."""

    by_original: Timeliness
    by_extended: Timeliness

    def under(self, basis: LatenessBasis) -> Timeliness:
        return self.by_extended if basis is LatenessBasis.EXTENDED else self.by_original


def assess(state: ClockState, resolved: date) -> Assessment:
    """Classify a resolution date against the original and the extended due dates."""

    def day(basis: LatenessBasis) -> date | None:
        moment = state.due_for(basis)
        return None if moment is None else moment.date()

    return Assessment(
        by_original=classify_by_date(resolved, day(LatenessBasis.ORIGINAL)),
        by_extended=classify_by_date(resolved, day(LatenessBasis.EXTENDED)),
    )
