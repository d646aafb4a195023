"""The desk's section of the staff menu (core/menu.py): the dossier lists an official's roles use,
with the number of dossiers that need them. The counts are one COUNT query over the open
dossiers of permissions.dossiers_visible_to, with the list's own definitions
(dossiers/countdown.py): each number is what the linked list shows."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.core.menu import MenuItem
from motcua.domain.dossier_states import Status
from motcua.domain.status_groups import OPEN, STATUS_GROUPS
from motcua.dossiers.countdown import overdue_q
from motcua.dossiers.desk import AWAITING_SIGNATURE, TO_RETURN
from motcua.dossiers.permissions import ROLES_FOR_ACTION, dossiers_visible_to

R = Role
DESK_ROLES = frozenset({R.RECEIVING_OFFICER, R.SPECIALIST, R.LEADER, R.STATISTICS_OFFICER})
HOLDERS = frozenset({R.RECEIVING_OFFICER, R.SPECIALIST, R.LEADER})  # hold dossiers


def _counts(user: User, roles: frozenset[Role]) -> dict[str, int]:
    if user.unit is None or not roles & ROLES_FOR_ACTION["view"]:
        return {}
    mine = Q(assignee_id=user.pk)
    open_statuses = [s.value for s in STATUS_GROUPS[OPEN].statuses]
    ready = STATUS_GROUPS[TO_RETURN["trang-thai"]].statuses
    # every count is of open dossiers: the open statuses written literally let the partial
    # indexes of open dossiers serve it, not the unit's whole history
    working = dossiers_visible_to(user).filter(status__literal_in=sorted(open_statuses))
    return working.aggregate(
        overdue=Count("pk", filter=overdue_q(timezone.localdate())),
        mine=Count("pk", filter=mine & Q(status__in=open_statuses)),
        signing=Count("pk", filter=mine & Q(status=Status.IN_PROGRESS.value)),
        to_return=Count("pk", filter=Q(status__in=[s.value for s in ready])),
    )


def desk_section(user: User, roles: frozenset[Role]) -> list[MenuItem]:
    if user.unit is None or not roles & DESK_ROLES:
        return []
    counts = _counts(user, roles)
    desk = reverse("dossiers:queue")
    items = [MenuItem("Hồ sơ", desk)]
    if roles & HOLDERS:
        items.append(MenuItem("Việc của tôi", f"{desk}?cua-toi=1", counts.get("mine")))
    if R.LEADER in roles:
        signing = f"{desk}?{urlencode(AWAITING_SIGNATURE)}"
        items.append(MenuItem("Chờ ký", signing, counts.get("signing")))
    items.append(MenuItem("Quá hạn", f"{desk}?han=qua-han", counts.get("overdue"), urgent=True))
    if R.RECEIVING_OFFICER in roles:
        items.append(MenuItem("Tiếp nhận", reverse("dossiers:intake")))
        returning = f"{desk}?{urlencode(TO_RETURN)}"
        items.append(MenuItem("Trả kết quả", returning, counts.get("to_return")))
    return [
        *items,
        MenuItem("Cảnh báo", reverse("alerts:board")),
        MenuItem("Liên thông", reverse("bundles:inbox")),
        MenuItem("Bưu chính", reverse("postal:shipments")),
        MenuItem("Phản ánh, kiến nghị", reverse("feedback:index")),
    ]
