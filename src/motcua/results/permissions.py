"""Who may issue, certify and download electronic results — decided here, nowhere else.

Issuing a result is the leader's approval (the dossier permission for `approve`). Signing a
certified copy is the act of the person with authority to sign — the chairman or a
vice-chairman of the commune (NĐ 23/2015/NĐ-CP Art. 5, NĐ 45/2020 Art. 10): a leader of the
dossier's own unit, whose certificate signs. The desk officer who received the original
compares it with the scan (recorded as `CertificationEntry.compared_by`) but never signs; nor
does the specialist, the statistics office or a leader of another unit.
Downloading the signed PDF: staff who may see the dossier, and the citizen who owns it
(dossiers.owners.owns_dossier, the citizens app's rule: submitted it online or represents the
organisation that did)
once the dossier's fees are paid.
Outsiders get 404 whether or not the result exists.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.domain.dossier_states import Action
from motcua.dossiers.models import Dossier
from motcua.dossiers.owners import owns_dossier
from motcua.dossiers.permissions import Forbidden, can_see, get_dossier_for_staff, serves
from motcua.payments.services import dossier_balance
from motcua.results.models import IssuedResult

CERTIFY_ROLES = frozenset({Role.LEADER})


def dossier_for_issue(user: User, pk: int) -> Dossier:
    """The dossier if `user` may sign and issue its electronic result (the approving leader)."""
    return get_dossier_for_staff(user, pk, Action.APPROVE, log_read=False)


def may_issue(user: User, dossier: Dossier) -> bool:
    """A leader of the dossier's own unit: the certificate used is that unit's."""
    return serves(user, dossier) and can_see(user, dossier) and Role.LEADER in user.roles()


def may_certify(user: User, dossier: Dossier) -> bool:
    """A leader of the dossier's own unit signs the copy with that unit's certificate."""
    return (
        serves(user, dossier) and can_see(user, dossier) and bool(set(user.roles()) & CERTIFY_ROLES)
    )


def dossier_for_certification(user: User, pk: int) -> Dossier:
    dossier = get_dossier_for_staff(user, pk, log_read=False)
    if not may_certify(user, dossier):
        raise Forbidden(
            "Vai trò của bạn không được ký chứng thực bản sao điện tử: bản sao do lãnh đạo "
            "UBND (người có thẩm quyền ký chứng thực) của đơn vị giải quyết hồ sơ ký số."
        )
    return dossier


WITHHELD = "Kết quả được tải về sau khi phí, lệ phí của hồ sơ đã được thanh toán."


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
    if owns_dossier(user, result.dossier_id):
        if dossier_balance(result.dossier) > 0:  # nothing paid for is released before it is paid
            raise PermissionDenied(WITHHELD)
        return result
    raise Http404("Không tìm thấy văn bản")
