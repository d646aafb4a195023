"""24/11 follows the administrator's dated setting; the default is a working day."""

import datetime as dt

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
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


def test_the_administrator_decides_in_the_admin_audited(
    client: Client, administrator: User
) -> None:
    item = _culture_day()
    client.force_login(administrator)
    page = client.get(f"/quan-tri/calendars/uncertainday/{item.pk}/change/").content.decode()
    assert "01/07/2026" in page  # the date as dd/mm/yyyy
    assert "Chưa đọc được văn bản" in page  # the reason is shown
    response = client.post(
        f"/quan-tri/calendars/uncertainday/{item.pk}/change/",
        {
            "name": item.name,
            "day": "24",
            "month": "11",
            "applies_from": "01/07/2026",
            "is_day_off": "on",
            "basis": item.basis,
            "reason": "Đã đối chiếu Công báo (thử nghiệm).",
        },
    )
    assert response.status_code == 302
    assert not calendar_for(None).is_working_day(dt.date(2026, 11, 24))
    event = AuditEvent.objects.get(action="admin_change", object_type="calendars.uncertainday")
    assert event.before is not None
    assert event.after is not None
    assert (event.before["is_day_off"], event.after["is_day_off"]) == (False, True)
