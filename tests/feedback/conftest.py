"""Feedback fixtures: staff of thị trấn Phú Mỹ and of another commune, a returned dossier."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.dossiers.collection import Collector
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import approve, hand_over, return_result
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.units.models import Unit
from motcua.units.services import UnitSpec, add_unit
from tests.dossiers.conftest import in_march_2024, intake, reference, vn

__all__ = ["in_march_2024", "reference"]


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def phumy(reference: None) -> Unit:
    return Unit.objects.get(code="30406")


@pytest.fixture
def other_unit(reference: None) -> Unit:
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


@pytest.fixture
def staff_of(make_staff):  # type: ignore[no-untyped-def]
    def make(role: Role, unit: Unit, username: str, name: str = "Cán bộ") -> User:
        user: User = make_staff(role, username, name)
        user.unit = unit
        user.save()
        return user

    return make


@pytest.fixture
def officer(staff_of, phumy: Unit) -> User:  # type: ignore[no-untyped-def]
    return staff_of(Role.RECEIVING_OFFICER, phumy, "tn-phumy", "Nguyễn Thị Lan")  # type: ignore[no-any-return]


@pytest.fixture
def specialist(staff_of, phumy: Unit) -> User:  # type: ignore[no-untyped-def]
    return staff_of(Role.SPECIALIST, phumy, "cv-phumy", "Trần Văn Bình")  # type: ignore[no-any-return]


@pytest.fixture
def leader(staff_of, phumy: Unit) -> User:  # type: ignore[no-untyped-def]
    return staff_of(Role.LEADER, phumy, "ld-phumy", "Lê Văn Cường")  # type: ignore[no-any-return]


@pytest.fixture
def outsider(staff_of, other_unit: Unit) -> User:  # type: ignore[no-untyped-def]
    return staff_of(Role.LEADER, other_unit, "ld-khac", "Lãnh đạo xã khác")  # type: ignore[no-any-return]


def returned_dossier(officer: User, specialist: User, leader: User, **changes: Any) -> Dossier:
    """Marriage registration received and accepted 04/3/2024, returned 06/3/2024."""
    dossier = receive_dossier(intake(**changes), actor=officer, at=vn(2024, 3, 4, 8, 0))
    dossier = accept_dossier(dossier, actor=officer, at=vn(2024, 3, 4, 8, 0))
    hand_over(dossier, actor=officer, to_user=specialist, step_order=2, at=vn(2024, 3, 4, 9, 0))
    hand_over(dossier, actor=specialist, to_user=leader, step_order=3, at=vn(2024, 3, 5, 9, 0))
    approve(dossier, actor=leader, at=vn(2024, 3, 5, 10, 0))
    return return_result(
        dossier,
        actor=officer,
        method="desk",
        collector=Collector("Nguyễn Văn An", "001090000123"),
        at=vn(2024, 3, 5, 11, 0),
    )


@pytest.fixture
def returned(officer: User, specialist: User, leader: User) -> Dossier:
    return returned_dossier(officer, specialist, leader)
