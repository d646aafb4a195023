"""Shared fixtures: personas (one per role), no shared rows between tests."""

from __future__ import annotations

import pytest

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff

PASSWORD = "mat-khau-thu-nghiem-2026"


@pytest.fixture
def make_staff(db: None):  # type: ignore[no-untyped-def]
    def make(role: Role, username: str | None = None, full_name: str = "Cán bộ Thử nghiệm") -> User:
        return create_or_update_staff(
            username=username or role.value, full_name=full_name, role=role, password=PASSWORD
        )

    return make


@pytest.fixture
def receiving_officer(make_staff) -> User:  # type: ignore[no-untyped-def]
    return make_staff(Role.RECEIVING_OFFICER, "tiepnhan", "Nguyễn Thị Lan")  # type: ignore[no-any-return]


@pytest.fixture
def administrator(make_staff) -> User:  # type: ignore[no-untyped-def]
    return make_staff(Role.ADMINISTRATOR, "quantri", "Võ Minh Đức")  # type: ignore[no-any-return]
