"""A calendar change never makes a due date earlier than the appointment given, and
`motcua calendar impact` lists the open dossiers a change moves."""

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.core.management import call_command

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.calendars.models import CalendarDay
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import hand_over, resume, suspend
from motcua.dossiers.services import accept_dossier, receive_dossier
from tests.dossiers.conftest import in_march_2024, intake, reference, vn

__all__ = ["in_march_2024", "reference"]  # the dossier tests' fixtures: March 2024, Phú Mỹ

pytestmark = pytest.mark.usefixtures("reference")


def _accept(officer: User, at: dt.datetime) -> Dossier:
    dossier = receive_dossier(intake(), actor=officer, at=at)
    return accept_dossier(dossier, actor=officer, at=at)


def _impact(*args: str) -> list[str]:
    out = io.StringIO()
    call_command("calendar", "impact", *args, stdout=out)
    return out.getvalue().splitlines()


def test_a_new_working_saturday_does_not_shorten_a_promised_deadline(
    receiving_officer: User, make_staff: Callable[..., User]
) -> None:
    # Marriage registration, 3 working days, accepted Fri 08/3/2024 → due Wed 13/3/2024 17:00.
    dossier = _accept(receiving_officer, vn(2024, 3, 8, 8, 0))
    assert dossier.due_at == vn(2024, 3, 13, 17, 0)
    assert dossier.clock_events[0]["promised"] == "2024-03-13T17:00:00"
    CalendarDay.objects.create(
        day=dt.date(2024, 3, 9), kind="work", reason="Làm bù (thử)", legal_ref="TB (thử)"
    )
    lines = _impact()
    assert lines[1] == (
        f"{dossier.code} | 13/03/2024 17:00 | 13/03/2024 17:00 | "
        "giữ theo ngày hẹn đã trao (lịch mới cho 12/03/2024 17:00)"
    )
    specialist = make_staff(Role.SPECIALIST, "chuyenvien", "Trần Văn Bình")
    hand_over(
        dossier, actor=receiving_officer, to_user=specialist, step_order=2, at=vn(2024, 3, 8, 9)
    )
    suspend(dossier, actor=specialist, reason="Xác minh", at=vn(2024, 3, 11, 8, 0))
    resumed = resume(dossier, actor=specialist, at=vn(2024, 3, 11, 9, 0))
    # From the promised Wed 13/3 17:00, one working hour paused → Thu 14/3 08:00 (the new
    # calendar alone would have given Tue 12/3 17:00 + 1 h = Wed 13/3 08:00).
    assert resumed.due_at == vn(2024, 3, 14, 8, 0)
    assert resumed.original_due_at == vn(2024, 3, 14, 8, 0)


def test_impact_lists_the_dossiers_a_new_day_off_would_move(receiving_officer: User) -> None:
    dossier = _accept(receiving_officer, vn(2024, 3, 4, 8, 0))  # due Thu 07/3/2024 17:00
    assert _impact("--off", "06/03/2024") == [
        "Mã hồ sơ | hạn đang lưu | hạn theo lịch mới | ghi chú",
        f"{dossier.code} | 07/03/2024 17:00 | 08/03/2024 17:00 | muộn hơn",
        "Số hồ sơ đang giải quyết đổi hạn: 1",
    ]
    assert _impact("--off", "11/03/2024")[-1] == "Số hồ sơ đang giải quyết đổi hạn: 0"
    assert not CalendarDay.objects.exists()  # nothing was saved


def test_impact_refuses_a_date_not_in_dd_mm_yyyy(receiving_officer: User) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        _impact("--off", "2024-03-06")
