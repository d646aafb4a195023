"""Who may issue, certify and download electronic results — decided here, nowhere else.

Issuing a result is the leader's approval (the dossier permission for `approve`). Certifying a
copy is done by the officers who compare the scan with the original (the desk officer, the
specialist — công chức tư pháp – hộ tịch — or the leader), never by the statistics office.
Downloading the signed PDF: staff who may see the dossier, and (when wired) its citizen owner.
Outsiders get 404 whether or not the result exists.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.domain.dossier_states import Action
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import Forbidden, can_see, get_dossier_for_staff, serves
from motcua.results.models import IssuedResult

CERTIFY_ROLES = frozenset({Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.LEADER})


def dossier_for_issue(user: User, pk: int) -> Dossier:
    """The dossier if `user` may sign and issue its electronic result (the approving leader)."""
    return get_dossier_for_staff(user, pk, Action.APPROVE, log_read=False)


def may_issue(user: User, dossier: Dossier) -> bool:
    """A leader of the dossier's own unit: the certificate used is that unit's."""
    return serves(user, dossier) and can_see(user, dossier) and Role.LEADER in user.roles()


def may_certify(user: User, dossier: Dossier) -> bool:
    return (
        serves(user, dossier) and can_see(user, dossier) and bool(set(user.roles()) & CERTIFY_ROLES)
    )


def dossier_for_certification(user: User, pk: int) -> Dossier:
    dossier = get_dossier_for_staff(user, pk, log_read=False)
    if not may_certify(user, dossier):
        raise Forbidden("Vai trò của bạn không được chứng thực bản sao điện tử.")
    return dossier


def _citizen_owns(user: User | AnonymousUser, dossier: Dossier) -> bool:
    """The citizen who submitted the dossier online (citizens.Submission) owns its results."""
    from motcua.citizens.models import Submission

    if not user.is_authenticated:
        return False
    return Submission.objects.filter(dossier=dossier, citizen__user_id=user.pk).exists()


def result_for_download(user: User | AnonymousUser, result_id: int) -> IssuedResult:
    """The issued result if `user` may download its signed PDF; 404 otherwise."""
    result = (
        IssuedResult.objects.select_related("dossier", "issuer_unit").filter(pk=result_id).first()
    )
    if result is None:
        raise Http404("Không tìm thấy văn bản")
    if isinstance(user, User) and can_see(user, result.dossier):
        get_dossier_for_staff(user, result.dossier_id)  # logs the read of personal data
        return result
    if _citizen_owns(user, result.dossier):
        return result
    raise Http404("Không tìm thấy văn bản")
