"""Import rules import-linter cannot express (pyproject.toml [tool.importlinter] holds the rest):
a migration imports no code of its own app either — what a data step needs is frozen into it,
so that a later change of the app cannot change what an old migration does."""

from __future__ import annotations

import ast
from pathlib import Path

import motcua

SRC = Path(motcua.__file__).resolve().parent
# Django's own: a field's validator is referenced by its import path.
ALLOWED = {
    ("units/migrations/0001_units.py", "motcua.units.models"),
    # Not yet frozen: the data steps below still call live code (an upgrade check reads them).
    ("audit/migrations/0003_keyed_chain.py", "motcua.audit.chain"),
    ("calendars/migrations/0002_notices_and_uncertain_days.py", "motcua.calendars.official"),
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
