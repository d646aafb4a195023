"""Build the WorkCalendar of a unit from the package and the admin-edited tables."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from motcua.calendars.models import CalendarDay, OfficeSessions
from motcua.domain.workcalendar import CalendarException, WorkCalendar
from motcua.units.models import Unit


def calendar_for(unit: Unit | None = None) -> WorkCalendar:
    """The calendar of the unit's province: national exceptions, then the province's own.

    A province's decision for a day replaces the national one for that day.
    """
    province = unit.province() if unit is not None else None
    rows = CalendarDay.objects.filter(Q(province__isnull=True) | Q(province=province))
    by_day: dict[dt.date, CalendarDay] = {}
    for row in rows.order_by("province_id"):  # NULL (national) first, the province's wins
        if row.day not in by_day or row.province_id is not None:
            by_day[row.day] = row
    exceptions = [
        CalendarException(
            day=row.day,
            kind="off" if row.kind == "off" else "work",
            reason=row.reason,
            legal_ref=row.legal_ref,
        )
        for row in by_day.values()
    ]
    office_hours = None
    if province is not None:
        sessions = OfficeSessions.objects.filter(province=province).first()
        if sessions is not None:
            office_hours = sessions.office_hours()
    return WorkCalendar(exceptions, office_hours=office_hours)


def to_local_naive(moment: dt.datetime) -> dt.datetime:
    """The domain works in naive Vietnam time; convert an aware datetime on the way in."""
    if timezone.is_aware(moment):
        return timezone.localtime(moment).replace(tzinfo=None)
    return moment


def to_aware(moment: dt.datetime) -> dt.datetime:
    """…and back to an aware datetime on the way out."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
