"""Who may see and replay which portal messages — the one place where that is decided.

The operator page /dong-bo/ is for administrators. A unit's administrator sees the messages and
portal dossiers of the dossiers of their unit, of the units it took over and of every unit under
those (competent or receiving unit); an account without a unit (the national/system operator,
a `createsuperuser` account) sees all. Every administrator is a Django superuser (for the admin),
so the unit, not the superuser flag, decides. A message outside the scope is "not found" (an
error naming no unit), never replayed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.portal.models import OutboxMessage, PortalDossier
from motcua.units.tree import units_in_scope

NOT_ADMINISTRATOR = "Trang dành cho quản trị hệ thống."


def operator(user: object) -> User:
    """The user if they may use /dong-bo/ at all (an administrator or a superuser)."""
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied(NOT_ADMINISTRATOR)
    if not user.is_superuser and Role.ADMINISTRATOR not in user.roles():
        raise PermissionDenied(NOT_ADMINISTRATOR)
    return user


def portal_units_for(user: User) -> set[int] | None:
    """The ids of the units whose portal traffic `user` may see; None: every unit."""
    if user.unit is None:
        return None
    return units_in_scope(user.unit)


def _in_scope(user: User, prefix: str) -> Q:
    units = portal_units_for(user)
    if units is None:
        return Q()
    return Q(**{f"{prefix}competent_unit_id__in": units}) | Q(
        **{f"{prefix}receiving_unit_id__in": units}
    )


def messages_visible_to(user: User) -> QuerySet[OutboxMessage]:
    """The messages of the dossiers in the user's units (the views check `operator` first)."""
    return OutboxMessage.objects.filter(_in_scope(user, "dossier__"))


def portal_dossiers_visible_to(user: User) -> QuerySet[PortalDossier]:
    return PortalDossier.objects.filter(_in_scope(user, "dossier__"))
