"""The staff dossier list /ho-so/: search, filters, tabs, pages, scope, bad input, queries."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.models import AuditEvent, PersonalDataRead
from motcua.dossiers import desk_search, processing
from motcua.dossiers.desk_export import HEADER_ROW
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import can_see, dossiers_visible_to
from motcua.payments.services import FeeQuantity, collect_fee
from motcua.units.models import Unit
from motcua.units.services import UnitSpec, add_unit
from tests.dossiers.conftest import vn
from tests.dossiers.desk_helpers import clone_dossiers, listed, make_dossier, page_html

# summary_drift: rows made by bulk_create copies and direct updates (desk_helpers)
pytestmark = [
    pytest.mark.summary_drift,
    pytest.mark.usefixtures("reference"),
]


@pytest.fixture
def officer(receiving_officer: User) -> User:
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    return receiving_officer


@pytest.fixture
def client_in(client: Client, officer: User) -> Client:
    client.force_login(officer)
    return client


@pytest.fixture
def outsider_dossier(make_staff) -> Dossier:  # type: ignore[no-untyped-def]
    """A dossier of another commune, with the same applicant's name, ID and phone."""
    add_unit(
        UnitSpec(
            code="OTHER",
            name="Xã Khác",
            kind="commune",
            parent_code="89",
            agency_code="000.02.31.H01",
        )
    )
    other = make_staff(Role.RECEIVING_OFFICER, "khac", "Cán bộ Xã Khác")
    other.unit = Unit.objects.get(code="OTHER")
    other.save()
    return make_dossier(other, number=1)


@pytest.fixture(params=["indexes", "scan"])
def search_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of the search box: the ids from the search indexes, and the condition read
    with the unit's rows (when a common text names more dossiers than CANDIDATES)."""
    if request.param == "scan":
        monkeypatch.setattr(desk_search, "CANDIDATES", 0)
    return str(request.param)


@pytest.mark.usefixtures("search_path")
def test_a_name_typed_without_diacritics_finds_the_applicant(
    client_in: Client, officer: User
) -> None:
    anh = make_dossier(officer, name="Nguyễn Thị Ngọc Ánh", number=1)
    binh = make_dossier(officer, name="Trần Văn Bình", number=2)
    assert listed(client_in, q="nguyen thi ngoc anh") == [anh.pk]
    assert listed(client_in, q="NGUYỄN THỊ NGỌC ÁNH") == [anh.pk]
    assert listed(client_in, q="ngoc anh") == [anh.pk]
    assert listed(client_in, q="tran van binh") == [binh.pk]
    assert listed(client_in, q="le van") == []


@pytest.mark.usefixtures("search_path")
def test_the_code_id_number_phone_and_receipt_number_find_the_dossier(
    client_in: Client, officer: User
) -> None:
    anh = make_dossier(officer, number=1, procedure="2.000815")
    other = make_dossier(officer, name="Trần Văn Bình", number=2)
    assert anh.code
    assert other.code
    assert listed(client_in, q=anh.code) == [anh.pk]
    assert listed(client_in, q=anh.code[-6:].lower()) == [anh.pk]  # a part of the code
    assert listed(client_in, q="089190000001") == [anh.pk]
    assert listed(client_in, q="0912 000 002") == [other.pk]
    assert listed(client_in, q="+84912000002") == [other.pk]
    fee = anh.procedure_version.fees.get()
    payment = collect_fee(anh, FeeQuantity(fee.pk, pages=1, copies=1), actor=officer, method="cash")
    assert listed(client_in, q=payment.receipt_number) == [anh.pk]


