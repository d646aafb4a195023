"""The staff list reads the dossiers a unit sees part by part (received by it; decided by it but
received elsewhere; another unit's dossier whose open step it holds) and merges the pages: every
visible dossier once, in order, nothing else; the tabs count the same dossiers, the archive tabs
up to a cap."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import User
from motcua.dossiers import desk_query, permissions
from motcua.dossiers.models import Dossier, HandOver
from motcua.dossiers.permissions import dossiers_visible_to
from motcua.units.models import Unit
from motcua.units.tree import units_served_by
from tests.dossiers.conftest import vn
from tests.dossiers.desk_helpers import clone_dossiers, listed, make_dossier, page_html, pager_links

# summary_drift: rows made by bulk_create copies (desk_helpers)
pytestmark = [pytest.mark.summary_drift, pytest.mark.usefixtures("reference")]


@pytest.fixture
def client_in(client: Client, receiving_officer: User) -> Client:
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    client.force_login(receiving_officer)
    return client


@pytest.fixture
def three_parts(receiving_officer: User) -> dict[str, list[int]]:
    """Own dossiers, dossiers decided here but received by another unit, another unit's
    dossiers (three of them held here at an open step)."""
    here = Unit.objects.get(code="30406")
    other = Unit.objects.exclude(pk__in=units_served_by(here)).first()
    assert other is not None
    own = make_dossier(receiving_officer, number=1, at=vn(2024, 1, 2, 8))
    decided = make_dossier(receiving_officer, number=2, at=vn(2024, 1, 2, 9))
    foreign = make_dossier(receiving_officer, number=3, at=vn(2024, 1, 2, 10))
    own_ids = [own.pk, *clone_dossiers(own, 40, start=vn(2024, 1, 3, 8))]
    decided_ids = [decided.pk, *clone_dossiers(decided, 30, start=vn(2024, 1, 3, 8, 30))]
    Dossier.objects.filter(pk__in=decided_ids).update(receiving_unit=other)
    foreign_ids = [foreign.pk, *clone_dossiers(foreign, 30, start=vn(2024, 1, 3, 8, 45))]
    Dossier.objects.filter(pk__in=foreign_ids).update(receiving_unit=other, competent_unit=other)
    held = foreign_ids[5:8]
    for pk in held:
        HandOver.objects.create(
            dossier_id=pk,
            seq=90,
            step_name="Thẩm định liên thông",
            from_user=receiving_officer,
            to_unit=here,
            at=timezone.now(),
            step_due_at=timezone.now(),
        )
    return {"own": own_ids, "decided": decided_ids, "held": held, "foreign": foreign_ids}


def _walk(client: Client, params: dict[str, str]) -> list[int]:
    shown: list[int] = []
    while True:
        shown += listed(client, **params)
        links = pager_links(page_html(client, **params))
        if "next" not in links:
            return shown
        params = links["next"]


@pytest.mark.parametrize("few", [500, 5])  # the decided part by its ids, or as a condition
@pytest.mark.parametrize("sort", ["nhan-moi", "nhan-cu", "han"])
def test_every_visible_dossier_is_listed_once_in_order_across_the_parts(
    client_in: Client,
    receiving_officer: User,
    three_parts: dict[str, list[int]],
    sort: str,
    few: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(permissions, "FEW", few)
    shown = _walk(client_in, {"trang-thai": "tat-ca", "sap-xep": sort})
    visible = set(three_parts["own"] + three_parts["decided"] + three_parts["held"])
    assert len(shown) == len(set(shown)) == len(visible) == 75
    assert set(shown) == visible
    assert set(shown) == set(dossiers_visible_to(receiving_officer).values_list("pk", flat=True))
    column = {"nhan-moi": "received_at", "nhan-cu": "received_at", "han": "due_at"}[sort]
    keys = dict(Dossier.objects.values_list("pk", column))
    order = [(keys[pk], pk) for pk in shown]
    assert order == sorted(order, reverse=sort == "nhan-moi")


def test_going_back_from_the_last_page_shows_the_same_pages(
    client_in: Client, three_parts: dict[str, list[int]]
) -> None:
    params = {"trang-thai": "tat-ca"}
    first = listed(client_in, **params)
    second_params = pager_links(page_html(client_in, **params))["next"]
    back = pager_links(page_html(client_in, **second_params))["prev"]
    assert listed(client_in, **back) == first


def test_the_tabs_count_the_listed_dossiers(
    client_in: Client, three_parts: dict[str, list[int]]
) -> None:
    html = page_html(client_in, **{"trang-thai": "tat-ca"})
    assert "Hồ sơ 1–50 trong 75 hồ sơ" in html
    assert 'Tất cả <span class="count">75</span>' in html


def test_an_archive_tab_above_the_cap_says_more_than(
    client_in: Client, three_parts: dict[str, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(desk_query, "COUNT_CAP", 20)
    Dossier.objects.filter(pk__in=three_parts["own"][:30]).update(status="returned")
    html = page_html(client_in, **{"trang-thai": "da-tra"})
    assert 'Đã trả kết quả <span class="count">hơn 20</span>' in html
    assert 'Tất cả <span class="count">hơn 20</span>' in html
    assert "trong hơn 20 hồ sơ" in html
    # the working tabs stay exact whatever the cap: 45 open here
    assert 'Chưa hoàn thành <span class="count">45</span>' in html
