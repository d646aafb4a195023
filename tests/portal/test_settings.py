"""The portal settings are parsed and checked with the rest of the configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from motcua.config import ConfigError, PortalSettings, load_config


def test_defaults_leave_the_portal_unconfigured(tmp_path: Path) -> None:
    assert load_config({"MOTCUA_DATA_DIR": str(tmp_path)}).portal == PortalSettings()


def test_portal_settings_are_read(tmp_path: Path) -> None:
    portal = load_config(
        {
            "MOTCUA_DATA_DIR": str(tmp_path),
            "MOTCUA_PORTAL_URL": "https://lgsp.angiang.gov.vn/dvcqg",
            "MOTCUA_PORTAL_TOKEN": "abc",
            "MOTCUA_PORTAL_MADONVI": "000.00.10.H01",
            "MOTCUA_PORTAL_TIMEOUT": "5",
            "MOTCUA_PORTAL_MAX_ATTEMPTS": "4",
            "MOTCUA_PORTAL_BACKOFF_BASE": "60",
            "MOTCUA_PORTAL_BACKOFF_CAP": "10",
            "MOTCUA_PORTAL_INBOUND_SECRET": "x" * 32,
            "MOTCUA_PORTAL_IMPORTED_AS_SYNCED": "no",
        }
    ).portal
    assert portal == PortalSettings(
        url="https://lgsp.angiang.gov.vn/dvcqg",
        token="abc",
        unit_code="000.00.10.H01",
        timeout=5,
        max_attempts=4,
        backoff_base=60,
        backoff_cap=60,  # never below the base
        inbound_secret="x" * 32,
        imported_as_synced=False,
    )


def test_bad_portal_settings_are_all_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(
            {
                "MOTCUA_DATA_DIR": str(tmp_path),
                "MOTCUA_PORTAL_URL": "ftp://cong",
                "MOTCUA_PORTAL_TIMEOUT": "mười",
                "MOTCUA_PORTAL_MAX_ATTEMPTS": "0",
                "MOTCUA_PORTAL_INBOUND_SECRET": "ngan",
            }
        )
    message = str(error.value)
    for name in (
        "MOTCUA_PORTAL_URL",
        "MOTCUA_PORTAL_TIMEOUT",
        "MOTCUA_PORTAL_MAX_ATTEMPTS",
        "MOTCUA_PORTAL_INBOUND_SECRET",
    ):
        assert name in message
