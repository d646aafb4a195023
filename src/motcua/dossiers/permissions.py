"""Who may see and act on a dossier — the one place where that is decided.

Staff act on the dossiers of their own unit: the unit that received the dossier or the competent
unit, or a unit that took over from one of them (a merged commune inherits its predecessors'
records). Each act needs a role; the acts of the step in hand (appraisal, sending back) need
the dossier to be at the user's step (HOLDER_ACTIONS). An inter-linked agency sees a dossier
only while it holds an open step of it, and only does its step's acts (AGENCY_ACTIONS:
complete it, wait on another agency, return it to the competent unit); everything else is
refused.
While its step is open it sees only what the step needs (`agency_step`, `components_visible_to`,
`handed_on_to`: the applicant's identification, the components its performer kind needs, the
competent unit's results handed on to it); any other document or file of the dossier is 404.
Afterwards it sees only the record of its own step (`step_record_for`: what was handed to it,
when and by whom, what it recorded), read-only, never the dossier again. Everyone else
(citizens, outsiders, administrators, staff of another unit) is refused, and the refusal does
not reveal whether the dossier exists.
`dossiers_visible_to` is the same rule as a query: every staff list of dossiers starts from it.

The policy, as for every object kind: an object outside the user's scope is "not found" (404 on
pages and in the API); a user whose role lacks the right is refused (403). `staff_member` is the
one gate of the staff pages (dossiers, results, inter-linked steps, post): an account without a
unit or a role — a citizen, an administrator without a unit — is refused (403).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.services import record_personal_data_read
from motcua.domain.dossier_states import Action
from motcua.domain.step_needs import step_needs_component
from motcua.dossiers import locking
from motcua.dossiers.indexes import UNITS_DIFFER
from motcua.dossiers.models import Dossier, DossierComponent, HandOver
from motcua.units.models import Unit
from motcua.units.tree import units_served_by

R = Role
AGENCY_STEP = "agency_step"
ROLES_FOR_ACTION: dict[Action | str, frozenset[Role]] = {
    "receive": frozenset({R.RECEIVING_OFFICER}),
    Action.ACCEPT: frozenset({R.RECEIVING_OFFICER}),
    Action.REQUEST_INTAKE_SUPPLEMENT: frozenset({R.RECEIVING_OFFICER}),
    Action.RESUBMIT: frozenset({R.RECEIVING_OFFICER}),
    Action.REFUSE_AT_INTAKE: frozenset({R.RECEIVING_OFFICER}),
    Action.HAND_OVER: frozenset({R.RECEIVING_OFFICER, R.SPECIALIST, R.LEADER}),
    Action.REQUEST_SUPPLEMENT: frozenset({R.SPECIALIST}),
    Action.RECEIVE_SUPPLEMENT: frozenset({R.RECEIVING_OFFICER}),
    Action.CLOSE_WITHOUT_SUPPLEMENT: frozenset({R.SPECIALIST, R.LEADER}),
    Action.SUSPEND: frozenset({R.SPECIALIST}),
    Action.RESUME: frozenset({R.SPECIALIST}),
    Action.EXTEND: frozenset({R.LEADER}),
    Action.REQUEST_FINANCIAL_OBLIGATION: frozenset({R.SPECIALIST}),
    Action.FULFIL_FINANCIAL_OBLIGATION: frozenset({R.RECEIVING_OFFICER}),
    Action.APPRAISE: frozenset({R.SPECIALIST}),
    Action.SEND_BACK: frozenset({R.SPECIALIST, R.LEADER}),
    # the inter-linked agency's officer or leader holding the step (never the commune's staff)
    Action.RETURN_STEP: frozenset({R.RECEIVING_OFFICER, R.SPECIALIST, R.LEADER}),
    Action.APPROVE: frozenset({R.LEADER}),
    Action.REFUSE: frozenset({R.LEADER}),
    Action.RETURN_RESULT: frozenset({R.RECEIVING_OFFICER}),
    Action.WITHDRAW: frozenset({R.RECEIVING_OFFICER}),
    "collect_fee": frozenset({R.RECEIVING_OFFICER}),
    "edit_eform": frozenset({R.RECEIVING_OFFICER, R.SPECIALIST}),
    "view": frozenset({R.RECEIVING_OFFICER, R.SPECIALIST, R.LEADER, R.STATISTICS_OFFICER}),
    # an inter-linked step's own acts (bundles/views.py: complete the step, wait on another agency)
    AGENCY_STEP: frozenset({R.RECEIVING_OFFICER, R.SPECIALIST, R.LEADER}),
}
# What an inter-linked agency may do on a dossier it holds a step of; everything else is the
# competent unit's (deny by default).
AGENCY_ACTIONS = frozenset({"view", AGENCY_STEP, Action.RETURN_STEP})
# Acts only the officer now holding the dossier does (the open step is theirs).
HOLDER_ACTIONS = frozenset({Action.APPRAISE, Action.SEND_BACK})


NOT_STAFF = "Trang dành cho cán bộ đã được gán đơn vị và vai trò."


def staff_member(user: object) -> User:
    """The user if a staff member with a unit and a role; PermissionDenied (403) otherwise."""
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied(NOT_STAFF)
    if user.unit is None or not user.roles():
        raise PermissionDenied(NOT_STAFF)
    return user


class Forbidden(Exception):  # noqa: N818  (a refusal, answered 403)
    """The user may see the dossier but not do this act; the message says why, in Vietnamese."""


def can_see(user: User, dossier: Dossier, served: set[int] | None = None) -> bool:
    """`served`: units_served_by(user.unit), when the caller has it already."""
    if not user.is_authenticated or user.unit_id is None:
        return False
    if not set(user.roles()) & ROLES_FOR_ACTION["view"]:
        return False
    assert user.unit is not None
    served = units_served_by(user.unit) if served is None else served
    if dossier.receiving_unit_id in served or dossier.competent_unit_id in served:
        return True
    # another agency of an inter-linked dossier (police, social insurance) sees the dossier
    # only while it holds an open step of it (bundles/models.py); afterwards, only its own
    # step's record (step_record_for), not the dossier
    return dossier.hand_overs.filter(to_unit_id__in=served, finished_at__isnull=True).exists()


def dossiers_visible_to(user: User, served: set[int] | None = None) -> QuerySet[Dossier]:
    """`can_see` as a query, for lists: the dossiers of the units the user serves, and those
    whose open step the user's unit holds (an inter-linked agency). None for anyone `can_see`
    refuses. `served` = units_served_by(user.unit) when the caller has it already."""
    parts = visible_parts(user, served)
    if not parts:
        return Dossier.objects.none()
    either = Q()
    for part in parts:
        either |= part
    return Dossier.objects.filter(either)


FEW = 500  # ids written into a query rather than a condition re-read by each query


def visible_parts(user: User, served: set[int] | None = None) -> list[Q]:
    """`dossiers_visible_to` as disjoint conditions, each one an index can serve alone (a list
    reads each through its own index and merges them): received by a served unit; decided by
    a served unit but received elsewhere; another unit's dossier whose open step a served unit
    holds. Empty for anyone who may see no dossier."""
    if not user.is_authenticated or user.unit is None:
        return []
    if not set(user.roles()) & ROLES_FOR_ACTION["view"]:
        return []
    served = units_served_by(user.unit) if served is None else served
    own = Q(receiving_unit_id__in=served)
    # few for most units (read from the partial index dossier_decided_elsewhere, whose
    # condition UNITS_DIFFER states): then named by their ids
    decided = Q(competent_unit_id__in=served) & UNITS_DIFFER & ~own
    decided_ids = list(
        Dossier.objects.filter(decided).order_by().values_list("pk", flat=True)[: FEW + 1]
    )
    if len(decided_ids) <= FEW:
        decided = Q(pk__in=decided_ids)
    # another unit's dossiers whose open step the unit holds are few: their ids keep the
    # condition on indexed columns (the unit's own steps are in scope anyway)
    held = (
        HandOver.objects.filter(to_unit_id__in=served, finished_at__isnull=True)
        .exclude(dossier__receiving_unit_id__in=served)
        .exclude(dossier__competent_unit_id__in=served)
    )
    held_ids = list(held.order_by().values_list("dossier_id", flat=True).distinct())
    return [own, *[part for part in (decided, Q(pk__in=held_ids)) if part != Q(pk__in=[])]]


def serves(user: User, dossier: Dossier) -> bool:
    """Whether the user's unit is the dossier's receiving or competent unit (or took one over)."""
    if user.unit is None:
        return False
    served = units_served_by(user.unit)
    return dossier.receiving_unit_id in served or dossier.competent_unit_id in served


def get_dossier_for_staff(
    user: User, pk: int, action: Action | str = "view", *, log_read: bool = True
) -> Dossier:
    """The dossier if `user` may do `action` on it; 404 if they may not even see it. One read
    of the dossier, of the user's roles and of the units they serve."""
    if not user.is_authenticated or user.unit is None:
        raise Http404("Không tìm thấy hồ sơ")
    served = units_served_by(user.unit)
    dossier = (
        Dossier.objects.select_related(
            "procedure_version__procedure", "competent_unit", "receiving_unit"
        )
        .filter(pk=pk)
        .first()
    )
    dossier = _checked(user, dossier, action, served)
    if log_read and action == "view":
        record_personal_data_read(
            actor=user, object_type="dossier", object_id=dossier.pk, fields=["applicant"]
        )
    return dossier


