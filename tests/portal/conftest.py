"""Fixtures of the portal tests: a running simulator wired into the settings, dossiers to sync."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.config import PortalSettings
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.portal.delivery import DeliveryReport, deliver_due
from motcua.portal.models import MessageState
from motcua.portal.services import state_counts
from motcua.portal.simulator import PortalSimulator
from tests.dossiers.conftest import in_march_2024, intake, reference, vn

__all__ = ["in_march_2024", "reference"]

SECRET = "khoa-bi-mat-dung-chung-voi-cong-dvcqg-2026"
TOKEN = "token-cua-motcua"
UNIT = "000.00.10.H01"


@pytest.fixture
def portal_conf(settings: Any) -> Any:
    """Change the portal settings: `portal_conf(url=…, max_attempts=…)`."""

    def change(**values: Any) -> PortalSettings:
        settings.MOTCUA_PORTAL = dataclasses.replace(settings.MOTCUA_PORTAL, **values)
        return settings.MOTCUA_PORTAL  # type: ignore[no-any-return]

    change(
        url=None,
        token=None,
        timeout=0.5,
        max_attempts=10,
        backoff_base=0.001,
        backoff_cap=0.002,
        inbound_secret=SECRET,
        imported_as_synced=True,
    )
    return change


@pytest.fixture
def simulator(portal_conf: Any) -> Iterator[PortalSimulator]:
    with PortalSimulator(token=TOKEN, unit_code=UNIT) as sim:
        sim.delay = 1.5  # "slow" answers after the client's 0.5 s timeout
        portal_conf(url=sim.url, token=TOKEN, unit_code=UNIT)
        yield sim


@pytest.fixture
def specialist(make_staff: Any) -> User:
    return make_staff(Role.SPECIALIST, "chuyenvien", "Trần Văn Bình")  # type: ignore[no-any-return]


@pytest.fixture
def leader(make_staff: Any) -> User:
    return make_staff(Role.LEADER, "lanhdao", "Lê Văn Cường")  # type: ignore[no-any-return]


def accepted_dossier(officer: User, hour: int = 8) -> Dossier:
    dossier = receive_dossier(intake(), actor=officer, at=vn(2024, 3, 4, hour, 0))
    return accept_dossier(dossier, actor=officer, at=vn(2024, 3, 4, hour, 0))


def drain(rounds: int = 200) -> DeliveryReport:
    """Deliver until nothing can be sent any more (backoff in the tests is a few milliseconds)."""
    total = DeliveryReport()
    for _ in range(rounds):
        report = deliver_due(limit=100)
        for name in ("sent", "retried", "dead", "lost_lease"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
        counts = state_counts()
        if counts[MessageState.PENDING] == counts["held"]:  # only those behind a dead one
            return total
    raise AssertionError("the queue did not drain")
