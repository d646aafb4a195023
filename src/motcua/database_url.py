"""DATABASE_URL → Django's DATABASES["default"]; the embedded SQLite default.

Imports nothing from Django (config.py, which reads the environment, uses it before Django).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit


def parse_database_url(url: str) -> dict[str, Any]:
    """Turn DATABASE_URL into Django's DATABASES["default"].

    `sqlite:///relative/or/absolute.sqlite3` (`sqlite:////abs/path`) or
    `postgres://user:password@host:port/name?sslmode=require`. Raises ValueError on anything else.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    query = dict(parse_qsl(parts.query))
    if scheme == "sqlite":
        raw_path = unquote(parts.path)
        if raw_path in ("", "/"):
            raise ValueError("an SQLite URL needs a file path, e.g. sqlite:///var/motcua.sqlite3")
        path = Path(raw_path[1:])  # sqlite:///rel/file → rel/file; sqlite:////abs → /abs
        if not path.is_absolute():
            path = (Path.cwd() / path).resolve()
        if query:
            raise ValueError(f"unknown SQLite URL options: {', '.join(sorted(query))}")
        return sqlite_database(path)
    if scheme in ("postgres", "postgresql", "pgsql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ValueError(
                "a PostgreSQL URL needs a database name, e.g. postgres://u@host/motcua"
            )
        options: dict[str, Any] = {}
        for key, value in query.items():
            if key == "synchronous_commit" or "synchronous_commit" in value.lower():
                raise ValueError(
                    "synchronous_commit may not be set: motcua keeps every acknowledged "
                    "dossier, so commits are always synchronous"
                )
            options[key] = value
        # Durability is not negotiable: an acknowledged dossier must survive a crash.
        options["options"] = (options.get("options", "") + " -c synchronous_commit=on").strip()
        return {
            "ENGINE": "motcua.audit.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ValueError("expected a URL starting with sqlite:/// or postgres://")


def sqlite_database(path: Path) -> dict[str, Any]:
    """The embedded default: WAL, IMMEDIATE transactions, a busy timeout, synchronous=FULL."""
    return {
        "ENGINE": "motcua.audit.backends.sqlite3",
        "NAME": str(path),
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,  # seconds a writer waits for the lock (busy timeout)
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
            ),
        },
    }