def test_the_status_tabs_count_and_hold_finished_dossiers(client_in: Client, officer: User) -> None:
    waiting = make_dossier(officer, number=1, accept=False)
    running = make_dossier(officer, number=2)
    returned = make_dossier(officer, number=3)
    Dossier.objects.filter(pk=returned.pk).update(status="returned")
    assert set(listed(client_in)) == {running.pk, waiting.pk}
    assert listed(client_in, **{"trang-thai": "da-tra"}) == [returned.pk]
    assert listed(client_in, **{"trang-thai": "cho-tiep-nhan"}) == [waiting.pk]
    assert listed(client_in, **{"trang-thai": "dang-xu-ly"}) == [running.pk]
    assert set(listed(client_in, **{"trang-thai": "tat-ca"})) == {
        waiting.pk,
        running.pk,
        returned.pk,
    }
    assert listed(client_in, **{"trang-thai": "accepted"}) == [running.pk]  # one status
    html = page_html(client_in)
    assert 'Đã trả kết quả <span class="count">1</span>' in html
    assert 'Chưa hoàn thành <span class="count">2</span>' in html
    assert 'Tất cả <span class="count">3</span>' in html


def test_each_choice_filter_narrows_the_list(client_in: Client, officer: User, make_staff) -> None:  # type: ignore[no-untyped-def]
    marriage = make_dossier(officer, number=1)
    copy = make_dossier(officer, number=2, procedure="2.000815", channel="postal")
    specialist = make_staff(Role.SPECIALIST, "cv", "Lê Chuyên Viên")
    specialist.unit = officer.unit
    specialist.save()
    processing.hand_over(copy, actor=officer, to_user=specialist)
    field = copy.procedure_version.field
    assert field != marriage.procedure_version.field
    assert listed(client_in, **{"linh-vuc": str(field.pk)}) == [copy.pk]
    procedure = str(marriage.procedure_version.procedure_id)
    assert listed(client_in, **{"thu-tuc": procedure}) == [marriage.pk]
    assert listed(client_in, kenh="postal") == [copy.pk]
    assert listed(client_in, kenh="counter") == [marriage.pk]
    assert listed(client_in, **{"nguoi-xu-ly": str(specialist.pk)}) == [copy.pk]
    client_in.force_login(specialist)
    assert listed(client_in, **{"cua-toi": "1"}) == [copy.pk]


def test_the_date_ranges_are_read_as_dd_mm_yyyy(client_in: Client, officer: User) -> None:
    early = make_dossier(officer, number=1, at=vn(2024, 2, 26, 9))
    late = make_dossier(officer, number=2, at=vn(2024, 3, 1, 9))
    assert listed(client_in, **{"nhan-tu": "01/03/2024"}) == [late.pk]
    assert listed(client_in, **{"nhan-den": "26/02/2024"}) == [early.pk]
    assert listed(client_in, **{"nhan-tu": "26/02/2024", "nhan-den": "29/02/2024"}) == [early.pk]
    Dossier.objects.filter(pk=early.pk).update(due_at=vn(2024, 3, 11, 17))
    Dossier.objects.filter(pk=late.pk).update(due_at=vn(2024, 3, 12, 17))
    assert listed(client_in, **{"han-tu": "12/03/2024", "han-den": "12/03/2024"}) == [late.pk]


def test_overdue_due_today_and_due_soon_follow_the_countdown(
    client_in: Client, officer: User
) -> None:
    # Today is Monday 04/03/2024: the third working day after it is Thursday 07/03.
    due = {
        "overdue": vn(2024, 3, 1, 17),
        "today": vn(2024, 3, 4, 17),
        "thursday": vn(2024, 3, 7, 17),
        "friday": vn(2024, 3, 8, 17),
        "paused": vn(2024, 2, 20, 17),
    }
    made = {key: make_dossier(officer, number=i) for i, key in enumerate(due, start=1)}
    for key, moment in due.items():
        Dossier.objects.filter(pk=made[key].pk).update(due_at=moment)
    Dossier.objects.filter(pk=made["paused"].pk).update(status="suspended")
    assert listed(client_in, han="qua-han") == [made["overdue"].pk]
    assert listed(client_in, han="hom-nay") == [made["today"].pk]
    assert listed(client_in, han="sap-den", **{"so-ngay": "3"}) == [made["thursday"].pk]
    assert set(listed(client_in, han="sap-den", **{"so-ngay": "4"})) == {
        made["thursday"].pk,
        made["friday"].pk,
    }
    html = page_html(client_in, han="qua-han")
    assert '<span class="deadline overdue">Quá hạn</span>' in html


