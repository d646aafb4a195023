"""The alerts board of a province leader with more alerts than a page: pages of PAGE_SIZE,
filters by kind and unit that combine with "only the dossiers I hold" and stay on the page links,
bad values named in Vietnamese, a unit outside the scope refused."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.alerts.board import PAGE_SIZE
from motcua.alerts.services import scan
from motcua.dossiers.models import Dossier
from motcua.ops.synthetic import PROVINCE
from motcua.units.models import Unit
from motcua.units.tree import units_within
from tests.alerts.board_data import PASSWORD, leader_of, province_with_alerts

# summary_drift: dossiers put back in progress directly in the rows
pytestmark = [pytest.mark.django_db, pytest.mark.summary_drift]
URL = "/canh-bao/"
ROW = re.compile(r'<tr data-kind="(\w+)"><td[^>]*>.*?</td><td[^>]*><a href="/ho-so/(\d+)/"')


@pytest.fixture
def province() -> Unit:
    return province_with_alerts()


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def _rows(html: str) -> list[tuple[str, int]]:
    return [(kind, int(pk)) for kind, pk in ROW.findall(html)]


def _expected(province: Unit) -> list[tuple[str, int]]:
    return [(a.kind, a.dossier.pk) for a in scan(units_within(province))]


def test_a_board_with_more_alerts_than_a_page_shows_one_page_then_the_next(
    province: Unit,
) -> None:
    expected = _expected(province)
    assert PAGE_SIZE < len(expected) <= 2 * PAGE_SIZE  # the fixture: two pages
    client = _client("lanhdao-tinh")
    first = client.get(URL)
    html = first.content.decode()
    assert _rows(html) == expected[:PAGE_SIZE]
    assert f"trong <strong>{len(expected)} cảnh báo</strong>" in html
    assert "Trang 1 / 2" in html
    assert "Trang trước" not in html
    assert 'href="?trang=2" rel="next">Trang sau →' in html
    second = client.get(URL, {"trang": "2"}).content.decode()
    assert _rows(second) == expected[PAGE_SIZE:]
    assert "Trang 2 / 2" in second
    assert 'href="?trang=1" rel="prev">← Trang trước' in second
    assert "Trang sau" not in second


def test_the_filters_narrow_the_list_combine_with_mine_and_stay_on_the_page_links(
    province: Unit,
) -> None:
    client = _client("lanhdao-tinh")
    leader = User.objects.get(username="lanhdao-tinh")
    first = Unit.objects.get(code=f"{PROVINCE}-0001")
    # the unit's cell of the per-unit table is a link to that unit and kind
    page = client.get(URL).content.decode()
    link = f'href="?don-vi={first.code}&amp;loai=overdue">'
    assert link in page
    ones = client.get(URL, {"don-vi": first.code, "loai": "overdue"}).content.decode()
    overdue = [
        (a.kind, a.dossier.pk)
        for a in scan(units_within(province))
        if a.kind == "overdue" and a.dossier.receiving_unit_id == first.pk
    ]
    assert _rows(ones) == overdue
    assert len(overdue) >= 30
    # the kind alone
    due = client.get(URL, {"loai": "due_soon"}).content.decode()
    assert {kind for kind, _ in _rows(due)} <= {"due_soon"}
    # mine, with the unit: only the dossiers of that unit I hold; the filters stay on every link
    mine = client.get(URL, {"cua-toi": "1", "don-vi": first.code}).content.decode()
    held = [
        (a.kind, a.dossier.pk)
        for a in scan(units_within(province))
        if a.holder_id == leader.pk and a.dossier.receiving_unit_id == first.pk
    ]
    assert _rows(mine) == held
    assert len(held) >= 10
    assert 'name="cua-toi" value="1"' in mine  # the filter form keeps "mine"
    toggle = re.search(r'href="\?([^"]*)" id="cua-toi-toggle"', mine)
    assert toggle is not None
    assert "don-vi=" + first.code in toggle.group(1)
    assert "cua-toi=0" in toggle.group(1)
    # every filter on the page links
    paged = client.get(URL, {"loai": "overdue", "cua-toi": "0"}).content.decode()
    nxt = re.search(r'href="\?([^"]*)" rel="next"', paged)
    assert nxt is not None
    assert set(nxt.group(1).replace("&amp;", "&").split("&")) == {
        "loai=overdue",
        "cua-toi=0",
        "trang=2",
    }


@pytest.mark.parametrize(
    ("params", "message", "shown_page"),
    [
        ({"trang": "abc"}, "Số trang “abc” không hợp lệ; đang hiện trang 1.", 1),
        ({"trang": "0"}, "Không có trang 0; đang hiện trang 1.", 1),
        (
            {"trang": "99999"},
            "Không có trang 99999: danh sách có 2 trang; đang hiện trang cuối.",
            2,
        ),
        ({"trang": "9" * 40}, "đang hiện trang cuối.", 2),
        ({"loai": "khong-co"}, "Loại cảnh báo “khong-co” không có; đang hiện mọi loại.", 1),
    ],
)
def test_a_bad_value_is_named_and_the_board_still_shows(
    province: Unit, params: dict[str, str], message: str, shown_page: int
) -> None:
    answer = _client("lanhdao-tinh").get(URL, params)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert message in html
    assert f"Trang {shown_page} / 2" in html
    assert len(_rows(html)) == (
        PAGE_SIZE if shown_page == 1 else len(_expected(province)) - PAGE_SIZE
    )


@pytest.mark.parametrize("asked", ["other-commune", "KHONG-CO", "30406\x00", "x" * 60])
def test_a_unit_outside_the_scope_is_refused_and_none_of_its_alerts_shown(
    province: Unit, asked: str
) -> None:
    first = Unit.objects.get(code=f"{PROVINCE}-0001")
    second = Unit.objects.get(code=f"{PROVINCE}-0002")
    leader_of("lanhdao-xa-1", first)
    client = _client("lanhdao-xa-1")
    code = second.code if asked == "other-commune" else asked
    theirs = [a.dossier.code for a in scan(units_within(second))]
    assert theirs
    answer = client.get(URL, {"don-vi": code, "trang": "2", "loai": "overdue"})
    assert answer.status_code == 403
    html = answer.content.decode()
    assert "không thuộc phạm vi bạn được xem cảnh báo" in html
    assert _rows(html) == []
    assert not [c for c in theirs if c and c in html]
    # the commune's own board is still there, and its own unit filters
    own = client.get(URL, {"don-vi": first.code})
    assert own.status_code == 200
    assert len(_rows(own.content.decode())) > 0


def test_filtering_and_paging_add_at_most_the_unit_look_up(province: Unit) -> None:
    client = _client("lanhdao-tinh")
    client.get(URL)  # warm: the session, the calendar cache
    with CaptureQueriesContext(connection) as plain:
        client.get(URL)
    with CaptureQueriesContext(connection) as filtered:
        answer = client.get(
            URL, {"trang": "2", "don-vi": f"{PROVINCE}-0001", "loai": "overdue", "cua-toi": "0"}
        )
    assert answer.status_code == 200
    assert len(filtered.captured_queries) <= len(plain.captured_queries) + 1


def test_an_officer_sees_only_the_alerts_they_hold(province: Unit) -> None:
    commune = Unit.objects.get(code=f"{PROVINCE}-0001")
    officer = create_or_update_staff(
        username="chuyenvien",
        full_name="Chuyên viên",
        role=Role.SPECIALIST,
        password=PASSWORD,
        unit=commune,
    )
    overdue = [a.dossier for a in scan(units_within(commune)) if a.kind == "overdue"]
    held = overdue[:3]
    Dossier.objects.filter(pk__in=[d.pk for d in held]).update(assignee=officer)
    html = _client("chuyenvien").get(URL, {"cua-toi": "0"}).content.decode()  # cannot widen
    assert _rows(html) == [
        (a.kind, a.dossier.pk) for a in scan(units_within(commune)) if a.holder_id == officer.pk
    ]
    assert {pk for _, pk in _rows(html)} >= {d.pk for d in held}
    assert "theo-don-vi" not in html  # no per-unit table for an officer
    assert reverse("alerts:board") == URL
