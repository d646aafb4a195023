"""Build the WorkCalendar of a unit: package < official schedule < uncertain days < admin rows.

From weakest to strongest: the `holidays` package (inside WorkCalendar), the shipped official
schedule (official.py, one row per day named by a notice or the Labour Code), the administrator's
decision on each uncertain day (UncertainDay: a day off, or a working day that cancels the
package's), then the CalendarDay rows, national, then the province's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

from django.db import connection
from django.utils import timezone

from motcua.calendars.models import CalendarDay, OfficeSessions, UncertainDay
from motcua.calendars.official import schedule
from motcua.core.sql import fetch_all, marks
from motcua.domain.workcalendar import CalendarException, OfficeHours, WorkCalendar
from motcua.units.models import Unit, UnitKind

# Uncertain days are spelled out as dated exceptions over these years (the package's own
# guesses start in 2026; before its date the setting makes the day a working day).
FIRST_UNCERTAIN_YEAR, LAST_UNCERTAIN_YEAR = 2000, 2100
UNCERTAIN_REF = "Cài đặt ngày chưa chắc chắn (quản trị hệ thống)"

UncertainRow = tuple[str, int, int, dt.date, bool]  # name, month, day, applies_from, is_day_off


def calendar_for(unit: Unit | None = None) -> WorkCalendar:
    """The calendar of the unit's province: official schedule, uncertain days, national
    exceptions, then the province's own. A province's decision for a day replaces the national
    one for that day."""
    by_day, uncertain, office_hours = _rows_for(unit)
    return _calendar(uncertain, tuple(sorted(by_day.values(), key=lambda e: e.day)), office_hours)


def calendars_by_unit(unit_ids: Iterable[int]) -> dict[int, WorkCalendar]:
    """The calendar of each of these units, built once per province (a calendar is the
    province's, `calendar_for`): the provinces are found by walking up the parents, one
    statement per level of the tree."""
    province_of: dict[int, int | None] = {}
    pending = {pk: pk for pk in set(unit_ids)}  # unit asked about → the ancestor reached so far
    table = connection.ops.quote_name(Unit._meta.db_table)
    for _level in range(MAX_TREE_DEPTH):
        if not pending:
            break
        ancestors = sorted(set(pending.values()))
        rows = {
            pk: (kind, parent)
            for pk, kind, parent in fetch_all(
                f"SELECT id, kind, parent_id FROM {table} WHERE id IN ({marks(ancestors)})",  # noqa: S608
                ancestors,
            )
        }
        following: dict[int, int] = {}
        for asked, at in pending.items():
            kind, parent = rows.get(at, ("", None))
            if kind == UnitKind.PROVINCE or parent is None:
                province_of[asked] = at if kind == UnitKind.PROVINCE else None
            else:
                following[asked] = parent
        pending = following
    province_of.update(dict.fromkeys(pending))  # a cycle in bad data: no province
    provinces = Unit.objects.in_bulk({pk for pk in province_of.values() if pk is not None})
    made: dict[int | None, WorkCalendar] = {pk: calendar_for(p) for pk, p in provinces.items()}
    if None in province_of.values():
        made[None] = calendar_for(None)
    return {asked: made[pk] for asked, pk in province_of.items()}


MAX_TREE_DEPTH = 8  # province → district → commune; deeper is bad data


def _rows_for(
    unit: Unit | None,
) -> tuple[dict[dt.date, CalendarException], tuple[UncertainRow, ...], OfficeHours | None]:
    province = unit.province() if unit is not None else None
    province_id = province.pk if province is not None else None
    # Read on every act (an administrator's edit counts from the next act on), in plain SQL:
    # these small reads cost more to compile through the ORM than to run.
    days, sessions = CalendarDay._meta.db_table, OfficeSessions._meta.db_table
    uncertain_table = UncertainDay._meta.db_table
    with connection.cursor() as cursor:
        # One query for the dated rows and the uncertain days (kind "u…"): one read per act.
        cursor.execute(
            f"SELECT day, kind, reason, legal_ref, province_id, NULL, NULL FROM {days} "  # noqa: S608
            "WHERE province_id IS NULL OR province_id = %s "
            "UNION ALL SELECT applies_from, CASE WHEN is_day_off THEN 'uoff' ELSE 'uwork' END, "
            f"name, '', NULL, month, day FROM {uncertain_table}",
            [province_id],
        )
        by_day: dict[dt.date, CalendarException] = {}
        uncertain_rows: list[UncertainRow] = []
        for raw_day, kind, reason, legal_ref, row_province, month, day_of in cursor.fetchall():
            day = _as_date(raw_day)
            if kind.startswith("u"):
                uncertain_rows.append((reason, month, day_of, day, kind == "uoff"))
                continue
            if day in by_day and row_province is None:  # the province's decision wins
                continue
            by_day[day] = CalendarException(
                day=day, kind="off" if kind == "off" else "work", reason=reason, legal_ref=legal_ref
            )
        uncertain = tuple(sorted(uncertain_rows, key=lambda row: (row[1], row[2])))
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
    return by_day, uncertain, office_hours


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def with_changes(unit: Unit | None, extra: dict[dt.date, CalendarException]) -> WorkCalendar:
    """The unit's calendar with some dated decisions added (a change not yet saved)."""
    by_day, uncertain, office_hours = _rows_for(unit)
    merged = {**_base(uncertain), **by_day, **extra}
    return WorkCalendar(merged.values(), office_hours=office_hours)


@lru_cache(maxsize=8)
def _base(uncertain: tuple[UncertainRow, ...]) -> dict[dt.date, CalendarException]:
    """The official schedule and the uncertain days as decided (the part that rarely changes)."""
    base = {exception.day: exception for exception in schedule().exceptions()}
    for name, month, day, applies_from, is_day_off in uncertain:
        for year in range(FIRST_UNCERTAIN_YEAR, LAST_UNCERTAIN_YEAR + 1):
            date = dt.date(year, month, day)
            if date >= applies_from and is_day_off:
                reason = f"{name} (ngày nghỉ theo quyết định của quản trị hệ thống)"
                base[date] = CalendarException(date, "off", reason, UNCERTAIN_REF)
            elif date.weekday() < 5:  # before the date, or not decided a day off: working
                reason = f"{name}: tính là ngày làm việc (chưa xác nhận là ngày nghỉ)"
                base[date] = CalendarException(date, "work", reason, UNCERTAIN_REF)
    return base


@lru_cache(maxsize=64)
def _calendar(
    uncertain: tuple[UncertainRow, ...],
    exceptions: tuple[CalendarException, ...],
    office_hours: OfficeHours | None,
) -> WorkCalendar:
    """One WorkCalendar per distinct content, reused across acts: it is immutable and its day
    table (built lazily, a few ms per fresh calendar) is what every due date reads. The rows are
    still read on every call, so an edit by the administrator counts from the next act on."""
    merged = {**_base(uncertain), **{exception.day: exception for exception in exceptions}}
    return WorkCalendar(merged.values(), office_hours=office_hours)


def to_local_naive(moment: dt.datetime) -> dt.datetime:
    """The domain works in naive Vietnam time; convert an aware datetime on the way in."""
    if timezone.is_aware(moment):
        return timezone.localtime(moment).replace(tzinfo=None)
    return moment


def to_aware(moment: dt.datetime) -> dt.datetime:
    """…and back to an aware datetime on the way out."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
