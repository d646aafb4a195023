import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.calendars.models import CalendarDay, OfficeSessions
from motcua.calendars.services import calendar_for
from motcua.units.models import Unit
from motcua.units.services import load_reference_units

pytestmark = pytest.mark.django_db


def _due(*args: str) -> str:
    out = io.StringIO()
    call_command("calendar", "due", *args, stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    return lines[0]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # Tết 2024: 08–14/02 off → Thu 15, Fri 16, Mon 19.
        (["--start", "2024-02-07T09:00", "--working-days", "3"], "2024-02-19T17:00:00+07:00"),
        # 29/4/2024 swapped for the make-up Saturday 04/5/2024, then 30/4 and 1/5.
        (["--start", "2024-04-26T16:00", "--working-days", "3"], "2024-05-04T17:00:00+07:00"),
        # 2/9/2025 with the adjacent 1/9/2025: Fri 29/8 + 2 → Wed 3/9, Thu 4/9.
        (["--start", "2025-08-29T10:00", "--working-days", "2"], "2025-09-04T17:00:00+07:00"),
        # Giỗ Tổ 2026 is Sunday 26/4 → Monday 27/4 off; then 30/4 and 1/5.
        (["--start", "2026-04-24T08:00", "--working-days", "2"], "2026-04-29T17:00:00+07:00"),
        # 12729/VPCP-KGVX: Fri 02/01/2026 off, Sat 10/01/2026 worked (the package lacks both).
        (["--start", "2025-12-31T09:00", "--working-days", "1"], "2026-01-05T17:00:00+07:00"),
        (["--start", "2026-01-09T09:00", "--working-days", "1"], "2026-01-10T17:00:00+07:00"),
        # 24/11 follows the uncertain-day setting (default: a working day; tests/calendars).
        (["--start", "2026-11-23T08:00", "--working-days", "1"], "2026-11-24T17:00:00+07:00"),
        # Same day, received after 15:00 → next working day.
        (["--start", "2024-05-03T15:30", "--same-day"], "2024-05-04T17:00:00+07:00"),
        (["--start", "2024-05-03T14:59", "--same-day"], "2024-05-03T17:00:00+07:00"),
        # Working hours cross lunch and the night: 09:00 + 10 h → 11:00 next working day.
        (["--start", "2024-02-07T09:00", "--working-hours", "10"], "2024-02-15T11:00:00+07:00"),
        (["--start", "2024-02-07T09:00", "--calendar-days", "7"], "2024-02-15T17:00:00+07:00"),
    ],
)
def test_calendar_due_gives_the_legal_date(args: list[str], expected: str) -> None:
    assert _due(*args) == expected


def test_a_dated_exception_wins_over_the_package() -> None:
    CalendarDay.objects.create(
        day=dt.date(2027, 5, 3),
        kind="off",
        reason="Nghỉ bù",
        legal_ref="Thông báo số …/TB-BNV (ví dụ)",
    )
    CalendarDay.objects.create(
        day=dt.date(2027, 5, 8),
        kind="work",
        reason="Làm bù",
        legal_ref="Thông báo số …/TB-BNV (ví dụ)",
    )
    # Fri 30/4/2027 + 3: Mon 3/5 off → Tue 4, Wed 5, Thu 6.
    assert _due("--start", "2027-04-30T08:00", "--working-days", "3") == "2027-05-06T17:00:00+07:00"
    out = io.StringIO()
    call_command("calendar", "show", "2027", stdout=out)
    assert "2027-05-08  làm bù  Làm bù" in out.getvalue()
    assert "2027-05-03  nghỉ    Nghỉ bù" in out.getvalue()


def test_a_province_decision_applies_only_to_that_province() -> None:
    load_reference_units()
    an_giang = Unit.objects.get(code="91-2025")  # An Giang from 01/07/2025
    CalendarDay.objects.create(
        day=dt.date(2026, 12, 1),
        kind="off",
        reason="Nghỉ địa phương",
        legal_ref="QĐ UBND tỉnh (ví dụ)",
        province=an_giang,
    )
    phu_tan = Unit.objects.get(code="30406-2025")
    assert not calendar_for(phu_tan).is_working_day(dt.date(2026, 12, 1))
    assert calendar_for(None).is_working_day(dt.date(2026, 12, 1))
    assert _due("--start", "2026-11-30T08:00", "--working-days", "1", "--unit", "30406-2025") == (
        "2026-12-02T17:00:00+07:00"
    )


def test_province_office_sessions_change_working_hours() -> None:
    load_reference_units()
    OfficeSessions.objects.create(
        province=Unit.objects.get(code="89"),
        morning_start=dt.time(7, 30),
        morning_end=dt.time(11, 30),
        afternoon_start=dt.time(13, 0),
        afternoon_end=dt.time(17, 0),
    )
    assert _due("--start", "2024-03-04T07:00", "--working-hours", "4", "--unit", "30406") == (
        "2024-03-04T11:30:00+07:00"
    )


def test_overlapping_sessions_are_refused_in_vietnamese() -> None:
    load_reference_units()
    sessions = OfficeSessions(province=Unit.objects.get(code="89"), morning_end=dt.time(14, 0))
    with pytest.raises(ValidationError, match="Giờ làm việc không hợp lệ"):
        sessions.full_clean()


def test_an_unknown_unit_is_refused() -> None:
    with pytest.raises(CommandError, match="Không có đơn vị"):
        _due("--start", "2024-03-04T07:00", "--working-days", "1", "--unit", "NOPE")


def test_the_calendar_is_reused_until_its_rows_change_and_an_edit_counts_at_once() -> None:
    """The built calendar (its day table) is shared by the acts while nothing changed; an
    administrator's new exception, a national one overridden by the province's, or new office
    sessions give a different calendar on the very next call."""
    load_reference_units()
    phu_tan, an_giang = Unit.objects.get(code="30406-2025"), Unit.objects.get(code="91-2025")
    first = calendar_for(phu_tan)
    assert calendar_for(phu_tan) is first
    national = CalendarDay.objects.create(
        day=dt.date(2026, 12, 2), kind="off", reason="Nghỉ", legal_ref="TB (ví dụ)"
    )
    after_edit = calendar_for(phu_tan)
    assert after_edit is not first
    assert not after_edit.is_working_day(dt.date(2026, 12, 2))
    CalendarDay.objects.create(
        day=dt.date(2026, 12, 2),
        kind="work",
        reason="Tỉnh làm việc",
        legal_ref="QĐ UBND tỉnh (ví dụ)",
        province=an_giang,
    )
    assert calendar_for(phu_tan).is_working_day(dt.date(2026, 12, 2))  # the province's wins
    assert not calendar_for(None).is_working_day(dt.date(2026, 12, 2))
    national.reason = "Nghỉ bù (sửa)"
    national.save()
    assert calendar_for(None).reason(dt.date(2026, 12, 2)) == "Nghỉ bù (sửa)"
    OfficeSessions.objects.create(province=an_giang, afternoon_end=dt.time(16, 30))
    assert calendar_for(phu_tan).office_hours.closing == dt.time(16, 30)
