"""The private parts of Django that audit/seal.py relies on, pinned: Django has no public hook
that runs inside a transaction just before its commit (`on_commit` runs after it), so the seal
overrides the database wrapper's private `_commit`, `_savepoint_commit`, `_savepoint_rollback`,
`_rollback` and `_close`, and reads `Atomic._from_testcase`. When an upgrade of Django changes
any of these, a test here fails and names it; docs/architecture.md ("Upgrading Django") says
what to check before changing the pins."""

from __future__ import annotations

import inspect

import django
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.transaction import Atomic
from django.test import TestCase

from motcua.audit.seal import SealingConnection

# The Django line the overrides were checked against (pyproject.toml pins the same range).
CHECKED = (5, 2)
# Each private method the seal overrides, its signature, and the public method that calls it.
OVERRIDDEN = {
    "_commit": ("(self)", "commit"),
    "_rollback": ("(self)", "rollback"),
    "_close": ("(self)", "close"),
    "_savepoint_commit": ("(self, sid)", "savepoint_commit"),
    "_savepoint_rollback": ("(self, sid)", "savepoint_rollback"),
}


def test_django_is_the_checked_line() -> None:
    assert django.VERSION[:2] == CHECKED, (
        f"Django {django.get_version()}: run the upgrade check of docs/architecture.md "
        "(Upgrading Django) for audit/seal.py, then move CHECKED"
    )


def test_the_private_methods_the_seal_overrides_keep_their_shape() -> None:
    for name, (signature, public) in OVERRIDDEN.items():
        method = getattr(BaseDatabaseWrapper, name, None)
        assert method is not None, f"BaseDatabaseWrapper.{name} is gone: audit/seal.py"
        assert str(inspect.signature(method)) == signature, f"{name} changed its signature"
        caller = inspect.getsource(getattr(BaseDatabaseWrapper, public))
        assert f"self.{name}(" in caller, f"BaseDatabaseWrapper.{public} no longer calls {name}"
        assert name in vars(SealingConnection)


def test_atomic_blocks_of_a_test_case_are_marked() -> None:
    """The seal tells a test case's own blocks from real ones by `_from_testcase`."""
    enter_atomics = getattr(TestCase, "_enter_atomics", None)
    assert enter_atomics is not None, "TestCase._enter_atomics is gone: audit/seal.py"
    assert "atomic._from_testcase = True" in inspect.getsource(enter_atomics)
    assert "_from_testcase" in inspect.getsource(Atomic.__enter__)
    assert getattr(Atomic(None, savepoint=True, durable=False), "_from_testcase", None) is False


def test_the_engines_connection_seals(db: None) -> None:
    """Both engines' wrappers (audit/backends) carry the seal, and a block opened inside a
    transaction is on `atomic_blocks` — the list the seal reads."""
    connection = connections["default"]
    assert isinstance(connection, SealingConnection)
    with transaction.atomic():
        assert connection.atomic_blocks
        assert all(hasattr(block, "_from_testcase") for block in connection.atomic_blocks)
