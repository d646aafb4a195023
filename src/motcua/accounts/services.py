"""The only write path for accounts and roles."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.units.models import Unit


def ensure_role_groups() -> None:
    """Create one group per role (idempotent; also run after every migrate)."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@transaction.atomic
def create_or_update_staff(
    *,
    username: str,
    full_name: str,
    role: Role,
    password: str | None = None,
    unit: Unit | None = None,
    position: str = "",
) -> User:
    """Create a staff account with exactly one role, or bring an existing one in line.
    ``position`` is the chức vụ printed in signature blocks ("Chủ tịch", "Phó Chủ tịch")."""
    ensure_role_groups()
    user, _ = User.objects.get_or_create(username=username)
    user.full_name = full_name
    user.unit = unit
    user.position = position
    user.is_active = True
    user.is_staff = role is Role.ADMINISTRATOR  # only administrators reach the Django admin
    user.is_superuser = role is Role.ADMINISTRATOR
    if password is not None:
        user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(name=role.value)])
    return user
