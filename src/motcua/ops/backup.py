"""Backups that are checked before anything is replaced.

`make_backup` writes the artefact (SQLite: the online backup API, a consistent copy while the
system runs; PostgreSQL: pg_dump -Fc from an exported snapshot) and, beside it, a manifest
(FILE.manifest.json): the row count of every table, the audit chain's verdict and head, and
II.06a for every unit over the last year — all taken from the same snapshot as the artefact.

`restore` first restores into a SCRATCH database (a file beside the data, or a new PostgreSQL
database), computes the same fingerprint there in a separate process, and compares it with the
manifest. Only when they are equal, and only with `replace=True`, does it replace the live
database (SQLite: the backup API copies the scratch file over the live one; PostgreSQL: the
live database is renamed to …_before_restore_<time> and the scratch one takes its name).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from motcua.audit.chain import verify
from motcua.audit.models import AuditHead
from motcua.dossiers.models import Dossier
from motcua.reports.ii06a import ii06a
from motcua.units.models import Unit

logger = logging.getLogger(__name__)


class BackupError(RuntimeError):
    """A backup or restore that must not go on (message in Vietnamese)."""


def fingerprint(period: tuple[dt.date, dt.date] | None = None) -> dict[str, Any]:
    """What a restored copy must reproduce exactly (see the module docstring)."""
    if period is None:
        end = timezone.localdate()
        period = (end.replace(year=end.year - 1) + dt.timedelta(days=1), end)
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608
            counts[table] = int(cursor.fetchone()[0])
    verdict = verify()
    heads = {h.partition: [h.last_seq, h.last_hash] for h in AuditHead.objects.all()}
    reports = {}
    unit_ids = Dossier.objects.values_list("competent_unit_id", flat=True).distinct()
    for unit in Unit.objects.filter(pk__in=unit_ids).order_by("code"):
        reports[unit.code] = ii06a(unit, *period).as_json()["total"]
    return {
        "vendor": connection.vendor,
        "period": [period[0].isoformat(), period[1].isoformat()],
        "tables": counts,
        "audit": {
            "checked": verdict.checked,
            "first_broken": verdict.first_broken,
            "head": heads.get(0),
            "heads": {str(part): end for part, end in sorted(heads.items())},
        },
        "ii06a": reports,
    }


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def default_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
    return Path(settings.DATA_DIR) / "backups" / f"motcua-{stamp}.{suffix}"


def make_backup(out: Path | None = None) -> tuple[Path, dict[str, Any]]:
    out = out or default_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = connection.connection
        target = sqlite3.connect(out)
        source.backup(target)  # pages=-1: one step, under one read lock, a consistent copy
        target.close()
        manifest = fingerprint_of(out)
    else:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            dump = [
                shutil.which("pg_dump") or "pg_dump",
                "-Fc",
                f"--snapshot={snapshot}",
                "-f",
                str(out),
                str(db["NAME"]),
            ]
            env = _pg_env(db)
            done = subprocess.run(dump, env=env, capture_output=True, text=True, check=False)  # noqa: S603
            if done.returncode != 0:
                raise BackupError(f"pg_dump thất bại: {done.stderr.strip()}")
            manifest = fingerprint()
    Path(f"{out}.manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return out, manifest


def fingerprint_of(path_or_db: Path | str, period: list[str] | None = None) -> dict[str, Any]:
    """The fingerprint of another database (an SQLite file or a PostgreSQL database name),
    computed by a separate `motcua backup --fingerprint` process pointed at it."""
    env = dict(os.environ)
    if isinstance(path_or_db, Path):
        scratch_dir = path_or_db.parent / f"{path_or_db.name}.dir"
        scratch_dir.mkdir(exist_ok=True)
        link = scratch_dir / "motcua.sqlite3"
        if not link.exists():
            link.symlink_to(path_or_db.resolve())
        env.pop("DATABASE_URL", None)
        env["MOTCUA_DATA_DIR"] = str(scratch_dir)
        env["SECRET_KEY"] = settings.SECRET_KEY
        env["MOTCUA_AUDIT_KEY"] = settings.MOTCUA_AUDIT_KEY  # the chain is checked with it
    else:
        db = settings.DATABASES["default"]
        user = f"{db['USER']}@" if db.get("USER") else ""
        port = f":{db['PORT']}" if db.get("PORT") else ""
        env["DATABASE_URL"] = f"postgres://{user}{db.get('HOST') or ''}{port}/{path_or_db}"
    command = [sys.executable, "-m", "motcua.cli", "backup", "--fingerprint"]
    if period:
        command += ["--period", *period]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    finally:
        if isinstance(path_or_db, Path):
            shutil.rmtree(scratch_dir, ignore_errors=True)
    if done.returncode != 0:
        raise BackupError(f"Không kiểm tra được bản phục hồi: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _differences(expected: dict[str, Any], found: dict[str, Any]) -> list[str]:
    problems = []
    for table, count in expected["tables"].items():
        if found["tables"].get(table) != count:
            problems.append(f"bảng {table}: {found['tables'].get(table)} dòng, cần {count}")
    if found["audit"]["first_broken"] is not None:
        problems.append(f"chuỗi nhật ký bị phá vỡ tại sự kiện {found['audit']['first_broken']}")
    which = "heads" if "heads" in expected["audit"] else "head"  # before partitions: "head"
    if found["audit"].get(which) != expected["audit"][which]:
        problems.append("đầu chuỗi nhật ký khác với lúc sao lưu")
    for unit, totals in expected["ii06a"].items():
        if found["ii06a"].get(unit) != totals:
            problems.append(f"báo cáo II.06a của đơn vị {unit} khác với lúc sao lưu")
    return problems


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} thất bại: {done.stderr.strip()[-500:]}")


def restore(file: Path, *, replace: bool) -> dict[str, Any]:
    """Restore into a scratch database, verify against the manifest, then maybe replace."""
    manifest = Path(f"{file}.manifest.json")
    if not file.exists() or not manifest.exists():
        raise BackupError(f"Không tìm thấy bản sao lưu {file} và tệp {manifest.name} đi kèm.")
    expected = json.loads(manifest.read_text())
    if expected["vendor"] != connection.vendor:
        raise BackupError(
            f"Bản sao lưu của {expected['vendor']} không phục hồi được vào {connection.vendor}."
        )
    db = settings.DATABASES["default"]
    scratch: Path | str
    if connection.vendor == "sqlite":
        scratch = Path(settings.DATA_DIR) / "restore-scratch" / f"{file.stem}.sqlite3"
        scratch.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, scratch)
        check = sqlite3.connect(scratch)
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
        check.close()
        if verdict != "ok":
            raise BackupError(f"Tệp sao lưu hỏng (integrity_check: {verdict}).")
    else:
        scratch = f"{db['NAME']}_restore_scratch"
        env = _pg_env(db)
        _run([shutil.which("dropdb") or "dropdb", "--if-exists", scratch], env)
        _run([shutil.which("createdb") or "createdb", scratch], env)
        _run(
            [shutil.which("pg_restore") or "pg_restore", "--no-owner", "-d", scratch, str(file)],
            env,
        )
    replaced = False
    try:
        found = fingerprint_of(scratch, expected["period"])
        problems = _differences(expected, found)
        if problems:
            raise BackupError("Bản phục hồi không khớp với bản sao lưu: " + "; ".join(problems))
        outcome = {"scratch": str(scratch), "verified": True, "replaced": False, "found": found}
        if replace:
            _replace(scratch, db)
            replaced = outcome["replaced"] = True
        return outcome
    finally:
        if not replaced:  # verified only, or refused: the scratch copy is not kept
            try:
                _drop_scratch(scratch, db)
            except BackupError:  # never hide the verdict behind a clean-up failure
                logger.exception("could not remove the restore scratch %s", scratch)


def _drop_scratch(scratch: Path | str, db: dict[str, Any]) -> None:
    """Remove the scratch copy (a whole copy of the database: it must not pile up)."""
    if isinstance(scratch, Path):
        scratch.unlink(missing_ok=True)
        return
    dropdb = shutil.which("dropdb") or "dropdb"
    _run([dropdb, "--if-exists", "--force", scratch], _pg_env(db))


def _replace(scratch: Path | str, db: dict[str, Any]) -> None:
    connection.close()
    if isinstance(scratch, Path):
        source, target = sqlite3.connect(scratch), sqlite3.connect(db["NAME"])
        source.backup(target)
        source.close()
        target.close()
        scratch.unlink()
        return
    import psycopg

    env = _pg_env(db)
    conninfo = " ".join(
        f"{k}={env[v]}"
        for k, v in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"))
        if v in env
    )
    with psycopg.connect(f"{conninfo} dbname=postgres", autocommit=True) as admin:
        others = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (db["NAME"],)
        ).fetchone()
        if others and others[0]:
            raise BackupError(
                f"Còn {others[0]} kết nối tới cơ sở dữ liệu {db['NAME']}: dừng hệ thống trước."
            )
        stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
        old = f"{db['NAME']}_before_restore_{stamp}"
        admin.execute(f'ALTER DATABASE "{db["NAME"]}" RENAME TO "{old}"')
        admin.execute(f'ALTER DATABASE "{scratch}" RENAME TO "{db["NAME"]}"')
