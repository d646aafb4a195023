"""The counter intake form: procedure by typing, components as received, the applicant from the
chip ID card's QR and from the unit's earlier dossiers (never another unit's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.catalog.loader import read_reference
from motcua.catalog.models import Component
from motcua.catalog.services import load_catalog
from motcua.domain.vntime import VN
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, Intake, receive_dossier
from motcua.units.models import Unit
from motcua.units.services import load_reference_units

QR = "089190000123|352123456|Nguyễn Thị Ngọc Ánh|02031990|Nữ|Ấp Phú Hòa, xã Phú Tân|10052021"
BIRTH = "1.001193"


@pytest.fixture(autouse=True)
def december_2026(db: None) -> Iterator[None]:
    cache.clear()  # the unit's usage counts are cached for ten minutes
    load_reference_units()
    load_catalog(read_reference())
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 0, tzinfo=VN), tick=True):
        yield


@pytest.fixture
def officer(make_staff) -> User:  # type: ignore[no-untyped-def]
    user: User = make_staff(Role.RECEIVING_OFFICER, "tiepnhan", "Nguyễn Thị Lan")
    user.unit = Unit.objects.get(code="30406-2025")
    user.save()
    return user


def _earlier(unit_code: str, actor: User, phone: str) -> Dossier:
    unit = Unit.objects.get(code=unit_code)
    return receive_dossier(
        Intake(
            procedure_code=BIRTH,
            receiving_unit=unit,
            competent_unit=unit,
            channel="counter",
            applicant=Applicant(name="Nguyễn Thị Ngọc Ánh", id_number="089190000123", phone=phone),
        ),
        actor=actor,
    )


def test_the_procedure_is_found_by_typing_without_diacritics(client: Client, officer: User) -> None:
    client.force_login(officer)
    html = client.get("/ho-so/tiep-nhan/thu-tuc/", {"tim": "khai sinh"}).content.decode()
    first = html.split("<li>")[1]
    assert f"?thu-tuc={BIRTH}" in first
    by_code = client.get("/ho-so/tiep-nhan/", {"tim": BIRTH}).content.decode()
    assert f"?thu-tuc={BIRTH}" in by_code  # the no-script search lists it on the page
    assert '<select id="thu-tuc"' not in by_code


def test_the_units_most_used_procedure_comes_first(client: Client, officer: User) -> None:
    for _ in range(2):
        _earlier("30406-2025", officer, "0912345678")
    client.force_login(officer)
    html = client.get("/ho-so/tiep-nhan/thu-tuc/").content.decode()
    assert f"?thu-tuc={BIRTH}" in html.split("<li>")[1]
    assert "2 hồ sơ trong năm qua" in html


def test_a_nul_in_the_address_bar_is_only_ignored(client: Client, officer: User) -> None:
    client.force_login(officer)
    assert client.get("/ho-so/tiep-nhan/thu-tuc/?tim=khai%00sinh").status_code == 200
    assert client.get("/ho-so/tiep-nhan/?thu-tuc=1.001193%00&tim=%00").status_code == 200


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.LEADER, Role.STATISTICS_OFFICER])
def test_only_receiving_officers_may_use_the_intake_pages(  # type: ignore[no-untyped-def]
    client: Client, make_staff, role: Role
) -> None:
    user = make_staff(role)
    user.unit = Unit.objects.get(code="30406-2025")
    user.save()
    client.force_login(user)
    assert client.get("/ho-so/tiep-nhan/thu-tuc/", {"tim": "khai sinh"}).status_code == 403
    assert (
        client.post("/ho-so/tiep-nhan/", {"procedure_code": BIRTH, "decision": "fill"}).status_code
        == 403
    )
    assert Client().get("/ho-so/tiep-nhan/thu-tuc/").status_code == 302  # to the login page


def test_conditional_components_start_unticked_with_their_case(
    client: Client, officer: User
) -> None:
    client.force_login(officer)
    html = client.get("/ho-so/tiep-nhan/", {"thu-tuc": BIRTH}).content.decode()
    abandoned = Component.objects.get(
        version__procedure__code=BIRTH,
        name__contains="trẻ bị bỏ rơi",
        version__valid_from__lte=dt.date(2026, 12, 7),
    )
    row = html.split(f'name="present-{abandoned.pk}"')[1].split("</tr>")[0]
    assert row.startswith(' id="present')
    assert " checked" not in row.split(">")[0]
    assert "Chỉ khi cần: Trường hợp trẻ bị bỏ rơi" in row
    assert "Chỉ khi cần: Khi nộp hồ sơ thông qua người được ủy quyền" in html
    assert "xem rồi trả lại" in html  # the identity paper is shown, not kept


def _form(version_components: list[Component], **extra: str) -> dict[str, str]:
    data = {
        "procedure_code": BIRTH,
        "channel": "counter",
        "result_delivery": "desk",
        "form_key": "k1",
        "applicant_name": "Nguyễn Thị Ngọc Ánh",
        "id_number": "089190000123",
        "birth_date": "02/03/1990",
        "sex": "female",
    }
    for c in version_components:
        data[f"present-{c.pk}"] = "on"
        data[f"kind-{c.pk}"] = "presented" if c.copy_kind == "presented" else "original"
        data[f"count-{c.pk}"] = "1"
    data.update(extra)
    return data


def test_presented_papers_stay_presented_on_the_dossier(client: Client, officer: User) -> None:
    client.force_login(officer)
    components = list(
        Component.objects.filter(version__procedure__code=BIRTH).order_by(
            "-version__valid_from", "order"
        )
    )
    version = components[0].version
    mine = [c for c in components if c.version_id == version.pk and "bỏ rơi" not in c.name]
    response = client.post("/ho-so/tiep-nhan/", _form(mine, decision="accept"), follow=True)
    dossier = Dossier.objects.get()
    assert dossier.status == "accepted"
    assert dossier.applicant_birth_date == dt.date(1990, 3, 2)
    assert dossier.applicant_sex == "female"
    kinds = dict(dossier.components.values_list("name", "copy_kind"))
    assert not any("bỏ rơi" in name for name in kinds)
    assert "presented" in kinds.values()
    assert "Xuất trình" in response.content.decode()


def test_a_scanned_qr_fills_the_applicant_and_writes_nothing(client: Client, officer: User) -> None:
    client.force_login(officer)
    html = client.post(
        f"/ho-so/tiep-nhan/?thu-tuc={BIRTH}",
        {"procedure_code": BIRTH, "decision": "fill", "qr": QR, "phone": "0911222333"},
    ).content.decode()
    assert 'value="Nguyễn Thị Ngọc Ánh"' in html
    assert 'value="089190000123"' in html
    assert 'value="02/03/1990"' in html
    assert '<option value="female" selected>' in html
    assert 'value="Ấp Phú Hòa, xã Phú Tân"' in html
    assert 'value="0911222333"' in html  # what was typed is kept
    assert not Dossier.objects.exists()


def test_the_cards_commune_is_picked_when_todays_list_has_it(client: Client, officer: User) -> None:
    client.force_login(officer)
    card = QR.replace("Ấp Phú Hòa, xã Phú Tân", "Ấp Phú Hòa, xã Phú Tân, tỉnh An Giang")
    html = client.post(
        f"/ho-so/tiep-nhan/?thu-tuc={BIRTH}",
        {"procedure_code": BIRTH, "decision": "fill", "qr": card},
    ).content.decode()
    assert 'id="address" name="address" value="Ấp Phú Hòa"' in html
    assert '<option value="30406-2025" selected>Xã Phú Tân</option>' in html
    unknown = QR.replace("Ấp Phú Hòa, xã Phú Tân", "Ấp 1, xã Không Có, tỉnh An Giang")
    html = client.post(
        f"/ho-so/tiep-nhan/?thu-tuc={BIRTH}",
        {"procedure_code": BIRTH, "decision": "fill", "qr": unknown},
    ).content.decode()
    assert 'value="Ấp 1, xã Không Có, tỉnh An Giang"' in html  # kept as printed


def test_a_malformed_qr_is_refused_in_vietnamese(client: Client, officer: User) -> None:
    client.force_login(officer)
    html = client.post(
        f"/ho-so/tiep-nhan/?thu-tuc={BIRTH}",
        {"procedure_code": BIRTH, "decision": "fill", "qr": "089190000123|Nguyễn Văn"},
    ).content.decode()
    assert "Mã QR có 2 trường, cần đủ 7 trường" in html
    assert "Xin quét lại mã QR" in html
    assert not Dossier.objects.exists()


def test_the_units_earlier_dossier_is_offered_and_fills_the_empty_fields(
    client: Client, officer: User
) -> None:
    _earlier("30406-2025", officer, "0987654321")
    client.force_login(officer)
    url = f"/ho-so/tiep-nhan/?thu-tuc={BIRTH}"
    offered = client.post(url, {"procedure_code": BIRTH, "decision": "fill", "qr": QR})
    assert "0987654321" in offered.content.decode()
    used = client.post(
        url,
        {"procedure_code": BIRTH, "decision": "use_earlier", "id_number": "089190000123"},
    ).content.decode()
    assert 'value="0987654321"' in used


def test_another_units_dossiers_are_never_offered(  # type: ignore[no-untyped-def]
    client: Client, officer: User, make_staff
) -> None:
    other = make_staff(Role.RECEIVING_OFFICER, "tiepnhan-khac", "Trần Văn Khác")
    home = Unit.objects.get(code="30406-2025")
    other.unit = Unit.objects.create(
        code="99901",
        admin_code="99901",
        name="Xã Thử Nghiệm",
        kind="commune",
        parent=home.province(),
        agency_code=home.agency_code,
        short_code="H99",
    )
    other.save()
    _earlier(other.unit.code, other, "0987654321")
    client.force_login(officer)
    url = f"/ho-so/tiep-nhan/?thu-tuc={BIRTH}"
    for decision in ("fill", "use_earlier"):
        html = client.post(
            url, {"procedure_code": BIRTH, "decision": decision, "qr": QR}
        ).content.decode()
        assert "0987654321" not in html
        assert "đã nộp hồ sơ" not in html


def test_a_birth_date_not_typed_dd_mm_yyyy_is_refused(client: Client, officer: User) -> None:
    client.force_login(officer)
    html = client.post(
        f"/ho-so/tiep-nhan/?thu-tuc={BIRTH}", _form([], decision="accept", birth_date="1990-03-02")
    ).content.decode()
    assert "Ngày sinh phải viết theo dạng ngày/tháng/năm (dd/mm/yyyy)" in html
    assert not Dossier.objects.exists()


def test_the_tracking_book_period_is_typed_dd_mm_yyyy(client: Client, officer: User) -> None:
    client.force_login(officer)
    form = client.get("/ho-so/so-theo-doi/").content.decode()
    assert 'value="01/12/2026"' in form
    assert 'value="07/12/2026"' in form
    bad = client.get("/ho-so/so-theo-doi/", {"tu": "2026-12-01", "den": "07/12/2026"})
    assert bad.status_code == 400
    assert "dd/mm/yyyy" in bad.content.decode()
    good = client.get(
        "/ho-so/so-theo-doi/", {"tu": "01/12/2026", "den": "07/12/2026", "dinh-dang": "xlsx"}
    )
    assert good.status_code == 200


def test_an_accept_refused_by_the_rules_leaves_no_received_dossier(
    client: Client, officer: User
) -> None:
    """ "Tiếp nhận" receives and accepts in one transaction: when the accept is refused (here the
    unit has no agency code for the dossier code) the officer reads why, the form keeps what was
    typed, and no half-received dossier is left behind."""
    Unit.objects.filter(staff=officer).update(agency_code="")
    client.force_login(officer)
    response = client.post(f"/ho-so/tiep-nhan/?thu-tuc={BIRTH}", _form([], decision="accept"))
    page = response.content.decode()
    assert "chưa có mã định danh" in page
    assert "Nguyễn Thị Ngọc Ánh" in page
    assert not Dossier.objects.exists()


def test_an_accept_the_officer_may_not_do_is_refused_in_the_form(
    client: Client, officer: User, accept_refused: str
) -> None:
    """The accept is checked by the act's own check (permissions.acting_on): refused there, the
    officer reads why in the form, and the received dossier goes with the transaction."""
    client.force_login(officer)
    response = client.post(f"/ho-so/tiep-nhan/?thu-tuc={BIRTH}", _form([], decision="accept"))
    assert accept_refused in response.content.decode()
    assert not Dossier.objects.exists()