@contextmanager
def acting_on(user: User, pk: int, action: Action | str) -> Iterator[Dossier]:
    """For an act: opens its transaction and gives the dossier row locked for the act, checked
    as `get_dossier_for_staff` checks, on the row as the act will find it. The act takes this
    instance instead of reading the row again (dossiers/locking.py). The units the user serves
    are read before the transaction: on SQLite it holds the one write lock from its start."""
    if not user.is_authenticated or user.unit is None:
        raise Http404("Không tìm thấy hồ sơ")
    served = units_served_by(user.unit)
    with transaction.atomic():
        try:
            dossier: Dossier | None = locking.lock(pk)
        except Dossier.DoesNotExist:
            dossier = None
        yield _checked(user, dossier, action, served)


def _checked(
    user: User, dossier: Dossier | None, action: Action | str, served: set[int]
) -> Dossier:
    """The dossier if `user` may do `action` on it: 404 if they may not even see it, 403 if
    they see it but may not do that."""
    if dossier is None or not can_see(user, dossier, served):
        raise Http404("Không tìm thấy hồ sơ")
    if (refused := refusal(user, dossier, action, served)) is not None:
        raise Forbidden(refused)
    return dossier


def own_dossier_for_staff(user: User, pk: int) -> Dossier:
    """The dossier for its own units' documents (receipts, issued documents, the control slip):
    an inter-linked agency's step does not need them, so for the agency they do not exist."""
    dossier = get_dossier_for_staff(user, pk, log_read=False)
    if not serves(user, dossier):
        raise Http404("Không tìm thấy hồ sơ")
    return dossier


