"""Demo staff accounts: one per persona in docs/architecture.md."""

from __future__ import annotations

from typing import NamedTuple

from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.units.models import Unit

DEMO_PASSWORD = "motcua-demo"  # noqa: S105  (printed by `motcua demo`; refused in production)


class DemoLogin(NamedTuple):
    username: str
    full_name: str
    role: Role
    position: str = ""


DEMO_STAFF = (
    DemoLogin("tiepnhan", "Nguyễn Thị Lan", Role.RECEIVING_OFFICER),
    DemoLogin("chuyenvien", "Trần Văn Bình", Role.SPECIALIST),
    DemoLogin("lanhdao", "Lê Văn Cường", Role.LEADER, "Chủ tịch"),
    DemoLogin("thongke", "Phạm Thị Dung", Role.STATISTICS_OFFICER),
    DemoLogin("quantri", "Võ Minh Đức", Role.ADMINISTRATOR),
)


DEMO_UNIT = "30406-2025"  # xã Phú Tân, successor of thị trấn Phú Mỹ (units/data/an_giang.json)


def create_demo_staff() -> tuple[DemoLogin, ...]:
    unit = Unit.objects.filter(code=DEMO_UNIT).first()
    for login in DEMO_STAFF:
        create_or_update_staff(
            username=login.username,
            full_name=login.full_name,
            role=login.role,
            password=DEMO_PASSWORD,
            unit=None if login.role is Role.ADMINISTRATOR else unit,
            position=login.position,
        )
    return DEMO_STAFF
