from pathlib import Path

import pytest

from motcua.config import ConfigError, load_config
from motcua.database_url import parse_database_url


def test_it_defaults_to_an_embedded_sqlite_database_in_wal_mode(tmp_path: Path) -> None:
    config = load_config({"MOTCUA_DATA_DIR": str(tmp_path)})
    db = config.database
    assert db["ENGINE"] == "motcua.audit.backends.sqlite3"
    assert db["NAME"] == str(tmp_path / "motcua.sqlite3")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert "synchronous=FULL" in db["OPTIONS"]["init_command"]
    assert db["OPTIONS"]["timeout"] > 0
    assert db["CONN_MAX_AGE"] > 0
    assert config.task_queue == "sqlite"
    assert config.storage == "local"
    assert config.debug is False


def test_it_generates_a_secret_key_once_and_keeps_it_in_the_data_directory(tmp_path: Path) -> None:
    first = load_config({"MOTCUA_DATA_DIR": str(tmp_path)}).secret_key
    second = load_config({"MOTCUA_DATA_DIR": str(tmp_path)}).secret_key
    assert len(first) >= 50
    assert first == second
    assert (tmp_path / "secret_key").read_text().strip() == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_requires_a_secret_key_and_refuses_debug(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(
            {"MOTCUA_DATA_DIR": str(tmp_path), "MOTCUA_ENV": "production", "MOTCUA_DEBUG": "1"}
        )
    message = str(error.value)
    assert "SECRET_KEY: required when MOTCUA_ENV=production" in message
    assert "MOTCUA_DEBUG" in message
    assert not (tmp_path / "secret_key").exists()


def test_it_lists_every_bad_variable_at_once(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        load_config(
            {
                "MOTCUA_DATA_DIR": str(tmp_path),
                "MOTCUA_DEBUG": "maybe",
                "MOTCUA_TASK_QUEUE": "rabbit",
                "DATABASE_URL": "mysql://x/y",
                "MOTCUA_STORAGE": "s3",
            }
        )
    message = str(error.value)
    for name in ("MOTCUA_DEBUG", "MOTCUA_TASK_QUEUE", "DATABASE_URL", "MOTCUA_S3_BUCKET"):
        assert name in message


def test_it_parses_a_postgresql_url_and_forces_synchronous_commit() -> None:
    db = parse_database_url("postgres://motcua:p%40ss@db.local:6543/motcua_prod?sslmode=require")
    assert db["ENGINE"] == "motcua.audit.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("motcua_prod", "motcua", "p@ss")
    assert (db["HOST"], db["PORT"]) == ("db.local", "6543")
    assert db["OPTIONS"]["sslmode"] == "require"
    assert "synchronous_commit=on" in db["OPTIONS"]["options"]


@pytest.mark.parametrize(
    "url",
    [
        "postgres://u@h/db?options=-c%20synchronous_commit%3Doff",
        "postgres://u@h/db?synchronous_commit=off",
    ],
)
def test_it_refuses_asynchronous_commits_on_postgresql(url: str) -> None:
    with pytest.raises(ValueError, match="synchronous_commit"):
        parse_database_url(url)


def test_it_refuses_a_postgresql_task_queue_without_a_postgresql_database(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="MOTCUA_TASK_QUEUE=postgres"):
        load_config({"MOTCUA_DATA_DIR": str(tmp_path), "MOTCUA_TASK_QUEUE": "postgres"})


def test_a_relative_sqlite_url_is_resolved_against_the_working_directory() -> None:
    db = parse_database_url("sqlite:///data/m.sqlite3")
    assert Path(db["NAME"]).is_absolute()
    assert db["NAME"].endswith("data/m.sqlite3")
    assert parse_database_url("sqlite:////srv/m.sqlite3")["NAME"] == "/srv/m.sqlite3"


def test_vneid_is_off_by_default_and_the_simulator_is_refused_in_production(
    tmp_path: Path,
) -> None:
    assert load_config({"MOTCUA_DATA_DIR": str(tmp_path)}).vneid.mode == "off"
    base = {"MOTCUA_DATA_DIR": str(tmp_path), "SECRET_KEY": "k" * 40}
    assert load_config({**base, "MOTCUA_VNEID": "simulator"}).vneid.mode == "simulator"
    with pytest.raises(ConfigError, match="MOTCUA_VNEID=simulator: not allowed"):
        load_config({**base, "MOTCUA_ENV": "production", "MOTCUA_VNEID": "simulator"})


def test_vneid_oidc_needs_every_endpoint_over_https_and_the_client(tmp_path: Path) -> None:
    base = {"MOTCUA_DATA_DIR": str(tmp_path), "MOTCUA_VNEID": "oidc"}
    with pytest.raises(ConfigError) as error:
        load_config({**base, "MOTCUA_VNEID_TOKEN_URL": "http://sso.vneid.example/token"})
    message = str(error.value)
    for name in (
        "MOTCUA_VNEID_ISSUER: required",
        "MOTCUA_VNEID_AUTHORIZATION_URL: required",
        "MOTCUA_VNEID_TOKEN_URL='http://sso.vneid.example/token': must start with https://",
        "MOTCUA_VNEID_USERINFO_URL: required",
        "MOTCUA_VNEID_CLIENT_ID: required",
        "MOTCUA_VNEID_CLIENT_SECRET: required",
    ):
        assert name in message
    full = {
        **base,
        "MOTCUA_PUBLIC_URL": "https://motcua.angiang.gov.vn/",
        "MOTCUA_VNEID_ISSUER": "https://sso.vneid.example",
        "MOTCUA_VNEID_AUTHORIZATION_URL": "https://sso.vneid.example/authorize",
        "MOTCUA_VNEID_TOKEN_URL": "https://sso.vneid.example/token",
        "MOTCUA_VNEID_USERINFO_URL": "https://sso.vneid.example/userinfo",
        "MOTCUA_VNEID_CLIENT_ID": "motcua-an-giang",
        "MOTCUA_VNEID_CLIENT_SECRET": "bi-mat",
        "MOTCUA_VNEID_PERSONAL_ID_CLAIM": "citizen_pid",
    }
    oidc = load_config(full).vneid.oidc
    assert oidc is not None
    assert oidc["redirect_uri"] == "https://motcua.angiang.gov.vn/cong-dan/vneid/ve/"
    assert oidc["personal_id_claim"] == "citizen_pid"
    assert oidc["scope"] == "openid profile"


def test_the_signing_tsa_is_an_address_or_the_test_tsa_outside_production(tmp_path: Path) -> None:
    base = {"MOTCUA_DATA_DIR": str(tmp_path), "SECRET_KEY": "k" * 40}
    assert load_config(base).signing_tsa == ""
    assert load_config({**base, "MOTCUA_SIGNING_TSA": "test"}).signing_tsa == "test"
    url = "https://tsa.ca.gov.vn/tsa"
    assert load_config({**base, "MOTCUA_SIGNING_TSA": url}).signing_tsa == url
    with pytest.raises(ConfigError, match=r"MOTCUA_SIGNING_TSA='tsa\.example': expected test"):
        load_config({**base, "MOTCUA_SIGNING_TSA": "tsa.example"})
    with pytest.raises(ConfigError, match="MOTCUA_SIGNING_TSA=test: not allowed"):
        load_config({**base, "MOTCUA_ENV": "production", "MOTCUA_SIGNING_TSA": "test"})


def test_the_audit_key_is_required_in_production_and_kept_outside_the_database(
    tmp_path: Path,
) -> None:
    production = {
        "MOTCUA_DATA_DIR": str(tmp_path),
        "MOTCUA_ENV": "production",
        "SECRET_KEY": "k" * 40,
        "MOTCUA_PUBLIC_URL": "https://motcua.example.gov.vn",
    }
    with pytest.raises(ConfigError, match="MOTCUA_AUDIT_KEY: required when MOTCUA_ENV=production"):
        load_config(production)
    with pytest.raises(ConfigError, match="MOTCUA_AUDIT_KEY: must be at least 32 characters"):
        load_config({**production, "MOTCUA_AUDIT_KEY": "short"})
    assert load_config({**production, "MOTCUA_AUDIT_KEY": "a" * 40}).audit_key == "a" * 40
    development = load_config({"MOTCUA_DATA_DIR": str(tmp_path / "dev")})
    key_file = tmp_path / "dev" / "audit_key"
    assert development.audit_key == key_file.read_text(encoding="utf-8").strip()
    assert development.audit_key != development.secret_key
    assert key_file.stat().st_mode & 0o777 == 0o600
