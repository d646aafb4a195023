"""The dossier's deadline clock: its events are stored on the dossier as JSON and replayed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from motcua.calendars.services import calendar_for, to_aware, to_local_naive
from motcua.catalog.models import ProcedureVersion
from motcua.domain.deadlines import (
    Accepted,
    ClockEvent,
    ClockState,
    DeadlineClock,
    Extended,
    Resumed,
    SupplementReceived,
    SupplementRequested,
    Suspended,
    TimeLimit,
    TimeLimitUnit,
)
from motcua.domain.workcalendar import WorkCalendar
from motcua.dossiers.models import Channel, Dossier

_KINDS: dict[str, type] = {
    "accepted": Accepted,
    "supplement_requested": SupplementRequested,
    "supplement_received": SupplementReceived,
    "suspended": Suspended,
    "resumed": Resumed,
    # waiting for the applicant's financial obligation pauses the clock as a suspension does
    "obligation_requested": Suspended,
    "obligation_fulfilled": Resumed,
}
_PROMISING = frozenset({"accepted", "supplement_received"})  # events that set an appointment


def time_limit_of(version: ProcedureVersion) -> TimeLimit:
    return TimeLimit(version.time_limit_value, TimeLimitUnit(version.time_limit_unit))


def limit_given(dossier: Dossier) -> TimeLimit:
    """The time limit the dossier was given when received (kept on the dossier), or, for rows
    that never stored it, its pinned version's."""
    if dossier.time_limit_value is None or not dossier.time_limit_unit:
        return time_limit_of(dossier.procedure_version)
    return TimeLimit(dossier.time_limit_value, TimeLimitUnit(dossier.time_limit_unit))


def clock_for(dossier: Dossier, calendar: WorkCalendar | None = None) -> DeadlineClock:
    return DeadlineClock(
        calendar or calendar_for(dossier.competent_unit),
        limit_given(dossier),
        paper=dossier.channel != Channel.ONLINE,
    )


def _event(row: dict[str, Any], *, promises: bool = True) -> ClockEvent:
    at = dt.datetime.fromisoformat(row["at"])
    if row["kind"] == "extended":
        return Extended(new_due=dt.datetime.fromisoformat(row["new_due"]), at=at)
    if row["kind"] in _PROMISING:
        promised = row.get("promised") if promises else None
        given: ClockEvent = _KINDS[row["kind"]](
            at, dt.datetime.fromisoformat(promised) if promised else None
        )
        return given
    event: ClockEvent = _KINDS[row["kind"]](at)
    return event


def replay(
    dossier: Dossier, calendar: WorkCalendar | None = None, *, promises: bool = True
) -> ClockState:
    """The clock state from the stored events; ``promises=False`` ignores the appointments
    given (what the calendar alone gives)."""
    events = [_event(r, promises=promises) for r in dossier.clock_events]
    return clock_for(dossier, calendar).run(events)


def apply_clock_event(
    dossier: Dossier, kind: str, at: dt.datetime, new_due: dt.datetime | None = None
) -> ClockState:
    """Append a clock event (raises DeadlineError if the clock refuses it) and store the dates."""
    row: dict[str, Any] = {"kind": kind, "at": to_local_naive(at).isoformat()}
    if new_due is not None:
        row["new_due"] = to_local_naive(new_due).isoformat()
    events = [*dossier.clock_events, row]
    state = clock_for(dossier).run([_event(r) for r in events])
    if kind in _PROMISING and state.original_due is not None:
        row["promised"] = state.original_due.isoformat()  # the appointment given now
    dossier.clock_events = events
    dossier.due_at = to_aware(state.due) if state.due is not None else None
    dossier.original_due_at = (
        to_aware(state.original_due) if state.original_due is not None else None
    )
    dossier.extended_due_at = (
        to_aware(state.extended_due) if state.extended_due is not None else None
    )
    return state
