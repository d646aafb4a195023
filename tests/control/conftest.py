"""Fixtures of the control register tests: the reference data, the demo, staff with a unit."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.catalog.services import load_catalog
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog
from tests.conftest import PASSWORD

START, END = "15/12/2023", "19/05/2024"
PERIOD = f"tu={START}&den={END}"


@pytest.fixture
def reference(db: None) -> None:
    """Units and the small test catalogue: enough for the register without the demo dossiers."""
    load_reference_units()
    load_catalog(catalog())


@pytest.fixture
def other_commune(demo: None) -> Unit:
    return Unit.objects.create(
        code="99999", name="Xã Thử Nghiệm", kind="commune", parent=Unit.objects.get(code="89")
    )


@pytest.fixture
def staff_of(demo: None) -> Callable[[Role, str], User]:
    def make(role: Role, unit_code: str) -> User:
        return create_or_update_staff(
            username=f"{role.value}-{unit_code}",
            full_name="Cán bộ Thử nghiệm",
            role=role,
            password=PASSWORD,
            unit=Unit.objects.get(code=unit_code),
        )

    return make
