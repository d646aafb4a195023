"""Reading environment variables for config.py: every problem collected before failing.

Imports nothing from Django.
"""

from __future__ import annotations

from collections.abc import Mapping

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Reader:
    """Collects every problem before failing, so one start-up shows all of them."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self.environ = environ
        self.errors: list[str] = []

    def text(self, name: str, default: str | None = None) -> str | None:
        value = self.environ.get(name)
        if value is None or value.strip() == "":
            return default
        return value.strip()

    def boolean(self, name: str, *, default: bool) -> bool:
        raw = self.environ.get(name)
        if raw is None:
            return default
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        self.errors.append(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")
        return default

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = (self.text(name) or default).lower()
        if value not in choices:
            self.errors.append(f"{name}={value!r}: expected one of {', '.join(choices)}")
            return default
        return value

    def listing(self, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
        raw = self.text(name)
        if raw is None:
            return default
        return tuple(item.strip() for item in raw.split(",") if item.strip())


def number(reader: Reader, name: str, default: float, low: float, high: float) -> float:
    raw = reader.text(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        reader.errors.append(f"{name}={raw!r}: expected a number from {low:g} to {high:g}")
        return default
    return value
