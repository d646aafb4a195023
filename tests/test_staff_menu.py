"""The staff menu: on every staff page, per role, with the counts its lists show."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.dossiers import processing
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit
from tests.dossiers.conftest import in_march_2024, reference, vn  # noqa: F401  (fixtures)
from tests.dossiers.desk_helpers import listed, make_dossier

pytestmark = pytest.mark.usefixtures("reference", "in_march_2024")
MENU = re.compile(r'<nav class="staff-menu" aria-label="Menu cán bộ">(.*?)</nav>', re.S)
ITEM = re.compile(
    r'<a href="([^"]*)"( aria-current="page")?>([^<]*)(?:<span[^>]*>([\d.]+)</span>)?'
)


def _menu(client: Client, path: str = "/") -> dict[str, tuple[str, bool, str]]:
    """label → (link, current, count) of the page's staff menu."""
    html = client.get(path).content.decode()
    found = MENU.search(html)
    if found is None:
        return {}
    items = ITEM.findall(found.group(1))
    return {
        label.strip(): (url.replace("&amp;", "&"), bool(cur), n) for url, cur, label, n in items
    }


def _staff(make_staff, role: Role, username: str) -> User:  # type: ignore[no-untyped-def]
    user: User = make_staff(role, username, f"Cán bộ {username}")
    user.unit = Unit.objects.get(code="30406")
    user.save()
    return user


@pytest.mark.parametrize(
    ("role", "has", "lacks"),
    [
        (
            Role.RECEIVING_OFFICER,
            {"Hồ sơ", "Việc của tôi", "Tiếp nhận", "Quá hạn"},
            {"Chờ ký", "Báo cáo"},
        ),
        (
            Role.SPECIALIST,
            {"Hồ sơ", "Việc của tôi", "Cảnh báo"},
            {"Tiếp nhận", "Báo cáo", "Quản trị"},
        ),
        (Role.LEADER, {"Chờ ký", "Báo cáo", "Kiểm soát TTHC"}, {"Tiếp nhận", "Quản trị"}),
        (Role.STATISTICS_OFFICER, {"Hồ sơ", "Báo cáo"}, {"Việc của tôi", "Chờ ký", "Tiếp nhận"}),
    ],
)
def test_each_role_gets_the_pages_it_uses(  # type: ignore[no-untyped-def]
    client: Client, make_staff, role: Role, has: set[str], lacks: set[str]
) -> None:
    client.force_login(_staff(make_staff, role, "nguoi"))
    labels = set(_menu(client))
    assert has <= labels
    assert not labels & lacks


def test_the_administrator_gets_administration_and_citizens_get_no_menu(
    client: Client, administrator: User
) -> None:
    client.force_login(administrator)
    labels = set(_menu(client))
    assert {"Quản trị", "Đồng bộ DVCQG", "Báo cáo", "Thủ tục"} <= labels
    assert "Hồ sơ" not in labels  # no unit: no dossiers
    client.force_login(User.objects.create_user("dan", password="x-y-z-1234567"))
    assert _menu(client, "/thu-tuc/") == {}
    client.logout()
    assert _menu(client, "/thu-tuc/") == {}


@pytest.mark.summary_drift  # a due date set directly in the row
def test_the_counts_are_what_the_linked_lists_show(  # type: ignore[no-untyped-def]
    client: Client, make_staff
) -> None:
    officer = _staff(make_staff, Role.RECEIVING_OFFICER, "tn")
    leader = _staff(make_staff, Role.LEADER, "ld")
    late = make_dossier(officer, number=1)
    Dossier.objects.filter(pk=late.pk).update(due_at=vn(2024, 3, 1, 17))
    signing = make_dossier(officer, number=2)
    processing.hand_over(signing, actor=officer, to_user=leader)
    make_dossier(officer, number=3)
    client.force_login(leader)
    menu = _menu(client)
    assert menu["Quá hạn"][2] == "1"
    assert menu["Chờ ký"][2] == "1"
    assert menu["Việc của tôi"][2] == "1"
    for label in ("Quá hạn", "Chờ ký", "Việc của tôi"):
        _, query = menu[label][0].split("?")
        assert len(listed(client, **dict(p.split("=") for p in query.split("&")))) == 1
    assert menu["Chờ ký"][0] == "/ho-so/?cua-toi=1&trang-thai=in_progress"
    assert _menu(client, menu["Chờ ký"][0])["Chờ ký"][1]  # marked as the current page


@pytest.mark.parametrize(
    "path", ["/", "/ho-so/", "/ho-so/tiep-nhan/", "/canh-bao/", "/lien-thong/"]
)
def test_every_staff_page_has_the_menu(  # type: ignore[no-untyped-def]
    client: Client, make_staff, path: str
) -> None:
    client.force_login(_staff(make_staff, Role.RECEIVING_OFFICER, "tn"))
    assert "Hồ sơ" in _menu(client, path)
