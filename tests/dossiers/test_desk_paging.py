"""Keyset pages of the staff list: 50 a page, no row lost or shown twice, back and forth."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import models
from django.test import Client

from motcua.accounts.models import User
from motcua.dossiers.keyset import ORDERS, Position, read_position
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit
from tests.dossiers.conftest import vn
from tests.dossiers.desk_helpers import clone_dossiers, listed, make_dossier, page_html, pager_links

# summary_drift: rows made by bulk_create copies (desk_helpers)
pytestmark = [
    pytest.mark.summary_drift,
    pytest.mark.usefixtures("reference"),
]


@pytest.fixture
def client_in(client: Client, receiving_officer: User) -> Client:
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    client.force_login(receiving_officer)
    return client


@pytest.fixture
def seed(receiving_officer: User) -> Dossier:
    return make_dossier(receiving_officer, at=vn(2024, 1, 2, 8))


def _walk(client: Client, params: dict[str, str]) -> list[list[int]]:
    """Every page from the first, following "Trang sau"."""
    pages = []
    while True:
        pages.append(listed(client, **params))
        links = pager_links(page_html(client, **params))
        if "next" not in links:
            return pages
        params = links["next"]


def test_fifty_and_one_rows_make_two_pages_and_back(client_in: Client, seed: Dossier) -> None:
    clone_dossiers(seed, 50, start=vn(2024, 1, 3, 8))
    first = page_html(client_in)
    assert "Hồ sơ 1–50 trong 51 hồ sơ · Trang 1" in first
    links = pager_links(first)
    assert set(links) == {"next"}
    second = page_html(client_in, **links["next"])
    assert "Hồ sơ 51–51 trong 51 hồ sơ · Trang 2" in second
    assert listed(client_in, **links["next"]) == [seed.pk]  # the oldest, last
    back = pager_links(second)
    assert set(back) == {"prev"}
    assert listed(client_in, **back["prev"]) == listed(client_in)
    assert "Trang 1" in page_html(client_in, **back["prev"])
    assert set(pager_links(page_html(client_in, **back["prev"]))) == {"next"}


def test_exactly_fifty_rows_make_one_page(client_in: Client, seed: Dossier) -> None:
    clone_dossiers(seed, 49, start=vn(2024, 1, 3, 8))
    assert len(listed(client_in)) == 50
    assert pager_links(page_html(client_in)) == {}


def test_rows_received_at_the_same_moment_are_each_shown_once(
    client_in: Client, seed: Dossier
) -> None:
    clone_dossiers(seed, 119, start=seed.received_at, step=dt.timedelta(0))
    pages = _walk(client_in, {"sap-xep": "nhan-cu"})
    assert [len(p) for p in pages] == [50, 50, 20]
    shown = [pk for p in pages for pk in p]
    assert sorted(shown) == sorted(Dossier.objects.values_list("pk", flat=True))
    assert shown == sorted(shown)  # same moment: by id


def test_the_due_date_order_puts_dossiers_without_one_last_across_pages(
    client_in: Client, seed: Dossier
) -> None:
    clone_dossiers(seed, 59, start=vn(2024, 1, 3, 8), due_at=vn(2024, 3, 20, 17))
    clone_dossiers(
        make_dossier(seed.received_by, number=2, accept=False),  # type: ignore[arg-type]
        44,
        start=vn(2024, 1, 4, 8),
        status="received",
        due_at=None,
    )
    params = {"sap-xep": "han", "trang-thai": "tat-ca"}
    pages = _walk(client_in, params)
    shown = [pk for p in pages for pk in p]
    assert len(shown) == len(set(shown)) == Dossier.objects.count() == 105
    dues = dict(Dossier.objects.values_list("pk", "due_at"))
    without = [i for i, pk in enumerate(shown) if dues[pk] is None]
    assert without == list(range(len(shown) - len(without), len(shown)))
    # back from the last page: the same pages in reverse
    html = page_html(client_in, **params)
    for _ in range(2):
        html = page_html(client_in, **pager_links(html)["next"])
    back = pager_links(html)["prev"]
    assert listed(client_in, **back) == pages[1]


def test_a_position_survives_the_url_and_rejects_junk() -> None:
    moment = dt.datetime(2024, 3, 4, 1, 2, 3, 456789, tzinfo=dt.UTC)
    assert read_position(Position(moment, 7).token()) == Position(moment, 7)
    assert read_position(Position(None, 7).token()) == Position(None, 7)
    for junk in ("", "7", "a.7", "1.2.3", "1.-2", "n.", "9" * 19 + ".1"):
        assert read_position(junk) is None, junk


def test_an_order_is_nullable_exactly_when_its_column_is() -> None:
    # (a column never empty is sorted without NULLS FIRST/LAST, so that an index serves it)
    for order in ORDERS.values():
        field = Dossier._meta.get_field(order.column)
        assert isinstance(field, models.Field)
        assert field.null == order.nullable, order
