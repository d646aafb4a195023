"""Build the WorkCalendar of a unit from the package and the admin-edited tables."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.db import connection
from django.utils import timezone

from motcua.calendars.models import CalendarDay, OfficeSessions
from motcua.domain.workcalendar import CalendarException, OfficeHours, WorkCalendar
from motcua.units.models import Unit


def calendar_for(unit: Unit | None = None) -> WorkCalendar:
    """The calendar of the unit's province: national exceptions, then the province's own.

    A province's decision for a day replaces the national one for that day.
    """
    province = unit.province() if unit is not None else None
    province_id = province.pk if province is not None else None
    # Read on every act (an administrator's edit counts from the next act on), in plain SQL:
    # these two small reads cost more to compile through the ORM than to run.
    days, sessions = CalendarDay._meta.db_table, OfficeSessions._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT day, kind, reason, legal_ref, province_id FROM {days} "  # noqa: S608
            "WHERE province_id IS NULL OR province_id = %s",
            [province_id],
        )
        by_day: dict[dt.date, CalendarException] = {}
        for day, kind, reason, legal_ref, row_province in cursor.fetchall():
            if day in by_day and row_province is None:  # the province's decision wins
                continue
            by_day[day] = CalendarException(
                day=day, kind="off" if kind == "off" else "work", reason=reason, legal_ref=legal_ref
            )
        office_hours = None
        if province_id is not None:
            cursor.execute(
                "SELECT morning_start, morning_end, afternoon_start, afternoon_end "  # noqa: S608
                f"FROM {sessions} WHERE province_id = %s",
                [province_id],
            )
            row = cursor.fetchone()
            if row is not None:
                office_hours = OfficeSessions(
                    morning_start=row[0],
                    morning_end=row[1],
                    afternoon_start=row[2],
                    afternoon_end=row[3],
                ).office_hours()
    exceptions = tuple(sorted(by_day.values(), key=lambda e: e.day))
    return _calendar(exceptions, office_hours)


@lru_cache(maxsize=64)
def _calendar(
    exceptions: tuple[CalendarException, ...], office_hours: OfficeHours | None
) -> WorkCalendar:
    """One WorkCalendar per distinct content, reused across acts: it is immutable and its day
    table (built lazily, a few ms per fresh calendar) is what every due date reads. The rows are
    still read on every call, so an edit by the administrator counts from the next act on."""
    return WorkCalendar(exceptions, office_hours=office_hours)


def to_local_naive(moment: dt.datetime) -> dt.datetime:
    """The domain works in naive Vietnam time; convert an aware datetime on the way in."""
    if timezone.is_aware(moment):
        return timezone.localtime(moment).replace(tzinfo=None)
    return moment


def to_aware(moment: dt.datetime) -> dt.datetime:
    """…and back to an aware datetime on the way out."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
