"""Deadline alerts: due soon, overdue, step overdue, online waiting, supplement expired."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.alerts.services import scan, sweep
from motcua.domain.vntime import VN
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import hand_over, request_supplement
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.notifications.services import send_queued
from motcua.units.models import Unit
from motcua.units.tree import units_served_by
from tests.dossiers.conftest import intake, vn

pytestmark = pytest.mark.usefixtures("reference")
PASSWORD = "mat-khau-thu-nghiem-2026"


def _staff(role: Role, username: str, email: str = "") -> User:
    user = create_or_update_staff(
        username=username,
        full_name=username,
        role=role,
        password=PASSWORD,
        unit=Unit.objects.get(code="30406"),
    )
    user.email = email
    user.save()
    return user


def _accepted(officer: User, code: str, at: dt.datetime) -> Dossier:
    dossier = receive_dossier(intake(code), actor=officer, at=at)
    return accept_dossier(dossier, actor=officer, at=at)


def _kinds(now: dt.datetime) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for alert in scan(units_served_by(Unit.objects.get(code="30406")), now):
        found.setdefault(alert.kind, []).append(alert.dossier.code or str(alert.dossier.pk))
    return found


def test_each_kind_of_alert_is_found_at_the_right_moment() -> None:
    officer = _staff(Role.RECEIVING_OFFICER, "tn")
    specialist = _staff(Role.SPECIALIST, "cv")
    # 1.000894 (kết hôn) is due in 3 working days (2024-03-07 for a Monday-morning acceptance)
    marriage = _accepted(officer, "1.000894", vn(2024, 3, 4, 8))
    assert marriage.due_at is not None
    due_day = marriage.due_at.date()
    hand_over(marriage, actor=officer, to_user=specialist, step_order=2, at=vn(2024, 3, 4, 9))
    assert _kinds(vn(2024, 3, 4, 10)) == {}
    # the working day before the due date: time to decide on an extension
    eve = dt.datetime.combine(due_day - dt.timedelta(days=1), dt.time(9), marriage.due_at.tzinfo)
    assert marriage.code in _kinds(eve).get("due_soon", [])
    # an hour after the due time, on the due day: still due today (domain/overdue.py, the
    # rule of every page and report); its step's own deadline is judged to the minute
    later = marriage.due_at + dt.timedelta(hours=1)
    kinds = _kinds(later)
    assert kinds["due_soon"] == [marriage.code]
    assert kinds["step_overdue"] == [marriage.code]
    assert "overdue" not in kinds
    # from the next day on: overdue
    kinds = _kinds(dt.datetime.combine(due_day + dt.timedelta(days=1), dt.time(7), VN))
    assert kinds["overdue"] == [marriage.code]
    assert "due_soon" not in kinds


@pytest.mark.summary_drift  # the channel is set directly in the row
def test_an_online_dossier_waits_eight_working_hours_before_it_is_flagged() -> None:
    officer = _staff(Role.RECEIVING_OFFICER, "tn")
    online = receive_dossier(intake("1.000894"), actor=officer, at=vn(2024, 3, 8, 16))
    # online intake arrives through the citizens' and the portal's paths; here only the channel
    # matters: Friday 16:00, and the weekend does not count
    Dossier.objects.filter(pk=online.pk).update(channel="online")
    assert "online_waiting" not in _kinds(vn(2024, 3, 11, 15))
    assert _kinds(vn(2024, 3, 12, 11))["online_waiting"] == [str(online.pk)]


def test_a_supplement_not_received_in_fifteen_days_is_flagged() -> None:
    officer = _staff(Role.RECEIVING_OFFICER, "tn")
    specialist = _staff(Role.SPECIALIST, "cv")
    dossier = _accepted(officer, "1.000894", vn(2024, 3, 4, 8))
    hand_over(dossier, actor=officer, to_user=specialist, at=vn(2024, 3, 4, 9))
    request_supplement(
        dossier,
        actor=specialist,
        missing=["Bản sao giấy khai sinh"],
        reason="Thiếu",
        at=vn(2024, 3, 4, 10),
    )
    assert "supplement_expired" not in _kinds(vn(2024, 3, 18, 9))
    assert _kinds(vn(2024, 3, 19, 9))["supplement_expired"] == [dossier.code]


def test_the_daily_sweep_emails_the_holder_and_the_leader_once(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    officer = _staff(Role.RECEIVING_OFFICER, "tn")
    specialist = _staff(Role.SPECIALIST, "cv", "cv@phumy.gov.vn")
    _staff(Role.LEADER, "ld", "ld@phumy.gov.vn")
    _staff(Role.SPECIALIST, "other", "other@phumy.gov.vn")  # holds nothing: no mail
    dossier = _accepted(officer, "1.000894", vn(2024, 3, 4, 8))
    hand_over(dossier, actor=officer, to_user=specialist, at=vn(2024, 3, 4, 9))
    assert dossier.due_at is not None
    late = dossier.due_at + dt.timedelta(days=1)
    assert sweep(late) == 2
    assert sweep(late) == 0  # once a day
    send_queued()
    to = sorted(address for message in mail.outbox for address in message.to)
    assert to == ["cv@phumy.gov.vn", "ld@phumy.gov.vn"]
    assert dossier.code is not None
    assert all(dossier.code in str(m.body) for m in mail.outbox)


def test_the_board_shows_a_leader_every_unit_and_refuses_outsiders() -> None:
    officer = _staff(Role.RECEIVING_OFFICER, "tn")
    leader = _staff(Role.LEADER, "ld")
    dossier = _accepted(officer, "1.000894", vn(2024, 3, 4, 8))
    client = Client()
    client.force_login(leader)
    import time_machine

    assert dossier.due_at is not None
    assert dossier.code is not None
    with time_machine.travel(dossier.due_at + dt.timedelta(days=1)):  # the next day: overdue
        page = client.get(reverse("alerts:board")).content.decode()
    assert dossier.code in page
    # the unit's count of overdue dossiers, a link to the list of that unit and kind
    assert 'data-kind="overdue"><a href="?don-vi=30406&amp;loai=overdue">1</a><' in page
    outsider = create_or_update_staff(
        username="x", full_name="x", role=Role.LEADER, password=PASSWORD
    )
    client.force_login(outsider)  # no unit
    assert client.get(reverse("alerts:board")).status_code == 403  # a role without the right: 403
