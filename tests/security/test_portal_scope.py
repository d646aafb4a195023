"""The portal operator page /dong-bo/ shows and replays only the administrator's own units'
messages (their unit, the units it took over, the units under them); a superuser or the system
administrator (no unit) sees all."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.portal.models import MessageState, OutboxMessage
from motcua.units.models import Unit
from motcua.units.services import UnitSpec, add_unit
from tests.conftest import PASSWORD
from tests.dossiers.conftest import in_march_2024, reference
from tests.portal.conftest import portal_conf, simulator
from tests.portal.test_operator import dead_message

__all__ = ["dead_message", "in_march_2024", "portal_conf", "reference", "simulator"]


def _admin(username: str, unit: Unit | None) -> User:
    return create_or_update_staff(
        username=username,
        full_name="Quản trị Đơn vị",
        role=Role.ADMINISTRATOR,
        password=PASSWORD,
        unit=unit,
    )


@pytest.fixture
def other_commune(reference: None) -> Unit:
    unit, _ = add_unit(
        UnitSpec(
            code="OTHER",
            name="Xã Khác",
            kind="commune",
            parent_code="89",
            agency_code="000.02.31.H01",
        )
    )
    return unit


def test_another_unit_s_administrator_sees_nothing_and_replays_nothing(
    dead_message: OutboxMessage, other_commune: Unit
) -> None:
    client = Client()
    client.force_login(_admin("quantrikhac", other_commune))
    page = client.get("/dong-bo/").content.decode()
    assert str(dead_message.dossier.code) not in page
    assert 'data-state="dead">0<' in page
    one = client.post(f"/dong-bo/tin/{dead_message.pk}/gui-lai/", follow=True)
    assert "Không tìm thấy tin đồng bộ" in one.content.decode()
    every = client.post("/dong-bo/gui-lai-tat-ca/", follow=True)
    assert "Đã đưa 0 tin" in every.content.decode()
    dead_message.refresh_from_db()
    assert dead_message.state == MessageState.DEAD


@pytest.mark.parametrize("who", ["commune", "successor", "province", "system", "superuser"])
def test_the_unit_s_own_and_higher_administrators_and_the_system_operator_see_it(
    dead_message: OutboxMessage, who: str, settings: Any
) -> None:
    unit = dead_message.dossier.competent_unit
    units = {
        "commune": unit,
        "successor": Unit.objects.get(code="30406-2025"),
        "province": Unit.objects.get(code="89"),
        "system": None,
    }
    if who == "superuser":
        user = User.objects.create_superuser("sieuquantri", password=PASSWORD)
    else:
        user = _admin(f"quantri{who}", units[who])
    client = Client()
    client.force_login(user)
    page = client.get("/dong-bo/").content.decode()
    assert str(dead_message.dossier.code) in page
    assert 'data-state="dead">1<' in page
