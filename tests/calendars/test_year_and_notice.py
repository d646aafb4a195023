"""`motcua calendar year`, the one-form notice in the admin, and the missing-notice warning."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from motcua.accounts.models import User
from motcua.audit.chain import verify
from motcua.audit.models import AuditEvent
from motcua.calendars.models import CalendarDay, CalendarNotice
from motcua.calendars.services import calendar_for
from motcua.calendars.year_report import PACKAGE_ONLY, notice_missing

pytestmark = pytest.mark.django_db


def _year(year: int) -> str:
    out = io.StringIO()
    call_command("calendar", "year", str(year), stdout=out)
    return out.getvalue()


def test_the_year_lists_days_and_saturdays_with_their_sources() -> None:
    text = _year(2026)
    assert "9441/TB-BNV, Bộ Nội vụ, ngày 16/10/2025" in text
    lines = text.splitlines()
    swap = lines.index(
        "  02/01/2026 (thứ Sáu)  Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)"
    )
    assert lines[swap + 1] == "      căn cứ: 12729/VPCP-KGVX, Văn phòng Chính phủ, ngày 25/12/2025"
    assert lines[swap + 2].startswith("      https://")
    assert "  10/01/2026 (thứ Bảy)  Làm bù cho ngày nghỉ 02/01/2026" in lines
    assert "  30/04/2026 (thứ Năm)  Ngày Chiến thắng  [giả định]" in lines
    culture_day = "  24/11/2026 (thứ Ba)  Ngày Văn hóa Việt Nam: tính là ngày làm việc"
    assert any(line.startswith(culture_day) for line in lines)
    assert "24/11/2026 (thứ Ba)  Ngày Văn hóa Việt Nam (" not in text  # not among the days off
    assert re.search(r"\b20\d\d-\d\d-\d\d\b", text) is None  # dates are dd/mm/yyyy


def test_a_year_without_notice_says_so_and_marks_the_package_days() -> None:
    text = _year(2030)
    assert "CHƯA có thông báo nào cho năm 2030" in text
    assert f"căn cứ: {PACKAGE_ONLY}" in text


def test_the_admin_form_adds_a_notice_and_its_days_audited(client, administrator: User) -> None:  # type: ignore[no-untyped-def]
    client.force_login(administrator)
    response = client.post(
        "/quan-tri/calendars/calendarnotice/add/",
        {
            "number": "999/TB-BNV",
            "issuer": "Bộ Nội vụ",
            "issued_on": "07/12/2026",
            "year": "2027",
            "title": "Nghỉ thử nghiệm năm 2027",
            "url": "https://moha.gov.vn/",
            "days_off": "03/12/2027 - Nghỉ hoán đổi thử\n",
            "work_days": "11/12/2027",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = CalendarNotice.objects.get(number="999/TB-BNV")
    assert notice.issued_on == dt.date(2026, 12, 7)  # 7 December, not 12 July
    days = {row.day: row for row in notice.days.all()}
    assert days[dt.date(2027, 12, 3)].kind == "off"
    assert days[dt.date(2027, 12, 3)].reason == "Nghỉ hoán đổi thử"
    assert days[dt.date(2027, 12, 11)].kind == "work"
    assert days[dt.date(2027, 12, 3)].legal_ref == "999/TB-BNV ngày 07/12/2026 của Bộ Nội vụ"
    calendar = calendar_for(None)
    assert not calendar.is_working_day(dt.date(2027, 12, 3))
    assert calendar.is_working_day(dt.date(2027, 12, 11))
    events = AuditEvent.objects.filter(action="admin_add").order_by("seq")
    assert [e.object_type for e in events] == [
        "calendars.calendarnotice",
        "calendars.calendarday",
        "calendars.calendarday",
    ]
    assert verify().first_broken is None
    assert "999/TB-BNV" in _year(2027)


def test_the_admin_form_refuses_bad_dates_in_vietnamese(client, administrator: User) -> None:  # type: ignore[no-untyped-def]
    client.force_login(administrator)
    response = client.post(
        "/quan-tri/calendars/calendarnotice/add/",
        {
            "number": "1/TB-BNV",
            "issuer": "Bộ Nội vụ",
            "issued_on": "2026-12-07",
            "year": "2027",
            "title": "Thử",
            "days_off": "31/02/2027\n04/12/2027",
            "work_days": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nhập ngày theo dạng dd/mm/yyyy" in page
    assert "Dòng 1: “31/02/2027” không phải ngày dd/mm/yyyy." in page
    assert not CalendarNotice.objects.exists()
    assert not CalendarDay.objects.exists()


def test_from_1_december_the_admin_warns_when_next_year_has_no_notice(
    client: Client, administrator: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert notice_missing(dt.date(2027, 11, 30)) is None
    assert notice_missing(dt.date(2026, 12, 1)) is None  # 2027 is shipped
    warning = notice_missing(dt.date(2027, 12, 1))
    assert warning is not None
    assert "năm 2028" in warning
    monkeypatch.setattr("motcua.calendars.admin.timezone.localdate", lambda: dt.date(2027, 12, 2))
    client.force_login(administrator)
    page = client.get("/quan-tri/calendars/calendarnotice/").content.decode()
    assert "Chưa có thông báo lịch nghỉ lễ, Tết năm 2028" in page
    CalendarNotice.objects.create(
        number="5/TB-BNV", issuer="Bộ Nội vụ", issued_on=dt.date(2027, 10, 1), year=2028, title="x"
    )
    assert notice_missing(dt.date(2027, 12, 2)) is None
