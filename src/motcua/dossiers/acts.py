"""The registry of legal acts on a dossier: for each act, its Vietnamese label, who may do it,
the input form the dossier page shows, how the posted form becomes the service's arguments, and
the service. The dossier page, its buttons and the API all read this table; a test holds it
against the state machine (every act a role can reach in some status has an entry here).

Adding an act: its row in `domain.dossier_states` (Action, label, the statuses that allow it),
its roles in `permissions.ROLES_FOR_ACTION`, its service (services.py, processing.py or
steps.py), one `ActSpec` below (reusing a form of `dossiers/templates/dossiers/act_forms/` or
adding one) and its API route (api.py, at the entry's `path`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.calendars.services import calendar_for, to_aware
from motcua.domain.dossier_states import Action, Status, allowed_actions
from motcua.domain.vnformat import parse_vn_date
from motcua.dossiers import obligations, processing, steps
from motcua.dossiers.collection import Collector
from motcua.dossiers.components import ComponentIn
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import ROLES_FOR_ACTION, refusal
from motcua.dossiers.services import (
    accept_dossier,
    refuse_at_intake,
    request_intake_supplement,
    resubmit_dossier,
)
from motcua.units.tree import units_served_by

Posted = Mapping[str, Any]  # the posted form (files under "_files")
Service = Callable[..., object]  # a service of services.py or processing.py


@dataclass(frozen=True)
class ActSpec:
    action: Action
    path: str  # the API's route: POST /api/…/dossiers/{id}/<path>
    form: str  # the input form: dossiers/act_forms/<form>.html ("none" for a bare button)
    service: Service  # called as service(dossier, actor=user, **arguments)
    arguments: Callable[[User, Dossier, Posted], dict[str, Any]]

    @property
    def value(self) -> str:
        return self.action.value

    @property
    def label(self) -> str:
        return self.action.label

    @property
    def roles(self) -> frozenset[Role]:
        return ROLES_FOR_ACTION[self.action]

    def run(self, user: User, dossier: Dossier, posted: Posted) -> object:
        return self.service(dossier, actor=user, **self.arguments(user, dossier, posted))


def _lines(posted: Posted, name: str) -> list[str]:
    return [line.strip() for line in str(posted.get(name, "")).splitlines() if line.strip()]


def _nothing(user: User, dossier: Dossier, posted: Posted) -> dict[str, Any]:
    return {}


def _field(name: str, argument: str | None = None) -> Callable[[User, Dossier, Posted], Any]:
    def arguments(user: User, dossier: Dossier, posted: Posted) -> dict[str, Any]:
        return {argument or name: str(posted.get(name, ""))}

    return arguments


def _missing(user: User, dossier: Dossier, posted: Posted) -> dict[str, Any]:
    return {"missing": _lines(posted, "missing"), "reason": str(posted.get("reason", ""))}


def _resubmitted(user: User, dossier: Dossier, posted: Posted) -> dict[str, Any]:
    digitised = posted.get("digitised") == "on"
    names = _lines(posted, "components")
    return {"components": [ComponentIn(name=n, digitised=digitised) for n in names]}


def _hand_over(user: User, dossier: Dossier, posted: Posted) -> dict[str, Any]:
    to_user = User.objects.filter(pk=posted.get("to_user") or 0, unit=user.unit).first()
    step = str(posted.get("step_order") or "")
    return {"to_user": to_user, "step_order": int(step) if step.isdigit() else None}


def new_due_at(dossier: Dossier, day: dt.date) -> dt.datetime:
    """An extension's new due time on `day`: the end of the competent unit's office day (its
    province's office sessions, calendars)."""
    return to_aware(calendar_for(dossier.competent_unit).close_of(day))


def _extend(user: User, dossier: Dossier, posted: Posted) -> dict[str, Any]:
    try:
        day = parse_vn_date(str(posted.get("new_due", "")))
    except ValueError:
        raise DossierError("Ngày hẹn trả mới phải theo dạng ngày/tháng/năm (05/01/2026).") from None
    return {"new_due": new_due_at(dossier, day), "reason": str(posted.get("reason", ""))}


def _approve(user: User, dossier: Dossier, posted: Posted) -> dict[str, Any]:
    return {
        "result": posted.get("_files", {}).get("result"),
        "electronic_result": posted.get("electronic_result") == "on",
        "electronic_certified_copy": posted.get("electronic_certified_copy") == "on",
        "comment": str(posted.get("comment", "")),
    }


def _appraise(user: User, dossier: Dossier, posted: Posted) -> dict[str, Any]:
    return {
        "opinion": str(posted.get("opinion", "")),
        "draft": posted.get("_files", {}).get("draft"),
    }


def _return(user: User, dossier: Dossier, posted: Posted) -> dict[str, Any]:
    method = str(posted.get("method", "desk"))
    arguments: dict[str, Any] = {
        "method": method,
        "tracking_number": str(posted.get("tracking_number", "")),
    }
    if method == "desk":
        arguments["collector"] = Collector(
            name=str(posted.get("collector_name", "")),
            id_number=str(posted.get("collector_id_number", "")),
            role=str(posted.get("collector_role", "applicant")),
        )
    return arguments


A = Action
_SPECS = (
    ActSpec(A.ACCEPT, "accept", "none", accept_dossier, _nothing),
    ActSpec(
        A.REQUEST_INTAKE_SUPPLEMENT,
        "intake-supplement",
        "missing",
        request_intake_supplement,
        _missing,
    ),
    ActSpec(A.RESUBMIT, "resubmit", "components", resubmit_dossier, _resubmitted),
    ActSpec(
        A.REFUSE_AT_INTAKE, "refuse-intake", "reason", refuse_at_intake, _field("reason", "reasons")
    ),
    ActSpec(A.HAND_OVER, "hand-over", "hand_over", processing.hand_over, _hand_over),
    ActSpec(
        A.REQUEST_SUPPLEMENT,
        "request-supplement",
        "missing",
        processing.request_supplement,
        _missing,
    ),
    ActSpec(
        A.RECEIVE_SUPPLEMENT, "receive-supplement", "none", processing.receive_supplement, _nothing
    ),
    ActSpec(
        A.CLOSE_WITHOUT_SUPPLEMENT, "close", "none", processing.close_without_supplement, _nothing
    ),
    ActSpec(A.SUSPEND, "suspend", "reason", processing.suspend, _field("reason")),
    ActSpec(A.RESUME, "resume", "none", processing.resume, _nothing),
    ActSpec(A.EXTEND, "extend", "extend", processing.extend_deadline, _extend),
    ActSpec(
        A.REQUEST_FINANCIAL_OBLIGATION,
        "request-financial-obligation",
        "obligation",
        obligations.request_financial_obligation,
        _field("obligation"),
    ),
    ActSpec(
        A.FULFIL_FINANCIAL_OBLIGATION,
        "fulfil-financial-obligation",
        "evidence",
        obligations.fulfil_financial_obligation,
        _field("evidence"),
    ),
    ActSpec(A.APPRAISE, "appraise", "appraise", steps.appraise, _appraise),
    ActSpec(A.SEND_BACK, "send-back", "send_back", steps.send_back, _field("reason")),
    ActSpec(A.RETURN_STEP, "return-step", "reason", steps.return_step, _field("reason")),
    ActSpec(A.APPROVE, "approve", "approve", processing.approve, _approve),
    ActSpec(A.REFUSE, "refuse", "reason", processing.refuse, _field("reason", "reasons")),
    ActSpec(A.RETURN_RESULT, "return", "return", processing.return_result, _return),
    ActSpec(A.WITHDRAW, "withdraw", "reason", processing.withdraw, _field("reason")),
)
ACTS: Mapping[Action, ActSpec] = MappingProxyType({spec.action: spec for spec in _SPECS})


def acts_for(user: User, dossier: Dossier) -> list[ActSpec]:
    """The acts `user` may do on `dossier` now: allowed in its status and not refused by
    permissions (role, unit, an inter-linked agency's limits) — the dossier page's buttons.
    The units the user serves are read once for all the acts."""
    served = units_served_by(user.unit) if user.unit is not None else set()
    return [
        ACTS[action]
        for action in allowed_actions(Status(dossier.status))
        if refusal(user, dossier, action, served) is None
    ]
