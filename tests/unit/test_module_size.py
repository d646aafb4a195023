"""Small modules: no Python module of src, tests, bench or scripts passes 400 lines (principle 9
of docs/principles.md). Migrations are excepted: Django writes them. Lines are counted as
`wc -l` counts them."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TREES = ("src", "tests", "bench", "scripts")
MAX_LINES = 400


def oversized(root: Path, limit: int = MAX_LINES) -> list[str]:
    """`path: N lines` for each *.py under the trees of `root` longer than `limit`."""
    found = []
    for tree in TREES:
        for path in sorted((root / tree).rglob("*.py")):
            if "migrations" in path.relative_to(root).parts:
                continue
            lines = path.read_bytes().count(b"\n")
            if lines > limit:
                found.append(f"{path.relative_to(root).as_posix()}: {lines} lines")
    return found


def test_no_module_is_over_400_lines() -> None:
    assert (ROOT / "src" / "motcua").is_dir()  # the check reads the real trees
    assert oversized(ROOT) == [], f"split these modules (at most {MAX_LINES} lines each)"


def test_the_check_names_every_long_module_but_migrations(tmp_path: Path) -> None:
    for name in ("src/app/long.py", "tests/long.py", "src/app/migrations/0001_initial.py"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n" * 401)
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "short.py").write_text("x = 1\n" * 400)
    (tmp_path / "bench").mkdir()
    (tmp_path / "bench" / "notes.txt").write_text("x\n" * 500)
    assert oversized(tmp_path) == ["src/app/long.py: 401 lines", "tests/long.py: 401 lines"]
