from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from motcua.accounts.roles import Role
from motcua.catalog.services import load_catalog
from motcua.domain.vntime import VN
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, ComponentIn, Intake, receive_dossier
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.fixture
def reference(db: None) -> None:
    load_reference_units()
    load_catalog(catalog())


def intake(code: str = "1.000894", **changes: Any) -> Intake:
    unit = Unit.objects.get(code="30406")
    values: dict[str, object] = {
        "procedure_code": code,
        "receiving_unit": unit,
        "competent_unit": unit,
        "channel": "counter",
        "applicant": Applicant(
            name="Nguyễn Thị Ngọc Ánh",
            id_number="089190000123",
            birth_date=dt.date(1990, 3, 2),
            phone="0912 345 678",
            address="Khóm Trung 3, thị trấn Phú Mỹ",
        ),
        "components": [ComponentIn(name="Tờ khai đăng ký kết hôn", digitised=True)],
    }
    values.update(changes)
    return Intake(**values)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def in_march_2024() -> Iterator[None]:
    """The dossier tests live in March 2024, when thị trấn Phú Mỹ still existed."""
    with time_machine.travel(vn(2024, 3, 4, 8, 0), tick=True):
        yield


@pytest.fixture
def dossier(make_staff) -> Dossier:  # type: ignore[no-untyped-def]
    """A counter dossier of thị trấn Phú Mỹ, received, not yet accepted (a module may define
    its own `dossier`)."""
    officer = make_staff(Role.RECEIVING_OFFICER, "tn", "Cán bộ Phú Mỹ")
    officer.unit = Unit.objects.get(code="30406")
    officer.save()
    return receive_dossier(intake(), actor=officer)
