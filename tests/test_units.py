import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.domain.codes import CodeError, short_agency_code
from motcua.units.models import Unit
from motcua.units.services import load_reference_units

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("full", "short"),
    [("000.00.00.H01", "H01"), ("000.00.14.H56", "H56.14"), ("000.22.14.H56", "H56.14.22")],
)
def test_the_short_agency_code_lists_the_levels_from_the_top(full: str, short: str) -> None:
    assert short_agency_code(full) == short


def test_a_malformed_agency_code_is_refused_in_vietnamese() -> None:
    with pytest.raises(CodeError, match="không đúng dạng"):
        short_agency_code("H01")


def test_the_reference_units_keep_both_organisations() -> None:
    load_reference_units()
    load_reference_units()  # idempotent
    phu_my = Unit.objects.get(code="30406")
    assert phu_my.name == "Thị trấn Phú Mỹ"
    assert phu_my.parent is not None
    assert phu_my.parent.name == "Huyện Phú Tân"
    assert phu_my.valid_to == dt.date(2025, 6, 30)
    assert phu_my.successor is not None
    assert phu_my.successor.name == "Xã Phú Tân"
    assert phu_my.is_active_on(dt.date(2024, 5, 19))
    assert not phu_my.is_active_on(dt.date(2025, 7, 1))
    assert phu_my.province() == Unit.objects.get(code="89")
    assert phu_my.successor.admin_code == phu_my.admin_code == "30406"
    assert Unit.objects.count() == 6


def test_units_add_is_idempotent_and_updates() -> None:
    out = io.StringIO()
    call_command(
        "units",
        "add",
        "89",
        "Tỉnh An Giang",
        "--kind",
        "province",
        "--agency-code",
        "000.00.00.H01",
        stdout=out,
    )
    call_command(
        "units",
        "add",
        "89",
        "Tỉnh An Giang",
        "--kind",
        "province",
        "--agency-code",
        "000.00.00.H01",
        stdout=out,
    )
    call_command(
        "units",
        "add",
        "30406",
        "Thị trấn Phú Mỹ",
        "--kind",
        "commune",
        "--parent",
        "89",
        "--valid-to",
        "2025-06-30",
        stdout=out,
    )
    assert "Đã thêm 89" in out.getvalue()
    assert "Đã cập nhật 89" in out.getvalue()
    assert Unit.objects.count() == 2
    assert Unit.objects.get(code="89").short_code == "H01"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "commune", "--parent", "NOPE"], "Không có đơn vị cấp trên mã “NOPE”"),
        (["--kind", "commune", "--agency-code", "H01.1"], "không đúng dạng"),
        (
            ["--kind", "commune", "--valid-from", "2025-07-01", "--valid-to", "2025-06-30"],
            "Ngày hết hiệu lực phải sau",
        ),
    ],
)
def test_bad_units_are_refused_and_nothing_is_written(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("units", "add", "X1", "Xã Thử", *args, stdout=io.StringIO())
    assert not Unit.objects.exists()


def test_units_list_can_show_one_day() -> None:
    load_reference_units()
    out = io.StringIO()
    call_command("units", "list", "--on", "2025-07-01", stdout=out)
    text = out.getvalue()
    assert "Xã Phú Tân" in text
    assert "Thị trấn Phú Mỹ" not in text
