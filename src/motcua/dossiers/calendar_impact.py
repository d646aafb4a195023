"""Which open dossiers a calendar change moves (`motcua calendar impact`).

Each open dossier's clock is replayed from its stored events under the calendar with the change
(``--off`` / ``--work`` dates not yet saved) or, with no change given, under the calendar as it
is now (a change just made), and compared with the due date stored on the dossier. The replay
keeps the appointments given to the applicant (the ``promised`` moment of the acceptance and of
a restart, domain.deadlines): a change can make a due date later, never earlier than promised;
the line says when the promise is what holds it.
"""

from __future__ import annotations

import datetime as dt

from motcua.calendars.official import parse_day
from motcua.calendars.services import calendar_for, to_aware, to_local_naive, with_changes
from motcua.domain.deadlines import DeadlineError
from motcua.domain.dossier_states import TERMINAL
from motcua.domain.workcalendar import CalendarException, WorkCalendar
from motcua.dossiers.clock import replay
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit

_LABEL = "Thay đổi đang xem xét (chưa lưu)"


def parse_changes(off: list[str], work: list[str]) -> dict[dt.date, CalendarException]:
    """The dd/mm/yyyy dates given on the command line as dated decisions."""
    changes: dict[dt.date, CalendarException] = {}
    for kind, texts in (("off", off), ("work", work)):
        for text in texts:
            try:
                day = parse_day(text)
            except ValueError as exc:
                raise ValueError(f"Ngày “{text}” không đúng dạng dd/mm/yyyy.") from exc
            if day in changes:
                raise ValueError(f"Ngày {day:%d/%m/%Y} vừa là ngày nghỉ vừa là ngày làm việc.")
            if kind == "off":
                changes[day] = CalendarException(day, "off", "Ngày nghỉ mới", _LABEL)
            else:
                changes[day] = CalendarException(day, "work", "Ngày làm việc mới", _LABEL)
    return changes


def _moment(value: dt.datetime | None) -> str:
    return f"{to_local_naive(value):%d/%m/%Y %H:%M}" if value is not None else "—"


def impact_lines(changes: dict[dt.date, CalendarException]) -> list[str]:
    calendars: dict[int, WorkCalendar] = {}

    def calendar(unit: Unit) -> WorkCalendar:
        if unit.pk not in calendars:
            calendars[unit.pk] = with_changes(unit, changes) if changes else calendar_for(unit)
        return calendars[unit.pk]

    open_dossiers = (
        Dossier.objects.exclude(status__in=[status.value for status in TERMINAL])
        .exclude(clock_events=[])
        .select_related("competent_unit", "procedure_version")
        .order_by("code")
    )
    lines = ["Mã hồ sơ | hạn đang lưu | hạn theo lịch mới | ghi chú"]
    moved = 0
    for dossier in open_dossiers:
        try:
            kept = replay(dossier, calendar(dossier.competent_unit))
            bare = replay(dossier, calendar(dossier.competent_unit), promises=False)
        except DeadlineError:
            continue
        new_due = to_aware(kept.due) if kept.due is not None else None
        held = bare.due is not None and kept.due is not None and bare.due < kept.due
        if new_due == dossier.due_at and not held:
            continue
        moved += new_due != dossier.due_at
        note = "muộn hơn" if new_due and dossier.due_at and new_due > dossier.due_at else ""
        if held and bare.due is not None:
            note = f"giữ theo ngày hẹn đã trao (lịch mới cho {bare.due:%d/%m/%Y %H:%M})"
        lines.append(f"{dossier.code} | {_moment(dossier.due_at)} | {_moment(new_due)} | {note}")
    lines.append(f"Số hồ sơ đang giải quyết đổi hạn: {moved}")
    return lines
