"""The status tabs of the staff list split the statuses without overlap."""

from motcua.domain.dossier_states import TERMINAL, Status
from motcua.domain.status_groups import ALL, OPEN, STATUS_GROUPS


def test_the_groups_between_open_and_all_split_every_status_once() -> None:
    parts = [g.statuses for key, g in STATUS_GROUPS.items() if key not in (OPEN, ALL)]
    every = [status for part in parts for status in part]
    assert sorted(every) == sorted(Status)


def test_open_is_every_status_that_still_allows_an_act() -> None:
    assert STATUS_GROUPS[OPEN].statuses == set(Status) - TERMINAL
    assert STATUS_GROUPS[ALL].statuses == set(Status)
    assert next(iter(STATUS_GROUPS)) == OPEN  # the default tab comes first
