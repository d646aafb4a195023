import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.accounts.models import User
from motcua.accounts.roles import Role


def _motcua(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "motcua.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_help_lists_our_commands_with_one_line_each() -> None:
    result = _motcua("--help")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert any(line.strip().startswith("demo ") for line in lines)
    assert any(line.strip().startswith("serve ") for line in lines)
    assert "motcua help --all" in result.stdout


def test_version_prints_the_installed_version_that_the_changelog_names() -> None:
    from importlib.metadata import version

    result = _motcua("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"motcua {version('motcua')}"
    changelog = (Path(__file__).resolve().parents[1] / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{version('motcua')}]" in changelog


def test_django_commands_run_through_motcua() -> None:
    result = _motcua("help", "migrate")
    assert result.returncode == 0
    assert "Updates database schema" in result.stdout


def test_a_bad_environment_stops_the_command_with_the_variable_named(tmp_path: Path) -> None:
    result = _motcua("--help", env={"MOTCUA_DATA_DIR": str(tmp_path), "MOTCUA_DEBUG": "perhaps"})
    assert result.returncode == 2
    assert "MOTCUA_DEBUG='perhaps'" in result.stderr


@pytest.mark.django_db  # before the demo is made for this module (demo_module)
def test_demo_is_refused_in_production(settings) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    settings.CONFIG = replace(settings.CONFIG, env="production")
    with pytest.raises(CommandError, match="MOTCUA_ENV=production"):
        call_command("demo")
    assert not User.objects.exists()


def test_demo_creates_one_account_per_persona(demo: None) -> None:
    # running it again changes nothing: tests/reports/test_demo.py
    users = {user.username: user for user in User.objects.all()}
    assert set(users) == {
        *("tiepnhan", "chuyenvien", "lanhdao", "thongke", "quantri"),
        *("congan", "bhxh"),  # the inter-linked agencies' accounts (bundles/demo.py)
    }
    assert users["tiepnhan"].roles() == [Role.RECEIVING_OFFICER]
    assert users["congan"].unit is not None
    assert users["congan"].unit.code == "AG-PHUTAN-CA"
    assert users["quantri"].is_superuser
    assert not users["lanhdao"].is_staff
