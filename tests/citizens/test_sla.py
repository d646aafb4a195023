"""Online dossiers not handled within 8 working hours (NĐ 118/2025 Art. 17.2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.accounts.models import User
from motcua.citizens.models import CitizenProfile
from motcua.citizens.services import checked, save_draft, start_draft
from motcua.citizens.submission import submit_draft
from motcua.domain.workcalendar import WorkCalendar
from motcua.dossiers.models import Dossier
from motcua.dossiers.online_sla import online_dossiers_waiting, working_hours_waited
from motcua.dossiers.services import accept_dossier
from motcua.units.models import Unit
from tests.citizens.conftest import PDF, stream, vn


def _submit(citizen: CitizenProfile, unit: Unit, received_at: dt.datetime) -> Dossier:
    draft = start_draft(citizen, "1.001193")
    component = draft.procedure_version.components.first()
    assert component is not None
    draft = save_draft(
        draft, data={}, unit=unit, uploads={component.pk: checked("a.pdf", stream(PDF))}, reuse={}
    )
    dossier = submit_draft(draft)
    Dossier.objects.filter(pk=dossier.pk).update(received_at=received_at)  # as if sent then
    dossier.refresh_from_db()
    return dossier


@pytest.mark.django_db
@pytest.mark.summary_drift  # received_at is set directly in the row (_submit)
def test_waiting_online_dossiers_count_working_hours_only(
    citizen: CitizenProfile, other_citizen: CitizenProfile, phu_tan: Unit, officer: User
) -> None:
    # Thursday 16:00 → Monday 10:00: 1 h (Thu) + 8 h (Fri) + 3 h (Mon); the weekend is off.
    late = _submit(citizen, phu_tan, vn(2026, 2, 26, 16, 0))
    # Friday 16:00 → Monday 10:00: 1 h + 3 h.
    recent = _submit(other_citizen, phu_tan, vn(2026, 2, 27, 16, 0))
    now = vn(2026, 3, 2, 10, 0)
    assert online_dossiers_waiting([phu_tan.pk], now) == [(late, 12.0), (recent, 4.0)]
    assert online_dossiers_waiting([phu_tan.pk + 999], now) == []

    client = Client()
    client.force_login(officer)
    page = client.get("/ho-so/").content.decode()
    assert page.count("Quá 8 giờ làm việc chưa tiếp nhận") == 1
    assert page.count('<span class="tag muted">Trực tuyến</span>') == 2  # not the filter

    accept_dossier(late, actor=officer)  # handled: no longer waiting
    assert [d for d, _ in online_dossiers_waiting([phu_tan.pk], now)] == [recent]


def _oracle_hours(start: dt.datetime, end: dt.datetime) -> float:
    """Minute by minute: Monday–Friday, 07:00–11:30 and 13:30–17:00 (no holiday in the range)."""
    minutes, moment = 0, start.replace(second=0, microsecond=0)
    while moment < end:
        t = moment.time()
        in_session = dt.time(7) <= t < dt.time(11, 30) or dt.time(13, 30) <= t < dt.time(17)
        if moment.weekday() < 5 and in_session:
            minutes += 1
        moment += dt.timedelta(minutes=1)
    return minutes / 60


MARCH = dt.datetime(2026, 3, 2)  # 2–15 March 2026: no public holiday


@settings(max_examples=25, deadline=None)
@given(
    st.integers(min_value=0, max_value=7 * 24 * 60),
    st.integers(min_value=0, max_value=6 * 24 * 60),
)
def test_working_hours_waited_matches_a_minute_by_minute_oracle(start: int, wait: int) -> None:
    received = MARCH + dt.timedelta(minutes=start)
    now = received + dt.timedelta(minutes=wait)
    dossier = Dossier(received_at=received.replace(tzinfo=vn(2026, 3, 2).tzinfo))
    hours = working_hours_waited(
        dossier, now.replace(tzinfo=vn(2026, 3, 2).tzinfo), WorkCalendar([])
    )
    assert hours == pytest.approx(_oracle_hours(received, now))
