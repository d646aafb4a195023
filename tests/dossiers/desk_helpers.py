"""Helpers of the staff list tests: dossiers made by the services, the list read back as ids."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Applicant, accept_dossier, receive_dossier
from motcua.units.models import Unit
from tests.dossiers.conftest import intake, vn

_ROW_LINK = re.compile(r'<td data-label="Mã hồ sơ"><div><a href="/ho-so/(\d+)/">')


def make_dossier(
    officer: User,
    *,
    name: str = "Nguyễn Thị Ngọc Ánh",
    number: int = 1,
    procedure: str = "1.000894",
    at: dt.datetime | None = None,
    accept: bool = True,
    unit: Unit | None = None,
    **changes: Any,
) -> Dossier:
    """A dossier received (and accepted) by `officer`; applicant ID and phone vary by `number`."""
    at = at or vn(2024, 3, 1, 9, 0)
    unit = unit or officer.unit
    applicant = Applicant(
        name=name,
        id_number=f"089190{number:06d}",
        birth_date=dt.date(1990, 3, 2),
        phone=f"0912 {number:06d}",
        address="Khóm Trung 3",
    )
    dossier = receive_dossier(
        intake(procedure, applicant=applicant, receiving_unit=unit, competent_unit=unit, **changes),
        actor=officer,
        at=at,
    )
    return accept_dossier(dossier, actor=officer, at=at) if accept else dossier


def listed(client: Client, **params: str) -> list[int]:
    """The ids of the dossiers the list shows for these parameters, in order."""
    response = client.get("/ho-so/", params)
    assert response.status_code == 200
    return [int(pk) for pk in _ROW_LINK.findall(response.content.decode())]


def page_html(client: Client, **params: str) -> str:
    response = client.get("/ho-so/", params)
    assert response.status_code == 200
    return str(response.content.decode())


def clone_dossiers(
    seed: Dossier,
    count: int,
    *,
    start: dt.datetime | None = None,
    step: dt.timedelta = dt.timedelta(minutes=1),
    **changes: Any,
) -> list[int]:
    """`count` copies of `seed` (new codes, received `step` apart from `start`) in one insert:
    for paging tests that need many rows; the rest of each row is the seed's."""
    start = start or seed.received_at
    copies = []
    for i in range(count):
        clone = Dossier.objects.get(pk=seed.pk)
        clone.pk = None
        clone.code = f"{seed.code or 'X'}-{i:04d}"
        clone.idempotency_key = None
        clone.received_at = start + step * i
        for key, value in changes.items():
            setattr(clone, key, value)
        copies.append(clone)
    Dossier.objects.bulk_create(copies)
    return list(
        Dossier.objects.filter(code__startswith=f"{seed.code or 'X'}-").values_list("pk", flat=True)
    )


_LINK = re.compile(r'href="\?([^"]+)" rel="(next|prev)"')


def pager_links(html: str) -> dict[str, dict[str, str]]:
    """The "Trang sau"/"Trang trước" links of a page, as parameters."""
    from html import unescape
    from urllib.parse import parse_qsl

    return {rel: dict(parse_qsl(unescape(query))) for query, rel in _LINK.findall(html)}
