from __future__ import annotations

from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.bundles.models import AgencyLink
from motcua.catalog.services import load_catalog
from motcua.units.models import Unit
from motcua.units.services import UnitSpec, add_unit, load_reference_units
from tests.catalog_data import CATALOG, _procedure, catalog
from tests.dossiers.conftest import in_march_2024

__all__ = ["in_march_2024"]
PASSWORD = "mat-khau-thu-nghiem-2026"
GROUP_1_STEPS = [
    ("Tiếp nhận hồ sơ liên thông", "receiving_officer", 0.05),
    ("Đăng ký khai sinh", "specialist", 0.25),
    ("Lãnh đạo UBND xã ký Giấy khai sinh", "leader", 0.05),
    ("Công an xã đăng ký thường trú", "police", 0.3),
    ("Cơ quan BHXH cấp thẻ BHYT cho trẻ em dưới 6 tuổi", "social_insurance", 0.3),
    ("Trả kết quả", "receiving_officer", 0.05),
]


def group_procedure() -> dict[str, Any]:
    row = _procedure(
        "2.002621",
        "Đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
        "HT",
        time_limit={"value": 3, "unit": "working_days", "text": "03 ngày làm việc"},
        interlinked_group=1,
        interlinked_order=None,
    )
    row["internal_process"] = [
        {"order": i, "name": name, "performer": who, "share": share}
        for i, (name, who, share) in enumerate(GROUP_1_STEPS, start=1)
    ]
    return row


@pytest.fixture
def bundle_world(db: None) -> dict[str, User]:
    return make_bundle_world()


def make_bundle_world() -> dict[str, User]:
    """Thị trấn Phú Mỹ with its police and social-insurance agencies and one account each."""
    load_reference_units()
    load_catalog(catalog(procedures=[*CATALOG["procedures"], group_procedure()]))
    commune = Unit.objects.get(code="30406")
    police, _ = add_unit(UnitSpec("CA30406", "Công an thị trấn Phú Mỹ", "agency", "30406"))
    bhxh, _ = add_unit(UnitSpec("BHXH888", "Bảo hiểm xã hội huyện Phú Tân", "agency", "888"))
    AgencyLink.objects.create(commune=commune, performer="police", agency=police)
    AgencyLink.objects.create(commune=commune, performer="social_insurance", agency=bhxh)
    people = {
        "tiepnhan": (Role.RECEIVING_OFFICER, commune),
        "hotich": (Role.SPECIALIST, commune),
        "lanhdao": (Role.LEADER, commune),
        "congan": (Role.SPECIALIST, police),
        "bhxh": (Role.SPECIALIST, bhxh),
    }
    return {
        name: create_or_update_staff(
            username=name, full_name=name, role=role, password=PASSWORD, unit=unit
        )
        for name, (role, unit) in people.items()
    }
