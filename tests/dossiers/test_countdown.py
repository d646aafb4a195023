"""The list's deadline filters are the countdown badge's rule, for every status and due day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from motcua.accounts.models import User
from motcua.domain.dossier_states import Status
from motcua.dossiers.countdown import countdown, due_soon_q, due_today_q, finished, overdue_q
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit
from tests.dossiers.conftest import vn
from tests.dossiers.desk_helpers import make_dossier

# summary_drift: due dates set directly in the rows
pytestmark = [
    pytest.mark.summary_drift,
    pytest.mark.usefixtures("reference"),
]


def test_the_filters_agree_with_the_badge(receiving_officer: User) -> None:
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    dossier = make_dossier(receiving_officer)
    today = timezone.localdate()
    dues = [None, vn(2024, 3, 1, 17), vn(2024, 3, 3, 23, 59), vn(2024, 3, 4, 0, 0)]
    dues += [vn(2024, 3, 4, 23, 59), vn(2024, 3, 5, 0, 0), vn(2024, 3, 7, 17)]
    horizon = dt.date(2024, 3, 6)
    for status in Status:
        for due in dues:
            for resolved in (None, vn(2024, 3, 2)):
                Dossier.objects.filter(pk=dossier.pk).update(
                    status=status.value, due_at=due, resolved_at=resolved
                )
                dossier.refresh_from_db()
                state = countdown(dossier, today)
                one = Dossier.objects.filter(pk=dossier.pk)
                assert one.filter(overdue_q(today)).exists() == (state == "overdue")
                assert one.filter(due_today_q(today)).exists() == (state == "due_today")
                soon = state == "in_time" and due is not None and due < vn(2024, 3, 7)
                assert one.filter(due_soon_q(today, horizon)).exists() == soon, (status, due)


def test_a_dossier_not_yet_accepted_waits_and_a_finished_one_says_how_it_ended(
    receiving_officer: User,
) -> None:
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    dossier = make_dossier(receiving_officer)
    today = timezone.localdate()
    Dossier.objects.filter(pk=dossier.pk).update(status="received", due_at=None)
    dossier.refresh_from_db()
    assert countdown(dossier, today) == "waiting"
    due = vn(2024, 3, 7, 17)
    for resolved, label in [
        (vn(2024, 3, 6, 9), "Giải quyết trước hạn"),
        (vn(2024, 3, 7, 16), "Giải quyết đúng hạn"),
        (
            vn(2024, 3, 7, 17, 30),
            "Giải quyết đúng hạn",
        ),  # the same day: on time, as the report counts
        (vn(2024, 3, 8, 8), "Giải quyết quá hạn"),
    ]:
        Dossier.objects.filter(pk=dossier.pk).update(
            status="returned", due_at=due, resolved_at=resolved
        )
        dossier.refresh_from_db()
        assert countdown(dossier, today) == "done"
        assert finished(dossier) == label
