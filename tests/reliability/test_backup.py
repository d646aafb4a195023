"""motcua backup / restore: the scratch restore is verified against the manifest; a backup
that does not reproduce it (a row missing, the chain cut) is refused before anything is replaced.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.ops.backup import BackupError, make_backup, restore
from motcua.units.models import Unit
from tests.dossiers.conftest import intake


@pytest.fixture
def some_dossiers(reference: None, receiving_officer: User) -> None:
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    for _ in range(3):
        accept_dossier(receive_dossier(intake(), actor=receiving_officer), actor=receiving_officer)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("some_dossiers")
def test_backup_then_verified_restore(tmp_path: Path) -> None:
    path, manifest = make_backup(tmp_path / "sao-luu.bak")
    assert path.stat().st_size > 0
    assert manifest["tables"]["dossiers_dossier"] == 3
    assert manifest["audit"]["first_broken"] is None
    assert manifest["audit"]["checked"] == AuditEvent.objects.count()
    assert manifest["ii06a"]["30406"]["c3"] == 3  # received in the last year: the three
    outcome = restore(path, replace=False)
    assert outcome["verified"]
    assert not outcome["replaced"]
    assert outcome["found"]["tables"] == manifest["tables"]
    assert not _scratch_exists(outcome["scratch"])  # a verified copy is not left behind

    # A manifest that the artefact does not reproduce: refused, nothing replaced.
    altered = dict(manifest, tables={**manifest["tables"], "dossiers_dossier": 4})
    Path(f"{path}.manifest.json").write_text(json.dumps(altered))
    with pytest.raises(BackupError, match="dossiers_dossier"):
        restore(path, replace=True)
    assert AuditEvent.objects.count() == manifest["audit"]["checked"]
    assert not _scratch_exists(outcome["scratch"])  # nor a refused one


def _scratch_exists(scratch: str) -> bool:
    if connection.vendor == "sqlite":
        return Path(scratch).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [scratch])
        return cursor.fetchone() is not None


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("some_dossiers")
def test_a_damaged_sqlite_backup_is_refused(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("edits the SQLite file directly")
    path, _ = make_backup(tmp_path / "sao-luu.sqlite3")
    damaged = sqlite3.connect(path)
    damaged.execute("DELETE FROM audit_auditevent WHERE seq = 2")
    damaged.commit()
    damaged.close()
    with pytest.raises(BackupError, match=r"audit_auditevent|nhật ký"):
        restore(path, replace=False)


def test_a_backup_of_another_engine_is_refused(tmp_path: Path, db: None) -> None:
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    path = tmp_path / "khac.bak"
    path.write_bytes(b"x")
    Path(f"{path}.manifest.json").write_text(json.dumps({"vendor": other}))
    with pytest.raises(BackupError, match="không phục hồi được"):
        restore(path, replace=False)
