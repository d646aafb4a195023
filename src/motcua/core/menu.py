"""The staff menu shown on every page to a signed-in official: the pages their roles use, with
the number of dossiers that need them (overdue in their scope, held by them, waiting for their
signature, results ready to hand over).

The links follow each role's rights (accounts/roles.py; the pages check again). The counts are
one COUNT query over the open dossiers of permissions.dossiers_visible_to, with the list's own
definitions (dossiers/countdown.py): each number is what the linked list shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.domain.dossier_states import Status
from motcua.domain.status_groups import OPEN, STATUS_GROUPS
from motcua.dossiers.countdown import overdue_q
from motcua.dossiers.desk import AWAITING_SIGNATURE, TO_RETURN
from motcua.dossiers.permissions import ROLES_FOR_ACTION, dossiers_visible_to
from motcua.reports.permissions import may_see_reports

R = Role
DESK_ROLES = frozenset({R.RECEIVING_OFFICER, R.SPECIALIST, R.LEADER, R.STATISTICS_OFFICER})
HOLDERS = frozenset({R.RECEIVING_OFFICER, R.SPECIALIST, R.LEADER})  # hold dossiers
REGISTER_ROLES = frozenset({R.STATISTICS_OFFICER, R.LEADER, R.ADMINISTRATOR})


@dataclass
class MenuItem:
    label: str
    url: str
    count: int | None = None  # shown when > 0
    urgent: bool = False  # the count is of late dossiers
    current: bool = False


def _counts(user: User, roles: set[Role]) -> dict[str, int]:
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


def menu_for(user: object, path: str) -> list[MenuItem]:
    """The menu of `user` (empty for citizens and the public) with the item of `path` marked."""
    if not isinstance(user, User) or not user.is_authenticated:
        return []
    roles = set(user.roles())
    if not roles and not user.is_staff:
        return []
    counts = _counts(user, roles)
    desk = reverse("dossiers:queue")
    items: list[MenuItem] = []
    if user.unit is not None and roles & DESK_ROLES:
        items.append(MenuItem("Hồ sơ", desk))
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
        items += [
            MenuItem("Cảnh báo", reverse("alerts:board")),
            MenuItem("Liên thông", reverse("bundles:inbox")),
            MenuItem("Bưu chính", reverse("postal:shipments")),
            MenuItem("Phản ánh, kiến nghị", reverse("feedback:index")),
        ]
    if may_see_reports(user):
        items.append(MenuItem("Báo cáo", reverse("reports:index")))
    if roles & REGISTER_ROLES:
        items.append(MenuItem("Kiểm soát TTHC", reverse("control:index")))
    items.append(MenuItem("Thủ tục", reverse("catalog:list")))
    if user.is_staff:
        items.append(MenuItem("Quản trị", reverse("admin:index")))
        if R.ADMINISTRATOR in roles:
            items.append(MenuItem("Đồng bộ DVCQG", reverse("portal:dashboard")))
    _mark_current(items, path)
    return items


def _mark_current(items: list[MenuItem], full_path: str) -> None:
    """The item whose link is this page exactly, else the longest link the path starts with."""
    exact = [item for item in items if item.url == full_path]
    if exact:
        exact[0].current = True
        return
    path = full_path.split("?", 1)[0]
    prefixes = [i for i in items if "?" not in i.url and path.startswith(i.url) and i.url != "/"]
    if prefixes:
        max(prefixes, key=lambda item: len(item.url)).current = True