def agency_step(user: User, dossier: Dossier) -> HandOver | None:
    """The open step an inter-linked agency's user holds on a dossier its unit does not serve
    (None for the dossier's own units, and for anyone without such a step)."""
    if user.unit is None or serves(user, dossier):
        return None
    served = units_served_by(user.unit)
    return (
        dossier.hand_overs.filter(to_unit_id__in=served, finished_at__isnull=True)
        .order_by("seq")
        .first()
    )


def step_performer(step: HandOver) -> str:
    if step.step_order is None:
        return ""
    found = step.dossier.procedure_version.steps.filter(order=step.step_order).first()
    return found.performer if found is not None else ""


def components_visible_to(user: User, dossier: Dossier) -> list[DossierComponent]:
    """The dossier's components the user may see and open: all of them for the dossier's own
    units; for an agency during its step only those its step needs (domain/step_needs.py)."""
    components = list(DossierComponent.objects.filter(dossier=dossier))
    if serves(user, dossier):
        return components
    step = agency_step(user, dossier)
    if step is None:
        return []
    performer = step_performer(step)
    return [c for c in components if step_needs_component(performer, c.name)]


def may_open_component(user: User, component: DossierComponent) -> bool:
    """Whether `user` may open the file behind a component (call after get_dossier_for_staff)."""
    return component in components_visible_to(user, component.dossier)


