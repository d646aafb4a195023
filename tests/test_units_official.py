"""The official list of administrative units (vietnam-provinces) with the 2025 history."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from motcua.audit.models import AuditEvent
from motcua.units.models import Unit, UnitKind
from motcua.units.official import HISTORY_FILE, load_official, read_package
from motcua.units.services import (
    REFERENCE_FILE,
    UnitError,
    UnitSpec,
    add_unit,
    load_reference_units,
    unit_for_admin_code,
    units_on,
)

pytestmark = pytest.mark.django_db
BEFORE, AFTER = dt.date(2025, 6, 30), dt.date(2025, 7, 1)


def test_the_package_ships_34_provinces_and_3321_communes() -> None:
    import vietnam_provinces

    assert vietnam_provinces.__version__ == "2025.10.1"
    provinces = read_package()
    assert len(provinces) == 34
    assert sum(len(p["wards"]) for p in provinces) == 3321


def test_one_command_loads_the_country_with_its_history() -> None:
    load_reference_units()  # the demo subset first: the official load must agree with it
    out = io.StringIO()
    call_command("units", "load-official", stdout=out)
    call_command("units", "load-official", stdout=io.StringIO())  # idempotent
    event = AuditEvent.objects.get(action="load_official_units")  # the second load changed nothing
    assert event.after is not None
    assert event.after["changed"] > 3321
    assert "34 tỉnh, thành phố và 3321 xã, phường, đặc khu" in out.getvalue()
    assert "vietnam-provinces 2025.10.1" in out.getvalue()
    assert units_on(AFTER, UnitKind.PROVINCE).count() == 34
    assert units_on(AFTER, UnitKind.COMMUNE).count() == 3321
    assert units_on(BEFORE, UnitKind.PROVINCE).count() == 63
    assert not units_on(AFTER, UnitKind.DISTRICT).exists()
    # Every row says where it comes from.
    assert not Unit.objects.filter(source="").exists()

    # An Giang and Phú Tân under their real codes.
    an_giang = unit_for_admin_code("91", AFTER)
    phu_tan = unit_for_admin_code("30406", AFTER)
    assert an_giang is not None
    assert an_giang.name == "Tỉnh An Giang"
    assert phu_tan is not None
    assert phu_tan.name == "Xã Phú Tân"
    assert phu_tan.parent == an_giang
    assert phu_tan.agency_code == "000.00.31.H01"
    assert phu_tan.assumed == "agency_code"
    assert not Unit.objects.filter(code="AG-PHUTAN").exists()

    # History: the code 30406 passed from thị trấn Phú Mỹ to xã Phú Tân; 91 from Kiên Giang.
    phu_my = unit_for_admin_code("30406", BEFORE)
    assert phu_my is not None
    assert phu_my.name == "Thị trấn Phú Mỹ"
    assert phu_my.valid_to == BEFORE
    assert phu_my.successor == phu_tan
    assert phu_my.pk != phu_tan.pk
    old_an_giang = unit_for_admin_code("89", BEFORE)
    kien_giang = unit_for_admin_code("91", BEFORE)
    assert old_an_giang is not None
    assert kien_giang is not None
    assert kien_giang.name == "Tỉnh Kiên Giang"
    assert kien_giang.code == "91"
    for ended in (old_an_giang, kien_giang):
        assert ended.valid_to == BEFORE
        assert ended.successor == an_giang
        assert not ended.is_active_on(AFTER)
    assert unit_for_admin_code("89", AFTER) is None
    # A province that was not merged goes on as the same unit.
    ha_noi = unit_for_admin_code("01", BEFORE)
    assert ha_noi is not None
    assert ha_noi == unit_for_admin_code("01", AFTER)
    assert ha_noi.valid_to is None


def test_the_demo_subset_agrees_with_the_official_load() -> None:
    demo = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))["units"]
    load_official()
    for row in demo:
        if not row.get("admin_code"):
            continue
        unit = Unit.objects.get(code=row["code"])
        assert unit.admin_code == row["admin_code"], row["code"]
        assert unit.name == row["name"], row["code"]
        parent = unit.parent.code if unit.parent else None
        assert parent == row.get("parent"), row["code"]


def test_the_history_file_lists_the_52_merged_provinces_with_a_source() -> None:
    rows = json.loads(HISTORY_FILE.read_text(encoding="utf-8"))["units"]
    provinces = [r for r in rows if r["kind"] == "province"]
    assert len(provinces) == 52
    current = {f"{p['code']:02d}" for p in read_package()}
    assert {r["successor_admin_code"] for r in provinces} <= current
    assert all(r["source"] and r["valid_to"] == "2025-06-30" for r in rows)


def test_two_units_cannot_hold_one_code_on_the_same_day() -> None:
    load_reference_units()
    with pytest.raises(UnitError, match="đã thuộc đơn vị"):
        add_unit(UnitSpec("X-30406", "Xã Trùng Mã", "commune", admin_code="30406"))
    assert not Unit.objects.filter(code="X-30406").exists()
    # Before the code passed on, another holder overlapping Phú Mỹ is refused too.
    with pytest.raises(UnitError, match="Thị trấn Phú Mỹ"):
        add_unit(
            UnitSpec(
                "X-30406",
                "Xã Trùng Mã",
                "commune",
                admin_code="30406",
                valid_from=dt.date(2020, 1, 1),
                valid_to=dt.date(2020, 12, 31),
            )
        )
