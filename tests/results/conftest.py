"""Fixtures of the results tests: a TEST CA made once per session, units' certificates, dossiers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.catalog.services import load_catalog
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import hand_over
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.results.testca import make_test_ca
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog
from tests.dossiers.conftest import intake, vn

UNIT = "30406"  # thị trấn Phú Mỹ (before 01/7/2025)


@pytest.fixture(scope="session")
def signing_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ky-so")
    make_test_ca(UNIT, "Thị trấn Phú Mỹ", out)
    make_test_ca("30406-2025", "Xã Phú Tân", out)
    return out


@pytest.fixture(autouse=True)
def signing(settings, signing_dir: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.SIGNING_DIR = signing_dir
    settings.SIGNING_TRUST_ROOTS = signing_dir / "trust-roots.pem"
    settings.SIGNING_PASSWORD = ""
    cache.clear()
    return signing_dir


@pytest.fixture
def reference(db: None) -> None:
    load_reference_units()
    load_catalog(catalog())


@pytest.fixture
def in_march_2024() -> Iterator[None]:
    with time_machine.travel(vn(2024, 3, 4, 8, 0), tick=True):
        yield


def staff(make_staff, role: Role, username: str, name: str, unit: str | None = UNIT) -> User:  # type: ignore[no-untyped-def]
    user: User = make_staff(role, username, name)
    user.unit = Unit.objects.get(code=unit) if unit else None
    user.save()
    return user


@pytest.fixture
def officer(make_staff, reference: None) -> User:  # type: ignore[no-untyped-def]
    return staff(make_staff, Role.RECEIVING_OFFICER, "tiepnhan", "Nguyễn Thị Lan")


@pytest.fixture
def leader(make_staff, reference: None) -> User:  # type: ignore[no-untyped-def]
    return staff(make_staff, Role.LEADER, "lanhdao", "Lê Văn Cường")


@pytest.fixture
def for_approval(officer: User, leader: User, in_march_2024: None) -> Dossier:
    """A marriage registration accepted and handed to the leader for approval."""
    dossier = receive_dossier(intake(), actor=officer, at=vn(2024, 3, 4, 8, 0))
    dossier = accept_dossier(dossier, actor=officer, at=vn(2024, 3, 4, 8, 0))
    hand_over(dossier, actor=officer, to_user=leader, step_order=3, at=vn(2024, 3, 4, 8, 30))
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def copy_request(officer: User, in_march_2024: None) -> Dossier:
    """A request to certify a copy from the original (2.000815), accepted at the desk."""
    dossier = receive_dossier(intake("2.000815"), actor=officer, at=vn(2024, 3, 4, 8, 0))
    return accept_dossier(dossier, actor=officer, at=vn(2024, 3, 4, 8, 0))
