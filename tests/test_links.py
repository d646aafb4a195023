"""Every public link and QR code starts with MOTCUA_PUBLIC_URL (core/links.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django import Settings

from motcua.config import ConfigError, load_config
from motcua.core.links import public_url, tracking_url, verification_url
from motcua.dossiers.forms import status_url
from motcua.dossiers.models import Dossier

BASE = "https://motcua.phumy.gov.vn/mot-cua"


def test_links_follow_the_setting_not_a_fixed_host(settings: Settings) -> None:
    settings.MOTCUA_PUBLIC_URL = BASE + "/"
    assert public_url("/tra-cuu/") == f"{BASE}/tra-cuu/"
    assert tracking_url("G15.000031") == f"{BASE}/tra-cuu/?ma=G15.000031"
    assert verification_url("AbC-12_x") == f"{BASE}/xac-minh/AbC-12_x/"
    # the receipt's QR code
    assert status_url(Dossier(code="G15.000031")) == f"{BASE}/tra-cuu/?ma=G15.000031"


def test_a_code_cannot_add_parameters_to_a_link(settings: Settings) -> None:
    settings.MOTCUA_PUBLIC_URL = BASE
    assert tracking_url("A&b=1#x") == f"{BASE}/tra-cuu/?ma=A%26b%3D1%23x"


def test_the_public_url_is_required_in_production_and_must_be_https(tmp_path: Path) -> None:
    production = {
        "MOTCUA_DATA_DIR": str(tmp_path),
        "MOTCUA_ENV": "production",
        "SECRET_KEY": "k" * 50,
        "MOTCUA_AUDIT_KEY": "a" * 50,
    }
    with pytest.raises(ConfigError, match="MOTCUA_PUBLIC_URL: required when MOTCUA_ENV=production"):
        load_config(production)
    with pytest.raises(
        ConfigError, match=r"MOTCUA_PUBLIC_URL='http://motcua\.vn': expected https://"
    ):
        load_config({**production, "MOTCUA_PUBLIC_URL": "http://motcua.vn"})
    good = load_config({**production, "MOTCUA_PUBLIC_URL": BASE + "/"})
    assert good.public_url == BASE


@pytest.mark.parametrize("wrong", ["motcua.vn", "ftp://motcua.vn", "http://", "http://a.vn/?x=1"])
def test_a_public_url_that_is_not_an_address_is_refused(tmp_path: Path, wrong: str) -> None:
    with pytest.raises(ConfigError, match="MOTCUA_PUBLIC_URL="):
        load_config({"MOTCUA_DATA_DIR": str(tmp_path), "MOTCUA_PUBLIC_URL": wrong})


def test_development_defaults_to_the_local_server(tmp_path: Path) -> None:
    assert load_config({"MOTCUA_DATA_DIR": str(tmp_path)}).public_url == "http://127.0.0.1:8000"
