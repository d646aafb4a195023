import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.domain.dossier_states import (
    ALLOWED_ACTIONS_BY_STATUS,
    NOT_ACCEPTED,
    TERMINAL,
    Action,
    IllegalTransition,
    Status,
    transition,
)


def test_every_status_has_a_row_and_every_action_is_used() -> None:
    assert set(ALLOWED_ACTIONS_BY_STATUS) == set(Status)
    used = {action for row in ALLOWED_ACTIONS_BY_STATUS.values() for action in row}
    assert used == set(Action)


def test_terminal_statuses_allow_nothing_and_every_status_can_end() -> None:
    assert {
        Status.RETURNED,
        Status.REFUSED_AT_INTAKE,
        Status.WITHDRAWN,
        Status.CLOSED,
    } == TERMINAL
    for status in Status:
        seen, frontier = {status}, [status]
        while frontier:
            for nxt in ALLOWED_ACTIONS_BY_STATUS[frontier.pop()].values():
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        assert seen & TERMINAL, status


def test_an_illegal_act_is_refused_with_the_reason_in_vietnamese() -> None:
    with pytest.raises(IllegalTransition) as error:
        transition(Status.RETURNED, Action.EXTEND)
    assert "Không thể gia hạn và xin lỗi" in str(error.value)
    assert "Đã trả kết quả" in str(error.value)


def test_every_status_maps_to_a_portal_code() -> None:
    assert {status.portal_code for status in Status} <= set(range(1, 11))
    assert Status.RETURNED.portal_code == 10


@given(st.lists(st.sampled_from(list(Action)), max_size=40))
def test_random_acts_keep_the_invariants(actions: list[Action]) -> None:
    status = Status.RECEIVED
    accepted = 0
    for action in actions:
        before = status
        try:
            status = transition(status, action)
        except IllegalTransition:
            assert action not in ALLOWED_ACTIONS_BY_STATUS[before]
            assert status == before
            continue
        accepted += action is Action.ACCEPT
        if before in TERMINAL:
            pytest.fail("a terminal status allowed an act")
        if action is not Action.ACCEPT and before in NOT_ACCEPTED:
            assert status in NOT_ACCEPTED | {Status.WITHDRAWN}
    assert accepted <= 1
