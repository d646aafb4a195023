"""The `motcua` command: every Django management command, and ours.

`motcua --help` lists motcua's own commands with one line each; `motcua help --all` lists
Django's too. `motcua migrate`, `motcua createsuperuser`, … work as with manage.py.
"""

from __future__ import annotations

import os
import sys


def _our_commands() -> list[tuple[str, str]]:
    from django.core.management import get_commands, load_command_class

    rows = []
    for name, app in sorted(get_commands().items()):
        if app.startswith("motcua."):
            command = load_command_class(app, name)
            rows.append((name, (command.help or "").strip().splitlines()[0]))
    return rows


def version() -> str:
    """The installed version (pyproject.toml's, the one CHANGELOG.md names)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("motcua")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


def print_help() -> None:
    import django

    django.setup()
    print("motcua — hệ thống Bộ phận Một cửa\n")
    print("Usage: motcua COMMAND [options]   (motcua help COMMAND for a command's options)")
    print("       motcua --version\n")
    print("motcua commands:")
    for name, line in _our_commands():
        print(f"  {name:<12} {line}")
    print("\nEvery Django command works too (migrate, createsuperuser, shell, …):")
    print("  motcua help --all")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    from motcua.config import ConfigError

    try:
        if argv[1:] in (["--version"], ["-V"], ["version"]):
            print(f"motcua {version()}")
            return
        if len(argv) < 2 or argv[1] in ("-h", "--help") or argv[1:] == ["help"]:
            print_help()
            return
        if argv[1:] == ["help", "--all"]:
            argv = [*argv[:1], "help"]
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
