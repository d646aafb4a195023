"""One "overdue" (domain/overdue.py): the same dossier is classified the same way on the dossier
page, the staff list's filters, the menu's count, the alerts board, the dashboard and the II.06a
summary — "due today" until the end of its due day, overdue from the next day."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import User
from motcua.alerts.services import scan
from motcua.domain.overdue import Standing, is_overdue, overdue_from, standing
from motcua.dossiers.countdown import countdown
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.reports.dashboard import overdue_now
from motcua.reports.read import period_counts
from motcua.units.models import Unit
from motcua.units.tree import units_served_by
from tests.dossiers.conftest import intake, vn

pytestmark = pytest.mark.usefixtures("reference")


def test_the_rule_compares_days() -> None:
    due = dt.date(2024, 3, 7)
    assert overdue_from(due) == dt.date(2024, 3, 8)
    assert not is_overdue(due, due)
    assert is_overdue(due, dt.date(2024, 3, 8))
    on = {"finished": False, "clock_stopped": False}
    assert standing(due, dt.date(2024, 3, 6), **on) is Standing.IN_TIME
    assert standing(due, due, **on) is Standing.DUE_TODAY
    assert standing(due, dt.date(2024, 3, 8), **on) is Standing.OVERDUE
    assert standing(due, dt.date(2024, 3, 8), finished=False, clock_stopped=True) is (
        Standing.PAUSED
    )
    assert standing(due, dt.date(2024, 3, 8), finished=True, clock_stopped=False) is Standing.DONE
    assert standing(None, due, **on) is Standing.PAUSED


def _everywhere(client: Client, user: User, dossier: Dossier, now: dt.datetime) -> dict[str, str]:
    """How each page classifies the dossier at `now` (overdue / due_today / other)."""
    unit = Unit.objects.get(code="30406")
    today = timezone.localtime(now).date()
    seen: dict[str, str] = {}
    with time_machine.travel(now, tick=False):
        seen["countdown"] = countdown(dossier, today)
        client.logout()  # a fresh session on each day (idle staff sessions time out)
        client.force_login(user)
        page = client.get(f"/ho-so/{dossier.pk}/").content.decode()
        seen["dossier page"] = (
            "overdue" if "Quá hạn</span>" in page
            else "due_today" if "Đến hạn hôm nay</span>" in page
            else "other"
        )  # fmt: skip
        overdue_list = client.get("/ho-so/", {"han": "qua-han"}).content.decode()
        today_list = client.get("/ho-so/", {"han": "hom-nay"}).content.decode()
        href = f"/ho-so/{dossier.pk}/"
        seen["staff list"] = (
            "overdue" if href in overdue_list
            else "due_today" if href in today_list
            else "other"
        )  # fmt: skip
        kinds = {a.kind for a in scan(units_served_by(unit), now) if a.dossier.pk == dossier.pk}
        seen["alerts"] = (
            "overdue" if "overdue" in kinds else "due_today" if "due_soon" in kinds else "other"
        )
        listed = overdue_now([unit.pk], now)["count"]
        seen["dashboard"] = "overdue" if listed else seen["countdown"]
        cells = period_counts([unit.pk], today, today).values()
        c13 = sum(c["c13"] for c in cells)
        seen["II.06a summary"] = "overdue" if c13 else seen["countdown"]
    return seen


def test_a_dossier_is_due_today_until_its_day_ends_and_overdue_the_next_day_everywhere(
    client: Client, receiving_officer: User
) -> None:
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    dossier = receive_dossier(intake(), actor=receiving_officer, at=vn(2024, 3, 4, 8, 0))
    dossier = accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 3, 4, 8, 0))
    assert dossier.due_at == vn(2024, 3, 7, 17, 0)
    # half an hour after the due time, on the due day: "due today" on every page
    # (the alerts board used to say overdue, to the minute)
    after_the_hour = _everywhere(client, receiving_officer, dossier, vn(2024, 3, 7, 17, 30))
    assert set(after_the_hour.values()) == {"due_today"}, after_the_hour
    # the next morning: overdue on every page, the report included
    next_day = _everywhere(client, receiving_officer, dossier, vn(2024, 3, 8, 7, 0))
    assert set(next_day.values()) == {"overdue"}, next_day
