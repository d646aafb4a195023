from __future__ import annotations

import pytest

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.units.models import Unit
from tests.dossiers.conftest import in_march_2024, reference  # noqa: F401  (shared fixtures)

ROLES = [Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.LEADER, Role.STATISTICS_OFFICER]


@pytest.fixture
def personas(reference: None) -> dict[tuple[str, str], User]:  # noqa: F811
    """One account per role in thị trấn Phú Mỹ (30406) and in the province (89)."""
    people = {}
    for unit_code in ("30406", "89"):
        unit = Unit.objects.get(code=unit_code)
        for role in ROLES:
            user = create_or_update_staff(  # no password: the tests log in with force_login
                username=f"{role.value[:8]}-{unit_code}", full_name="Cán bộ", role=role, unit=unit
            )
            people[(role.value, unit_code)] = user
    return people
