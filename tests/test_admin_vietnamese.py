"""The admin speaks Vietnamese and reads dates day-first: a holiday typed 07/12/2026 is the 7th of
December (Django's `vi` locale has no input formats: it was read month-first, and 25/12/2026
was refused); no English Django text, no role codes, permissions in Vietnamese."""

from __future__ import annotations

import datetime as dt
import html as html_text
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.calendars.models import CalendarDay
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import load_catalog
from tests.catalog_data import catalog

pytestmark = pytest.mark.django_db

ADD_DAY = "/quan-tri/calendars/calendarday/add/"
LOCALE = Path(__file__).resolve().parents[1] / "src" / "motcua" / "locale" / "vi" / "LC_MESSAGES"
ENGLISH = (
    "Show counts",
    "Hide counts",
    "Can add",
    "Can change",
    "Can delete",
    "Can view",
    "Password-based authentication",
    "Please correct",
    "Add link",
    "Change or view list link",
    "Raw passwords",
    "After you’ve created",
    "Skip to main content",
    "receiving_officer",
    "statistics_officer",
    "daily sequence",
    "draft item",
    "memory cost",
    "variety",
)


@pytest.fixture
def admin_client(administrator: User) -> Client:
    client = Client()
    client.force_login(administrator)
    return client


def _holiday(client: Client, typed: str) -> str:
    response = client.post(
        ADD_DAY,
        {"day": typed, "kind": "off", "reason": "Nghỉ thử", "legal_ref": "Thông báo số 1/TB"},
    )
    return response.content.decode() if response.status_code == 200 else ""


def test_a_holiday_typed_day_first_is_stored_day_first(admin_client: Client) -> None:
    assert _holiday(admin_client, "07/12/2026") == ""
    assert _holiday(admin_client, "25/12/2026") == ""
    days = list(CalendarDay.objects.values_list("day", flat=True))
    assert days == [dt.date(2026, 12, 7), dt.date(2026, 12, 25)]
    html = admin_client.get("/quan-tri/calendars/calendarday/").content.decode()
    assert "07/12/2026" in html
    assert "25/12/2026" in html
    row = CalendarDay.objects.get(day=dt.date(2026, 12, 7))
    change = admin_client.get(f"/quan-tri/calendars/calendarday/{row.pk}/change/").content.decode()
    assert 'value="07/12/2026"' in change


@pytest.mark.parametrize("typed", ["2026-12-07", "12/7/26", "31/02/2026", "7 tháng 12"])
def test_a_date_not_day_first_is_refused_in_vietnamese(admin_client: Client, typed: str) -> None:
    html = _holiday(admin_client, typed)
    assert "Nhập ngày theo dạng dd/mm/yyyy" in html
    assert "Vui lòng sửa lỗi dưới đây." in html
    assert not CalendarDay.objects.exists()


def test_the_calendar_widget_writes_day_first(admin_client: Client) -> None:
    script = admin_client.get("/quan-tri/jsi18n/").content.decode()
    assert re.search(r'"DATE_INPUT_FORMATS": \[\s*"%d/%m/%Y"', script)
    assert re.search(r'"DATETIME_INPUT_FORMATS": \[\s*"%d/%m/%Y %H:%M"', script)
    assert json.dumps("Chủ nhật") in script
    assert json.dumps("Thứ Hai") in script


def test_admin_pages_have_no_english_left(admin_client: Client, administrator: User) -> None:
    load_catalog(catalog())
    group = Group.objects.get(name=Role.RECEIVING_OFFICER)
    pages = [
        "/quan-tri/",
        "/quan-tri/accounts/user/",
        "/quan-tri/accounts/user/add/",
        f"/quan-tri/accounts/user/{administrator.pk}/change/",
        "/quan-tri/auth/group/",
        f"/quan-tri/auth/group/{group.pk}/change/",
        "/quan-tri/calendars/calendarday/",
        ADD_DAY,
        "/quan-tri/catalog/procedure/",
        "/quan-tri/catalog/procedureversion/",
    ]
    for url in pages:
        html = admin_client.get(url).content.decode()
        shown = html_text.unescape(re.sub(r"(?s)<script.*?</script>|<[^>]*>", " ", html))
        found = [phrase for phrase in ENGLISH if phrase in shown]
        assert not found, (url, found)
    groups = admin_client.get("/quan-tri/auth/group/").content.decode()
    assert "Cán bộ tiếp nhận" in groups or Role.RECEIVING_OFFICER.label in groups
    user_page = admin_client.get(f"/quan-tri/accounts/user/{administrator.pk}/change/")
    assert "Danh mục thủ tục hành chính | lĩnh vực | Sửa lĩnh vực" in user_page.content.decode()


def test_every_entry_of_our_catalogue_is_served() -> None:
    """The committed .mo file matches the .po file (a fresh machine needs no compilemessages);
    the JavaScript catalogue is checked through jsi18n above."""
    with translation.override("vi"), (LOCALE / "django.po").open("rb") as po:
        for message in read_po(po):
            if not message.id:
                continue
            if isinstance(message.id, tuple | list):
                served = translation.ngettext(message.id[0], message.id[1], 2)
                expected = message.string
                assert isinstance(expected, tuple | list)
                assert served == expected[0], message.id
            else:
                assert translation.gettext(message.id) == message.string, message.id
    assert (LOCALE / "django.mo").stat().st_mtime >= (LOCALE / "django.po").stat().st_mtime - 1


def test_the_procedure_list_shows_codes_with_names(admin_client: Client) -> None:
    load_catalog(catalog())
    html = admin_client.get("/quan-tri/catalog/procedure/").content.decode()
    for version in ProcedureVersion.objects.all():
        assert version.procedure.code in html
        assert version.name in html


def test_the_holiday_list_shows_the_statutory_days(admin_client: Client) -> None:
    html = admin_client.get("/quan-tri/calendars/calendarday/?day__year=2026").content.decode()
    table = html.split('id="statutory-days"')[1]
    assert "năm 2026" in html
    assert "02/09/2026" in table  # Quốc khánh, from the law, not entered by anyone
    assert "01/05/2026" in table
    assert not CalendarDay.objects.exists()
