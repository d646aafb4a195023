"""Where a dossier stands against its due date on the staff pages: the badge, the list's filters
"Quá hạn", "Đến hạn hôm nay", "Sắp đến hạn", the menu's count, the alerts board and the
dashboard's overdue list.

The rule is domain.overdue's (dates, not times: overdue from the day after the due day, the
official reports' rule). `countdown` classifies one dossier; the `*_q` functions are the same
rule as query conditions (a test checks that they agree on every status and due time).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from motcua.domain.deadlines import Timeliness, classify_by_date
from motcua.domain.dossier_states import CLOCK_STOPPED, TERMINAL, Status
from motcua.domain.overdue import standing
from motcua.domain.workcalendar import WorkCalendar
from motcua.dossiers.indexes import RUNNING_Q
from motcua.dossiers.models import Dossier

NOT_ACCEPTED = frozenset({Status.RECEIVED, Status.INTAKE_SUPPLEMENT})


def countdown(dossier: Dossier, today: dt.date) -> str:
    """waiting (not accepted yet) / in_time / due_today / overdue / paused / done
    (domain.overdue.Standing)."""
    status = Status(dossier.status)
    return standing(
        timezone.localtime(dossier.due_at).date() if dossier.due_at else None,
        today,
        finished=dossier.resolved_at is not None or status in TERMINAL,
        clock_stopped=status in CLOCK_STOPPED,
        accepted=status not in NOT_ACCEPTED,
    ).value


FINISHED_LABELS = {
    Timeliness.EARLY: "Giải quyết trước hạn",
    Timeliness.ON_TIME: "Giải quyết đúng hạn",
    Timeliness.LATE: "Giải quyết quá hạn",
}


def finished(dossier: Dossier) -> str:
    """How a finished dossier ended against its due date, by the reports' rule (the local day of
    the resolution against the local due day, as II.06a columns 8–10 count it)."""
    if dossier.resolved_at is None:
        return "Đã kết thúc"
    due = timezone.localtime(dossier.due_at).date() if dossier.due_at else None
    return FINISHED_LABELS[classify_by_date(timezone.localtime(dossier.resolved_at).date(), due)]


def start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day`, Vietnam time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def running_q() -> Q:
    """The condition of the partial indexes on open due dates (models.RUNNING_Q: no result, not
    ended, a due date), then the statuses whose clock does not run."""
    stopped = sorted(s.value for s in TERMINAL | CLOCK_STOPPED | NOT_ACCEPTED)
    return RUNNING_Q & ~Q(status__in=stopped)


def overdue_q(today: dt.date) -> Q:
    """Due on a day before `today`: overdue_from(due day) ≤ today."""
    return running_q() & Q(due_at__lt=start_of(today))


def due_today_q(today: dt.date) -> Q:
    return running_q() & Q(
        due_at__gte=start_of(today), due_at__lt=start_of(today + dt.timedelta(days=1))
    )


def due_soon_q(today: dt.date, horizon: dt.date) -> Q:
    """Due after today, on or before `horizon` (see `soon_horizon`)."""
    return running_q() & Q(
        due_at__gte=start_of(today + dt.timedelta(days=1)),
        due_at__lt=start_of(horizon + dt.timedelta(days=1)),
    )


def soon_horizon(calendar: WorkCalendar, today: dt.date, working_days: int) -> dt.date:
    """The `working_days`-th working day after today: "due within N working days". With 1 it is
    the deadline alerts' horizon (alerts/services.scan, "due_soon": the next working day)."""
    day = today
    for _ in range(working_days):
        day = calendar.next_working_day(day)
    return day
