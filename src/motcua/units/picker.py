"""Picking a province and a commune from the official list, as it stands on a day.

Only the units that exist on the day are offered or accepted (an address given today names a
commune of the list in force today, not thị trấn Phú Mỹ of 2024).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from motcua.units.models import Unit, UnitKind
from motcua.units.services import UnitError, units_on

COMMUNE_KINDS = (UnitKind.COMMUNE,)


@dataclass(frozen=True)
class AddressChoices:
    provinces: QuerySet[Unit]
    province: Unit | None
    communes: QuerySet[Unit]


def provinces_on(day: dt.date) -> QuerySet[Unit]:
    return units_on(day, UnitKind.PROVINCE).order_by("name_fold")


def communes_on(day: dt.date, province: Unit | None) -> QuerySet[Unit]:
    if province is None:
        return Unit.objects.none()
    # Before 01/7/2025 a commune's parent is its district, whose parent is the province.
    return (
        units_on(day, *COMMUNE_KINDS)
        .filter(Q(parent=province) | Q(parent__parent=province))
        .order_by("name_fold")
    )


def address_choices(
    day: dt.date, province_code: str = "", near: Unit | None = None
) -> AddressChoices:
    """The provinces of the day; the chosen one (else the one of ``near``, e.g. the desk's
    commune) and its communes."""
    provinces = provinces_on(day)
    province = provinces.filter(code=province_code).first() if province_code else None
    if province is None and not province_code and near is not None:
        home = near.province()
        province = home if home is not None and home.is_active_on(day) else None
    return AddressChoices(provinces, province, communes_on(day, province))


def resolve_address_commune(code: str, day: dt.date, province_code: str = "") -> Unit | None:
    """The commune picked for an address, checked against the list in force on the day."""
    if not code.strip():
        return None
    commune = units_on(day, *COMMUNE_KINDS).filter(code=code.strip()).first()
    if commune is None:
        raise UnitError(
            "Xã, phường, đặc khu đã chọn không có trong danh mục đơn vị hành chính đang có hiệu "
            f"lực ngày {day:%d/%m/%Y}."
        )
    province = commune.province()
    if province_code and (province is None or province.code != province_code):
        raise UnitError(f"{commune.name} không thuộc tỉnh, thành phố đã chọn.")
    return commune


def address_line(street: str, commune: Unit | None) -> str:
    """“số nhà, thôn…, Xã Phú Tân, Tỉnh An Giang”: the free text, then the picked units."""
    parts = [street.strip()]
    if commune is not None:
        parts.append(commune.name)
        province = commune.province()
        if province is not None and province != commune:
            parts.append(province.name)
    return ", ".join(part for part in parts if part)
