"""The applicant's province and commune are picked from the list in force on the day."""

from typing import Any

import pytest
import time_machine
from django.test import Client

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit
from tests.dossiers.conftest import vn

pytestmark = pytest.mark.usefixtures("reference")


def _post(client: Client, **extra: str) -> str:
    data: dict[str, Any] = {
        "procedure_code": "1.000894",
        "applicant_name": "Lê Thị Hoa",
        "id_number": "089190000123",
        "phone": "0912345678",
        "address": "Ấp Phú Hữu",
        "channel": "counter",
        "result_delivery": "desk",
        "component": ["Tờ khai theo mẫu"],
        "present-0": "on",
        "decision": "accept",
        "form_key": "f1",
        **extra,
    }
    return client.post("/ho-so/tiep-nhan/", data, follow=True).content.decode()


@pytest.fixture
def phu_tan_officer(receiving_officer: User) -> User:
    receiving_officer.unit = Unit.objects.get(code="30406-2025")
    receiving_officer.save()
    return receiving_officer


def test_after_the_merger_only_the_new_units_are_offered(
    client: Client, phu_tan_officer: User
) -> None:
    with time_machine.travel(vn(2025, 7, 2, 9, 0), tick=True):
        client.force_login(phu_tan_officer)
        form = client.get("/ho-so/tiep-nhan/", {"thu-tuc": "1.000894"}).content.decode()
        options = client.get(
            "/ho-so/tiep-nhan/xa-phuong/", {"address_province": "91-2025"}
        ).content.decode()
        old = client.get("/ho-so/tiep-nhan/xa-phuong/", {"address_province": "89"}).content
    assert '<option value="91-2025" selected>Tỉnh An Giang</option>' in form  # the desk's province
    assert 'value="89"' not in form  # tỉnh An Giang before 01/07/2025 is no longer offered
    assert '<option value="30406-2025">Xã Phú Tân</option>' in form
    assert "Thị trấn Phú Mỹ" not in form
    assert "Xã Phú Tân" in options
    assert "Thị trấn Phú Mỹ" not in old.decode()


def test_the_picked_commune_is_kept_with_the_dossier_and_printed(
    client: Client, phu_tan_officer: User
) -> None:
    with time_machine.travel(vn(2025, 7, 2, 9, 0), tick=True):
        client.force_login(phu_tan_officer)
        html = _post(client, address_province="91-2025", address_unit="30406-2025")
    dossier = Dossier.objects.get()
    assert dossier.applicant_address_unit == Unit.objects.get(code="30406-2025")
    assert dossier.code is not None
    assert dossier.code.startswith("000.00.31.H01-250702-")  # the full mã định danh
    assert "Ấp Phú Hữu, Xã Phú Tân, Tỉnh An Giang" in html


@pytest.mark.parametrize(
    ("unit", "province", "message"),
    [
        ("30406", "", "không có trong danh mục đơn vị hành chính đang có hiệu lực ngày 02/07/2025"),
        ("NOPE", "91-2025", "không có trong danh mục"),
        ("30406-2025", "89", "không thuộc tỉnh, thành phố đã chọn"),
    ],
)
def test_a_unit_not_on_the_day_s_list_is_refused_and_nothing_is_saved(
    client: Client, phu_tan_officer: User, unit: str, province: str, message: str
) -> None:
    with time_machine.travel(vn(2025, 7, 2, 9, 0), tick=True):
        client.force_login(phu_tan_officer)
        html = _post(client, address_province=province, address_unit=unit)
    assert message in html
    assert not Dossier.objects.exists()


def test_before_the_merger_the_commune_of_a_district_is_offered(
    client: Client, receiving_officer: User
) -> None:
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    client.force_login(receiving_officer)
    form = client.get("/ho-so/tiep-nhan/", {"thu-tuc": "1.000894"}).content.decode()
    assert '<option value="89" selected>Tỉnh An Giang</option>' in form
    assert '<option value="30406">Thị trấn Phú Mỹ</option>' in form
    assert "Xã Phú Tân" not in form
    _post(client, address_province="89", address_unit="30406")
    assert Dossier.objects.get().applicant_address_unit == Unit.objects.get(code="30406")


def test_the_commune_list_is_for_staff_only(client: Client) -> None:
    response = client.get("/ho-so/tiep-nhan/xa-phuong/", {"address_province": "91-2025"})
    assert response.status_code in (302, 403)
