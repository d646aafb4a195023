"""Who may see and act on a PAKN — the one place where that is decided.

Staff of the unit that received the PAKN, or of the unit it was routed to (or of a unit that took
over one of them), see it; each act needs a role; the officer it was routed to may answer it.
Everyone else gets 404 (the refusal does not reveal whether it exists); a wrong role gets 403.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.services import record_personal_data_read
from motcua.dossiers.permissions import Forbidden
from motcua.feedback.models import Petition
from motcua.units.tree import units_served_by

R = Role
STAFF = frozenset({R.RECEIVING_OFFICER, R.SPECIALIST, R.LEADER, R.STATISTICS_OFFICER})
ROLES_FOR_ACT: dict[str, frozenset[Role]] = {
    "view": STAFF,
    "record": frozenset({R.RECEIVING_OFFICER, R.SPECIALIST, R.LEADER}),
    "route": frozenset({R.RECEIVING_OFFICER, R.LEADER}),
    "answer": frozenset({R.LEADER}),  # and the officer the PAKN was routed to
    "publish": frozenset({R.LEADER}),
}
ACT_LABELS = {
    "view": "xem",
    "record": "ghi nhận",
    "route": "chuyển xử lý",
    "answer": "trả lời",
    "publish": "công khai",
}


def served_unit_ids(user: User) -> set[int]:
    if not user.is_authenticated or user.unit is None or not set(user.roles()) & STAFF:
        return set()
    return units_served_by(user.unit)


def petitions_for(user: User) -> QuerySet[Petition]:
    served = served_unit_ids(user)
    return Petition.objects.filter(Q(unit_id__in=served) | Q(handling_unit_id__in=served))


def may(user: User, act: str, petition: Petition | None = None) -> bool:
    roles = set(user.roles())
    if roles & ROLES_FOR_ACT[act]:
        return True
    return act == "answer" and petition is not None and petition.handler_id == user.pk


def get_petition_for_staff(
    user: User, pk: int, act: str = "view", *, log_read: bool = True
) -> Petition:
    """The PAKN if `user` may do `act` on it; 404 if they may not even see it; 403 for the role."""
    petition = (
        petitions_for(user)
        .select_related("unit", "handling_unit", "handler", "procedure", "dossier")
        .filter(pk=pk)
        .first()
    )
    if petition is None:
        raise Http404("Không tìm thấy phản ánh, kiến nghị.")
    if not may(user, act, petition):
        raise Forbidden(f"Vai trò của bạn không được {ACT_LABELS[act]} phản ánh, kiến nghị này.")
    if log_read and act == "view":
        record_personal_data_read(
            actor=user, object_type="petition", object_id=petition.pk, fields=["submitter"]
        )
    return petition
