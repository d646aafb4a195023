"""24/11 follows the administrator's dated setting; the default is a working day."""

import datetime as dt

import pytest

from motcua.calendars.models import UncertainDay
from motcua.calendars.services import calendar_for

pytestmark = pytest.mark.django_db


def _culture_day() -> UncertainDay:
    return UncertainDay.objects.get(key="ngay-van-hoa-viet-nam")


def test_the_default_is_a_working_day_with_its_reason() -> None:
    item = _culture_day()
    assert (item.day, item.month, item.applies_from) == (24, 11, dt.date(2026, 7, 1))
    assert not item.is_day_off
    assert "Chưa đọc được văn bản" in item.reason
    calendar = calendar_for(None)
    assert calendar.is_working_day(dt.date(2026, 11, 24))  # the package says a day off
    assert calendar.is_working_day(dt.date(2027, 11, 24))
    assert calendar.add_working_days(dt.datetime(2026, 11, 23, 8), 1).date() == dt.date(
        2026, 11, 24
    )


def test_deciding_a_day_off_moves_the_deadline_from_its_date() -> None:
    item = _culture_day()
    item.is_day_off = True
    item.save()
    calendar = calendar_for(None)
    assert not calendar.is_working_day(dt.date(2026, 11, 24))
    assert calendar.add_working_days(dt.datetime(2026, 11, 23, 8), 1).date() == dt.date(
        2026, 11, 25
    )
    item.applies_from = dt.date(2027, 1, 1)
    item.save()
    calendar = calendar_for(None)
    assert calendar.is_working_day(dt.date(2026, 11, 24))  # before its date: a working day
    assert not calendar.is_working_day(dt.date(2027, 11, 24))
