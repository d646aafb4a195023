"""The operator page /dong-bo/, the `motcua portal deliver` command and the sync indicator."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.domain.backoff import backoff_ceiling, full_jitter
from motcua.dossiers.importer import import_dossiers
from motcua.dossiers.processing import hand_over
from motcua.dossiers.services import receive_dossier
from motcua.portal.delivery import deliver_due
from motcua.portal.models import MessageState, OutboxMessage
from motcua.portal.services import sync_counts
from motcua.portal.simulator import PortalSimulator
from motcua.portal.tasks import deliver_portal_messages
from motcua.units.models import Unit
from tests.dossiers.conftest import intake, vn
from tests.portal.conftest import accepted_dossier, drain


@pytest.fixture
def dead_message(
    reference: None, simulator: PortalSimulator, portal_conf: Any, receiving_officer: User
) -> OutboxMessage:
    portal_conf(max_attempts=1)
    accepted_dossier(receiving_officer)
    simulator.mode = "fail"
    deliver_due()
    simulator.recover()
    return OutboxMessage.objects.get(state=MessageState.DEAD)


def test_the_administrator_sees_the_dead_letters_and_replays_them(
    client: Client, administrator: User, dead_message: OutboxMessage, simulator: PortalSimulator
) -> None:
    client.force_login(administrator)
    page = client.get("/dong-bo/")
    html = page.content.decode()
    assert page.status_code == 200
    assert dead_message.portal_code in html
    assert "HTTP 500" in html
    assert 'data-state="dead">1<' in html
    answer = client.post(f"/dong-bo/tin/{dead_message.pk}/gui-lai/", follow=True)
    assert "vào hàng đợi gửi lại" in answer.content.decode()
    assert AuditEvent.objects.filter(action="portal_replay", actor=administrator).exists()
    again = client.post(f"/dong-bo/tin/{dead_message.pk}/gui-lai/", follow=True)
    assert "không ở trạng thái dừng gửi" in again.content.decode()
    drain()
    assert OutboxMessage.objects.get().state == MessageState.SENT
    assert len(simulator.messages) == 1


def test_replay_all_from_the_page(
    client: Client, administrator: User, dead_message: OutboxMessage
) -> None:
    client.force_login(administrator)
    answer = client.post("/dong-bo/gui-lai-tat-ca/", follow=True)
    assert "Đã đưa 1 tin" in answer.content.decode()
    assert OutboxMessage.objects.get().state == MessageState.PENDING


def test_other_staff_and_strangers_are_kept_out(
    client: Client, receiving_officer: User, dead_message: OutboxMessage
) -> None:
    assert client.get("/dong-bo/").status_code == 302  # to the login page
    client.force_login(receiving_officer)
    assert client.get("/dong-bo/").status_code == 403
    assert client.post(f"/dong-bo/tin/{dead_message.pk}/gui-lai/").status_code == 403
    assert client.post("/dong-bo/gui-lai-tat-ca/").status_code == 403
    assert OutboxMessage.objects.get().state == MessageState.DEAD


def test_the_deliver_command_drives_the_same_worker(
    reference: None, simulator: PortalSimulator, portal_conf: Any, receiving_officer: User
) -> None:
    accepted_dossier(receiving_officer)
    out = StringIO()
    call_command("portal", "deliver", stdout=out)
    assert "Đã gửi 1" in out.getvalue()
    assert "còn chờ 0" in out.getvalue()
    assert len(simulator.messages) == 1
    accepted_dossier(receiving_officer, hour=9)
    assert deliver_portal_messages.call_local() == 1  # the Huey periodic task, same worker
    portal_conf(url=None)
    with pytest.raises(CommandError):
        call_command("portal", "deliver", stdout=out)


def test_sync_counts_counts_dossiers_whose_latest_state_the_portal_acknowledged(
    reference: None,
    simulator: PortalSimulator,
    receiving_officer: User,
    specialist: User,
    portal_conf: Any,
) -> None:
    unit = Unit.objects.get(code="30406")
    synced = accepted_dossier(receiving_officer, hour=8)
    behind = accepted_dossier(receiving_officer, hour=9)
    receive_dossier(intake(), actor=receiving_officer)  # not accepted: not received yet
    drain()
    hand_over(behind, actor=receiving_officer, to_user=specialist, at=vn(2024, 3, 4, 10))
    import_dossiers(
        [(1, {"MaHoSo": "H01.10.01-240305-0900", "MaTTHC": "1.000894", "KenhThucHien": "1",
              "TrangThaiHoSo": "2", "NgayTiepNhan": "20240305080000", "DonViXuLy": "30406"})],
        actor=None,
        default_unit=None,
    )  # fmt: skip
    day = dt.date(2024, 3, 4)
    assert sync_counts([unit.pk], day, day) == (1, 2)
    assert sync_counts([unit.pk], day, dt.date(2024, 3, 5)) == (2, 3)  # the import counts
    portal_conf(imported_as_synced=False)
    assert sync_counts([unit.pk], day, dt.date(2024, 3, 5)) == (1, 3)
    assert sync_counts([unit.pk], dt.date(2024, 3, 6), dt.date(2024, 3, 31)) == (0, 0)
    assert sync_counts([], day, day) == (0, 0)
    drain()
    assert sync_counts({unit.pk}, day, day) == (2, 2)
    assert synced.portal_messages.get().state == MessageState.SENT


@given(
    attempt=st.integers(min_value=1, max_value=2000),
    base=st.floats(min_value=0.001, max_value=600),
    cap=st.floats(min_value=0.001, max_value=86400),
    draw=st.floats(min_value=0, max_value=1),
)
def test_full_jitter_stays_within_the_doubling_ceiling(
    attempt: int, base: float, cap: float, draw: float
) -> None:
    ceiling = base  # the oracle: double `attempt - 1` times, stopping at the cap
    for _ in range(attempt - 1):
        if ceiling >= cap:
            break
        ceiling *= 2
    ceiling = min(ceiling, cap)
    assert backoff_ceiling(attempt, base, cap) == pytest.approx(ceiling, rel=1e-9)
    wait = full_jitter(attempt, base, cap, uniform=lambda low, high: low + draw * (high - low))
    assert 0 <= wait <= ceiling * (1 + 1e-9)
