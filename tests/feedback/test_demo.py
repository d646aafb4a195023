"""The demo commune's feedback reproduces the seed report: no PAKN in the period (I.5),
PAKN handled on time 100% (none to handle), satisfaction 100% (I.15 đ, NQ 02 row 12)."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.feedback.indicators import feedback_counts, satisfaction_summary
from motcua.feedback.models import Petition, Rating
from motcua.units.models import Unit

PERIOD = dt.date(2023, 12, 15), dt.date(2024, 5, 19)


@pytest.fixture(autouse=True)
def in_march_2024() -> None:
    """The demo runs today (it publishes the successor commune's catalogue today)."""


def test_the_demo_feedback_gives_the_seed_figures(demo: None) -> None:
    assert Rating.objects.count() == 166
    assert Petition.objects.count() == 2
    unit = Unit.objects.get(code="30406")
    counts = feedback_counts([unit.pk], *PERIOD)
    assert counts["received"] == counts["received_new"] == counts["carried_over"] == 0
    assert counts["answered_on_time"] == counts["answered_late"] == counts["pending"] == 0
    assert counts["published"] == 0
    assert counts["by_kind"] == {"regulation": 0, "behaviour": 0}
    summary = satisfaction_summary([unit.pk], *PERIOD)
    assert summary.rated == 166
    assert summary.rate_text == "100,00%"
    june = feedback_counts([unit.pk], dt.date(2024, 6, 1), dt.date(2024, 6, 30))
    assert (june["received"], june["answered_on_time"], june["answered_late"]) == (2, 1, 1)
    assert june["published"] == 1
