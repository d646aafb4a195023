"""Demo agencies for the inter-linked procedures of the demo commune, with one account each."""

from __future__ import annotations

from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.bundles.models import AgencyLink
from motcua.units.models import Unit
from motcua.units.services import UnitSpec, add_unit

DEMO_AGENCIES = (
    # performer, code, name, demo account
    ("police", "AG-PHUTAN-CA", "Công an xã Phú Tân", ("congan", "Đặng Văn Hùng")),
    ("social_insurance", "AG-BHXH-PT", "Bảo hiểm xã hội cơ sở Phú Tân", ("bhxh", "Huỳnh Thị Kim")),
)


def load_demo_agencies(commune_code: str, password: str) -> list[str]:
    """Create the agencies (if missing), link them to the commune, and their demo accounts."""
    commune = Unit.objects.get(code=commune_code)
    usernames = []
    for performer, code, name, (username, full_name) in DEMO_AGENCIES:
        agency, _ = add_unit(
            UnitSpec(code, name, "agency", commune.parent.code if commune.parent else None)
        )
        AgencyLink.objects.update_or_create(
            commune=commune, performer=performer, defaults={"agency": agency}
        )
        create_or_update_staff(
            username=username,
            full_name=full_name,
            role=Role.SPECIALIST,
            password=password,
            unit=agency,
        )
        usernames.append(username)
    return usernames
