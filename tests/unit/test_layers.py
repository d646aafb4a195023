"""A migration imports no app code, its own app's included — what a data step needs is frozen
into it, so that a later change of the app cannot change what an old migration does. The same
rule is an import-linter contract (pyproject.toml); this test reads the files themselves."""

from __future__ import annotations

import ast
from pathlib import Path

import motcua

SRC = Path(motcua.__file__).resolve().parent
# Django's own: a field's validator is referenced by its import path.
ALLOWED = {
    ("units/migrations/0001_units.py", "motcua.units.models"),
}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_migrations_import_no_app_code() -> None:
    wrong = []
    for path in sorted(SRC.glob("*/migrations/*.py")):
        name = path.relative_to(SRC).as_posix()
        for module in sorted(_imports(path)):
            if module.split(".")[0] == "motcua" and (name, module) not in ALLOWED:
                wrong.append(f"{name} imports {module}")
    assert wrong == []
