"""The 8-working-hour rule for online dossiers (NĐ 118/2025/NĐ-CP, Art. 17.2).

An online dossier must be accepted, sent back for supplement or refused within 8 working hours
of its receipt. Working time comes from the unit's calendar (calendars.services.calendar_for →
domain.workcalendar.WorkCalendar.working_time_between): weekends, holidays and the office
sessions of the province count exactly as for deadlines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from motcua.calendars.services import calendar_for, to_local_naive
from motcua.domain.dossier_states import Status
from motcua.domain.workcalendar import WorkCalendar
from motcua.dossiers.models import Channel, Dossier
from motcua.units.models import Unit

ONLINE_INTAKE_LIMIT_HOURS = 8
ONLINE_INTAKE_LIMIT_SOURCE = "Nghị định 118/2025/NĐ-CP, Điều 17 khoản 2 (hiệu lực 01/7/2025)"


def working_hours_waited(dossier: Dossier, now: dt.datetime, calendar: WorkCalendar) -> float:
    waited = calendar.working_time_between(to_local_naive(dossier.received_at), to_local_naive(now))
    return waited.total_seconds() / 3600


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
    calendars: dict[int, WorkCalendar] = {}
    rows = []
    for dossier in dossiers:
        unit: Unit = dossier.receiving_unit
        if unit.pk not in calendars:
            calendars[unit.pk] = calendar_for(unit)
        rows.append((dossier, working_hours_waited(dossier, now, calendars[unit.pk])))
    rows.sort(key=lambda row: -row[1])
    return rows


def late_online_intake(dossiers: Iterable[Dossier], now: dt.datetime | None = None) -> set[int]:
    """The ids, among `dossiers`, of online dossiers waiting more than 8 working hours."""
    now = now or timezone.now()
    calendars: dict[int, WorkCalendar] = {}
    late = set()
    for dossier in dossiers:
        if dossier.channel != Channel.ONLINE or dossier.status != Status.RECEIVED.value:
            continue
        unit_id = dossier.receiving_unit_id
        if unit_id not in calendars:
            calendars[unit_id] = calendar_for(dossier.receiving_unit)
        if working_hours_waited(dossier, now, calendars[unit_id]) > ONLINE_INTAKE_LIMIT_HOURS:
            late.add(dossier.pk)
    return late