def test_the_list_is_sorted_by_received_or_due_date(client_in: Client, officer: User) -> None:
    first = make_dossier(officer, number=1, at=vn(2024, 2, 26, 9))
    second = make_dossier(officer, number=2, at=vn(2024, 2, 27, 9))
    unaccepted = make_dossier(officer, number=3, at=vn(2024, 2, 28, 9), accept=False)
    Dossier.objects.filter(pk=first.pk).update(due_at=vn(2024, 3, 20, 17))
    Dossier.objects.filter(pk=second.pk).update(due_at=vn(2024, 3, 10, 17))
    assert listed(client_in) == [unaccepted.pk, second.pk, first.pk]
    assert listed(client_in, **{"sap-xep": "nhan-cu"}) == [first.pk, second.pk, unaccepted.pk]
    assert listed(client_in, **{"sap-xep": "han"}) == [second.pk, first.pk, unaccepted.pk]


def test_another_units_dossiers_are_never_listed(
    client_in: Client, officer: User, outsider_dossier: Dossier
) -> None:
    own = make_dossier(officer, number=1)
    Dossier.objects.filter(pk__in=[own.pk, outsider_dossier.pk]).update(due_at=vn(2024, 3, 1))
    assert outsider_dossier.code
    searches: list[dict[str, str]] = [
        {},
        {"trang-thai": "tat-ca"},
        {"q": "nguyen thi ngoc anh"},
        {"q": "089190000001"},
        {"q": outsider_dossier.code},
        {"han": "qua-han"},
        {"kenh": "counter", "trang-thai": "accepted"},
        {"thu-tuc": str(outsider_dossier.procedure_version.procedure_id)},
        {"nhan-tu": "01/03/2024", "nhan-den": "01/03/2024"},
    ]
    for params in searches:
        assert outsider_dossier.pk not in listed(client_in, **params), params
    assert own.pk in listed(client_in, q="nguyen thi ngoc anh")
    html = page_html(client_in, **{"trang-thai": "tat-ca"})
    assert 'Tất cả <span class="count">1</span>' in html


def test_the_scope_is_the_permission_modules(  # type: ignore[no-untyped-def]
    officer: User, outsider_dossier: Dossier, make_staff
) -> None:
    """A merged commune sees its predecessor's dossiers; an agency sees a dossier only while
    it holds an open step; the list and can_see agree on every dossier."""
    own = make_dossier(officer, number=2)
    merged = make_staff(Role.LEADER, "phutan", "Lãnh đạo Phú Tân")
    merged.unit = Unit.objects.get(code="30406-2025")
    merged.save()
    agency = make_staff(Role.SPECIALIST, "congan", "Công an Xã Khác")
    agency.unit = outsider_dossier.receiving_unit
    agency.save()
    step = processing.hand_over(own, actor=officer, to_user=None, to_unit=agency.unit)
    everyone = [officer, merged, agency]
    for user in everyone:
        visible = set(dossiers_visible_to(user).values_list("pk", flat=True))
        assert visible == {d.pk for d in Dossier.objects.all() if can_see(user, d)}, user
    assert own.pk in set(dossiers_visible_to(merged).values_list("pk", flat=True))
    assert own.pk in set(dossiers_visible_to(agency).values_list("pk", flat=True))
    step.finished_at = vn(2024, 3, 4, 9)
    step.save()
    assert own.pk not in set(dossiers_visible_to(agency).values_list("pk", flat=True))
    assert not dossiers_visible_to(User.objects.create_user("dan", password="x-y-z-1234567"))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"trang-thai": "xoa-het"}, "Trạng thái “xoa-het” không có"),
        ({"linh-vuc": "abc"}, "Lĩnh vực: giá trị “abc” không hợp lệ"),
        ({"thu-tuc": "999999"}, "Thủ tục: lựa chọn không có trong danh sách"),
        ({"nguoi-xu-ly": "1; drop table"}, "Người đang xử lý: giá trị"),
        ({"kenh": "fax"}, "Kênh nộp “fax” không có"),
        ({"nhan-tu": "2024-03-01"}, "không phải ngày dạng ngày/tháng/năm (dd/mm/yyyy)"),
        ({"han-den": "31/02/2024"}, "không phải ngày dạng ngày/tháng/năm"),
        ({"nhan-tu": "05/03/2024", "nhan-den": "01/03/2024"}, "“đến ngày” trước “từ ngày”"),
        ({"han": "mai"}, "Điều kiện hạn “mai” không có"),
        ({"han": "sap-den", "so-ngay": "9" * 5000}, "Số ngày"),
        ({"sap-xep": "ten"}, "Cách sắp xếp “ten” không có"),
        ({"sau": "x.1"}, "Vị trí trang không hợp lệ"),
        ({"truoc": "99999999999999999999.1"}, "Vị trí trang không hợp lệ"),
    ],
)
def test_a_bad_filter_value_gives_a_message_and_leaves_the_list_unchanged(
    client_in: Client, officer: User, params: dict[str, str], message: str
) -> None:
    dossier = make_dossier(officer)
    html = page_html(client_in, **params)
    assert message in html
    assert listed(client_in, **params) == [dossier.pk]


