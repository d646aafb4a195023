"""Shared fixtures: personas (one per role), no shared rows between tests."""

from __future__ import annotations

import io
from collections.abc import Generator, Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from pluggy import Result

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.core import ratelimit
from motcua.dossiers import permissions

PASSWORD = "mat-khau-thu-nghiem-2026"


_DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing() -> Iterator[None]:
    """Argon2 at its smallest cost for the whole run (tests/hashers.py); production keeps
    Django's Argon2 parameters. The only hasher listed, so that checking a password goes through
    it too (hashers are found by their algorithm's name, "argon2" for both). Servers the tests
    start as subprocesses keep the production setting."""
    quick = override_settings(PASSWORD_HASHERS=["tests.hashers.QuickArgon2PasswordHasher"])
    quick.enable()
    yield
    quick.disable()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Result[None], None]:
    """After every test that used the database, the report summary must equal what the rows
    give (reports/rebuild.differences): a write path that forgets to touch the dossiers it
    changes fails here, in its own test. A test that damages the summary on purpose says so
    with @pytest.mark.summary_drift."""
    outcome = yield
    uses_db = bool(_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))) or bool(
        item.get_closest_marker("django_db")
    )
    if outcome.excinfo is not None or not uses_db or item.get_closest_marker("summary_drift"):
        return
    from motcua.reports.rebuild import differences
    from motcua.reports.touched import flush

    if connection.in_atomic_block:  # the test's own transaction: what a commit would resync
        flush()
    drift = differences()
    if drift:
        outcome.force_exception(
            AssertionError("the report summary drifted from the rows:\n" + "\n".join(drift[:10]))
        )


@pytest.fixture(scope="module")
def demo_module(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo (`motcua demo`: units, catalogue, the seed's 1 652 dossiers) made once per test
    module inside a transaction that is rolled back at the module's end; each test runs in a
    savepoint of it and is rolled back to the demo (as Django's TestCase.setUpTestData). Only
    for modules without transactional tests. The block is marked as a test case's own, so the
    audit seal and the summary's resync run at the end of the demo's blocks as in any test."""
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block._from_testcase = True  # type: ignore[attr-defined]
        block.__enter__()
        try:
            call_command("demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


@pytest.fixture
def demo(demo_module: None, db: None) -> None:
    """The demo's records, shared by the module's tests (see demo_module)."""


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """On SQLite the rate-limit counters are in a side file, outside the test's transaction:
    every test starts with none (on PostgreSQL they are rows, rolled back with the test)."""
    if connection.vendor != "postgresql":
        ratelimit.reset_all()
    yield
    ratelimit.close_side_connection()


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
def accept_refused(monkeypatch: pytest.MonkeyPatch) -> str:
    """The act's own check (permissions.refusal, read by acting_on) refuses every accept, with
    the message returned: for the paths that must go through it."""
    refused = "Vai trò của bạn không được tiếp nhận hồ sơ này."
    monkeypatch.setattr(
        permissions,
        "refusal",
        lambda user, dossier, action, served=None: refused if action == "accept" else None,
    )
    return refused


@pytest.fixture
def administrator(make_staff) -> User:  # type: ignore[no-untyped-def]
    return make_staff(Role.ADMINISTRATOR, "quantri", "Võ Minh Đức")  # type: ignore[no-any-return]
