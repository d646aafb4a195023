"""Dates typed on staff pages are dd/mm/yyyy, read on the server, refused in Vietnamese."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.units.models import Unit
from motcua.units.services import load_reference_units


@pytest.fixture
def statistician(make_staff) -> User:  # type: ignore[no-untyped-def]
    load_reference_units()
    user: User = make_staff(Role.STATISTICS_OFFICER, "thongke", "Phạm Thị Thu")
    user.unit = Unit.objects.get(code="30406")
    user.save()
    return user


def test_the_dashboard_period_is_typed_dd_mm_yyyy(client: Client, statistician: User) -> None:
    client.force_login(statistician)
    page = client.get(
        "/bao-cao/bang-dieu-khien/", {"tu-ngay": "15/12/2023", "den-ngay": "19/05/2024"}
    ).content.decode()
    assert "Số liệu từ ngày 15/12/2023 đến ngày 19/05/2024" in page
    assert 'value="15/12/2023"' in page
    year_first = client.get(
        "/bao-cao/bang-dieu-khien/", {"tu-ngay": "2023-12-15", "den-ngay": "19/05/2024"}
    ).content.decode()
    assert "Ngày phải viết theo dạng ngày/tháng/năm (dd/mm/yyyy)" in year_first
    assert "Số liệu từ ngày 15/12/2023" not in year_first
