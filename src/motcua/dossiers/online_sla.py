"""The 8-working-hour rule for online dossiers (NĐ 118/2025/NĐ-CP, Art. 17.2).

An online dossier must be accepted, sent back for supplement or refused within 8 working hours
of its receipt (after an intake supplement: of its resubmission — an assumption, the decree
speaks of receipt, and the resubmitted dossier is received anew). Working time comes from the
unit's calendar (calendars.services.calendar_for → domain.workcalendar.WorkCalendar.
working_time_between): weekends, holidays and the office sessions of the province count exactly
as for deadlines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max
from django.utils import timezone

from motcua.audit.models import AuditEvent
from motcua.calendars.services import calendars_by_unit, to_local_naive
from motcua.domain.dossier_states import Action, Status
from motcua.domain.workcalendar import WorkCalendar
from motcua.dossiers.models import Channel, Dossier

ONLINE_INTAKE_LIMIT_HOURS = 8
ONLINE_INTAKE_LIMIT_SOURCE = "Nghị định 118/2025/NĐ-CP, Điều 17 khoản 2 (hiệu lực 01/7/2025)"


def working_hours_waited(
    dossier: Dossier, now: dt.datetime, calendar: WorkCalendar, since: dt.datetime | None = None
) -> float:
    """Working hours from receipt (or from the last resubmission, `since`) until `now`."""
    start = max(dossier.received_at, since) if since else dossier.received_at
    waited = calendar.working_time_between(to_local_naive(start), to_local_naive(now))
    return waited.total_seconds() / 3600


def resubmitted_at(dossier_ids: list[int]) -> dict[int, dt.datetime]:
    """When each dossier was last handed in again after an intake supplement request."""
    rows = (
        AuditEvent.objects.filter(
            object_type="dossier",
            object_id__in=[str(pk) for pk in dossier_ids],
            action=Action.RESUBMIT.value,
        )
        .values("object_id")
        .annotate(last=Max("at"))
    )
    return {int(row["object_id"]): row["last"] for row in rows}


def online_dossiers_waiting(
    unit_ids: Iterable[int], now: dt.datetime | None = None
) -> list[tuple[Dossier, float]]:
    """Online dossiers received by these units and not yet handled at intake, with the working
    hours each has waited, longest first. For alerts (2 h) and the 8-hour flag."""
    now = now or timezone.now()
    dossiers = (
        Dossier.objects.filter(
            channel=Channel.ONLINE,
            status=Status.RECEIVED.value,
            receiving_unit_id__in=list(unit_ids),
        )
        .select_related("receiving_unit", "procedure_version")
        .order_by("received_at")
    )
    waiting = list(dossiers)
    calendars = calendars_by_unit({d.receiving_unit_id for d in waiting})  # one per province
    again = resubmitted_at([d.pk for d in waiting])
    rows = []
    for dossier in waiting:
        calendar = calendars[dossier.receiving_unit_id]
        hours = working_hours_waited(dossier, now, calendar, again.get(dossier.pk))
        rows.append((dossier, hours))
    rows.sort(key=lambda row: -row[1])
    return rows


def late_online_intake(dossiers: Iterable[Dossier], now: dt.datetime | None = None) -> set[int]:
    """The ids, among `dossiers`, of online dossiers waiting more than 8 working hours."""
    now = now or timezone.now()
    waiting = [
        d for d in dossiers if d.channel == Channel.ONLINE and d.status == Status.RECEIVED.value
    ]
    calendars = calendars_by_unit({d.receiving_unit_id for d in waiting})  # one per province
    again = resubmitted_at([d.pk for d in waiting])
    late = set()
    for dossier in waiting:
        calendar = calendars[dossier.receiving_unit_id]
        hours = working_hours_waited(dossier, now, calendar, again.get(dossier.pk))
        if hours > ONLINE_INTAKE_LIMIT_HOURS:
            late.add(dossier.pk)
    return late