def handed_on_to(step: HandOver) -> list[HandOver]:
    """The earlier steps whose results were handed on to an agency's step: the competent
    unit's own (its birth certificate, its death extract), never another agency's."""
    dossier = step.dossier
    own = {dossier.competent_unit_id, dossier.receiving_unit_id}
    return list(
        dossier.hand_overs.filter(seq__lt=step.seq, finished_at__isnull=False)
        .filter(Q(to_unit_id__in=own) | Q(to_unit__isnull=True))
        .select_related("output")
        .order_by("seq")
    )


def refusal(
    user: User, dossier: Dossier, action: Action | str, served: set[int] | None = None
) -> str | None:
    """Why `user`, who can see `dossier`, may not do `action` on it (None: they may). The
    dossier page offers only the acts this allows (dossiers/acts.acts_for). `served`:
    units_served_by(user.unit), when the caller has it already."""
    own = (
        serves(user, dossier)
        if served is None
        else dossier.receiving_unit_id in served or dossier.competent_unit_id in served
    )
    if action not in AGENCY_ACTIONS and not own:
        return (
            "Cơ quan liên thông chỉ thực hiện phần việc của mình (hoàn thành bước, chờ cơ quan "
            "khác) tại trang Liên thông; các thao tác khác do cơ quan giải quyết hồ sơ thực hiện."
        )
    if action == Action.RETURN_STEP and agency_step(user, dossier) is None:
        return "Chỉ cơ quan liên thông đang thực hiện bước mới trả bước về cơ quan giải quyết."
    if not set(user.roles()) & ROLES_FOR_ACTION[action]:
        label = action.label if isinstance(action, Action) else action
        return f"Vai trò của bạn không được {label} hồ sơ này."
    if action in HOLDER_ACTIONS and dossier.assignee_id != user.pk:
        return (
            f"Hồ sơ không ở bước của bạn: chỉ người đang giữ hồ sơ mới được {Action(action).label}."
        )
    if action == Action.SEND_BACK and not _handed_by_a_colleague(user, dossier):
        return (
            "Hồ sơ không do cán bộ của đơn vị chuyển đến nên không có bước trước để trả lại; "
            "hãy xử lý và chuyển tiếp."
        )
    return None


def _handed_by_a_colleague(user: User, dossier: Dossier) -> bool:
    """Whether the open step was handed to `user` by another officer of the user's unit."""
    step = dossier.hand_overs.filter(finished_at__isnull=True).order_by("-seq").first()
    return (
        step is not None
        and step.to_user_id == user.pk
        and step.from_user_id != user.pk
        and step.from_user.unit_id == user.unit_id
    )


def step_record_for(user: User, pk: int) -> HandOver:
    """A step of an inter-linked dossier that was handed to the user's unit (or to one it took
    over), open or finished: its own record, read-only. 404 for any other step."""
    if not user.is_authenticated or user.unit is None:
        raise Http404("Không tìm thấy bước liên thông")
    if not set(user.roles()) & ROLES_FOR_ACTION["view"]:
        raise Http404("Không tìm thấy bước liên thông")
    step = (
        HandOver.objects.select_related(
            "dossier__procedure_version", "dossier__competent_unit", "from_user", "to_unit"
        )
        .filter(
            pk=pk,
            to_unit_id__in=units_served_by(user.unit),
            dossier__procedure_version__interlinked_group__isnull=False,
            dossier__procedure_version__interlinked_order__isnull=True,
        )
        .first()
    )
    if step is None:
        raise Http404("Không tìm thấy bước liên thông")
    return step


def may_receive(user: User, unit: Unit) -> bool:
    """Receiving officers receive for their own unit (a centre for any unit of the province)."""
    if not user.is_authenticated or user.unit is None:
        return False
    if Role.RECEIVING_OFFICER not in user.roles():
        return False
    if unit.pk in units_served_by(user.unit):
        return True
    centre = user.unit.kind == "public_service_centre"
    return centre and unit.province() is not None and unit.province() == user.unit.province()


def own_unit_dossiers(user: User) -> QuerySet[Dossier]:
    """The dossiers received or decided by the units the user serves (never another unit's, nor
    those only handed to the user's unit for an inter-linked step): where the desk may look up
    what an applicant gave before. None for anyone who may not receive."""
    if user.unit is None or not may_receive(user, user.unit):
        return Dossier.objects.none()
    served = units_served_by(user.unit)
    return Dossier.objects.filter(Q(receiving_unit_id__in=served) | Q(competent_unit_id__in=served))