def test_the_page_uses_a_bounded_number_of_queries(
    client_in: Client, officer: User, django_assert_max_num_queries: Any
) -> None:
    seed = make_dossier(officer, number=1)
    every_filter = {
        "trang-thai": "tat-ca",
        "q": "nguyen",
        "han": "sap-den",
        "kenh": "counter",
        "linh-vuc": str(seed.procedure_version.field_id),
        "nhan-tu": "01/01/2024",
    }
    with django_assert_max_num_queries(30) as few:
        assert listed(client_in, **{"trang-thai": "tat-ca"}) == [seed.pk]
    clone_dossiers(seed, 120)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(listed(client_in, **{"trang-thai": "tat-ca"})) == 50
    with django_assert_max_num_queries(30):
        listed(client_in, **every_filter)


def _exported(client: Client, **params: str) -> list[tuple[Any, ...]]:
    response = client.get("/ho-so/excel/", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1))
    return [tuple(cell for cell in row) for row in rows]


def test_the_export_holds_exactly_the_filtered_rows_as_text(
    client_in: Client, officer: User, outsider_dossier: Dossier
) -> None:
    hostile = make_dossier(officer, name='=cmd|" /C calc"!A0', number=2)
    plain = make_dossier(officer, name="Nguyễn Thị Ngọc Ánh", number=3)
    returned = make_dossier(officer, name="Nguyễn Văn Trả", number=4)
    Dossier.objects.filter(pk=returned.pk).update(status="returned")
    everything = _exported(client_in, **{"trang-thai": "tat-ca", "sap-xep": "nhan-cu"})
    codes = [row[1].value for row in everything]
    assert codes == [hostile.code, plain.code, returned.code]  # never the other commune's
    name = everything[0][4]
    assert name.value == '=cmd|" /C calc"!A0'
    assert name.data_type == "s"
    assert name.quotePrefix
    assert everything[1][10].number_format == "hh:mm dd/mm/yyyy"
    assert [row[1].value for row in _exported(client_in, q="nguyen")] == [plain.code]
    assert _exported(client_in, **{"trang-thai": "da-tra"})[0][1].value == returned.code
    event = PersonalDataRead.objects.filter(object_type="dossier_list").latest("pk")
    assert (event.actor, event.detail["rows"]) == (officer, 1)


def test_a_bad_filter_refuses_the_export_with_the_message(client_in: Client, officer: User) -> None:
    make_dossier(officer)
    response = client_in.get("/ho-so/excel/", {"nhan-tu": "32/01/2024"}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa tải được" in html
    assert "không phải ngày dạng ngày/tháng/năm" in html
    assert not AuditEvent.objects.filter(object_type="dossier_list").exists()
