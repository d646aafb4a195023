"""Stateful property test of the dossier state machine through the real services.

Random legal and illegal acts on one dossier per example: a legal act moves the status to the
one ALLOWED_ACTIONS_BY_STATUS names and appends exactly one audit event for the dossier; an
illegal act raises IllegalAct and changes nothing (status, dates, audit chain).
Short: 15 examples × 10 steps; MOTCUA_LONG_RELIABILITY=1: 200 × 30.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from motcua.accounts.models import User
from motcua.audit.chain import verify
from motcua.audit.models import AuditEvent
from motcua.domain.dossier_states import ALLOWED_ACTIONS_BY_STATUS, Action, Status
from motcua.dossiers import processing
from motcua.dossiers.collection import Collector
from motcua.dossiers.log_check import disagreements
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    DossierError,
    IllegalAct,
    accept_dossier,
    receive_dossier,
    refuse_at_intake,
    request_intake_supplement,
)
from tests.dossiers.conftest import intake

LONG = os.environ.get("MOTCUA_LONG_RELIABILITY") == "1"
REACHED: set[str] = set()


def acts(officer: User) -> dict[Action, Callable[[Dossier], Any]]:
    return {
        Action.ACCEPT: lambda d: accept_dossier(d, actor=officer),
        Action.REQUEST_INTAKE_SUPPLEMENT: lambda d: request_intake_supplement(
            d, actor=officer, missing=["Tờ khai"], reason="Thiếu"
        ),
        Action.REFUSE_AT_INTAKE: lambda d: refuse_at_intake(d, actor=officer, reasons="Sai"),
        Action.HAND_OVER: lambda d: processing.hand_over(d, actor=officer, to_user=officer),
        Action.SUSPEND: lambda d: processing.suspend(d, actor=officer, reason="Xác minh"),
        Action.RESUME: lambda d: processing.resume(d, actor=officer),
        Action.APPROVE: lambda d: processing.approve(d, actor=officer),
        Action.REFUSE: lambda d: processing.refuse(d, actor=officer, reasons="Không đủ"),
        Action.RETURN_RESULT: lambda d: processing.return_result(
            d, actor=officer, method="desk", collector=Collector("Nguyễn Văn An", "001090000123")
        ),
        Action.RECEIVE_SUPPLEMENT: lambda d: processing.receive_supplement(d, actor=officer),
        Action.REQUEST_SUPPLEMENT: lambda d: processing.request_supplement(
            d, actor=officer, missing=["Bản sao"], reason="Thiếu"
        ),
    }


def state_of(dossier: Dossier) -> tuple[Any, ...]:
    dossier.refresh_from_db()
    return (dossier.status, dossier.code, dossier.due_at, dossier.resolved_at, dossier.ended_at)


def machine(officer: User) -> type[RuleBasedStateMachine]:
    table = acts(officer)

    class DossierMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.dossier = receive_dossier(intake(), actor=officer)
            self.successes = 1  # the receive act

        def events(self) -> int:
            return AuditEvent.objects.filter(
                object_type="dossier", object_id=str(self.dossier.pk)
            ).count()

        @rule(action=st.sampled_from(sorted(table)))
        def act(self, action: Action) -> None:
            before = state_of(self.dossier)
            status = Status(before[0])
            legal = action in ALLOWED_ACTIONS_BY_STATUS[status]
            try:
                table[action](self.dossier)
            except IllegalAct:
                assert state_of(self.dossier) == before
                return
            except DossierError:
                assert legal, "an illegal act must be refused as IllegalAct"
                assert state_of(self.dossier) == before
                return
            assert legal, f"{action} succeeded from {status}"
            assert state_of(self.dossier)[0] == ALLOWED_ACTIONS_BY_STATUS[status][action].value
            self.successes += 1
            REACHED.add(state_of(self.dossier)[0])

        @invariant()
        def one_event_per_successful_act(self) -> None:
            assert self.events() == self.successes

    return DossierMachine


@pytest.mark.usefixtures("reference")
@pytest.mark.django_db(transaction=False)
def test_dossier_state_machine(receiving_officer: User) -> None:
    from motcua.units.models import Unit

    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    run_state_machine_as_test(
        machine(receiving_officer),
        settings=settings(
            max_examples=200 if LONG else 15,
            stateful_step_count=30 if LONG else 10,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert verify().first_broken is None
    assert list(disagreements()) == []  # every dossier row is what its last act left
    assert "accepted" in REACHED, REACHED  # the walk went past intake
