"""The web server's entry point leaves the long-lived objects out of the garbage collector."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import gc, sys
import motcua.wsgi
print(gc.get_freeze_count(), "motcua.dossiers.views" in sys.modules)
"""


def test_the_wsgi_application_loads_its_views_and_freezes_them(tmp_path: Path) -> None:
    env = {**os.environ, "MOTCUA_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT / "src")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    frozen, views_loaded = result.stdout.split()
    assert int(frozen) > 100_000  # Django, motcua and their views: hundreds of thousands of objects
    assert views_loaded == "True"
