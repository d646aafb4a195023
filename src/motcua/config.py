"""Typed configuration read from the environment, in one place.

Every setting an operator can change is an environment variable parsed here. A bad value
stops start-up with a message naming the variable, what it got and what it accepts: motcua
never runs on a half-understood configuration. `docs/configuration.md` is the reference.

This module imports nothing from Django so that it can be tested on its own.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from motcua.config_reader import Reader, number
from motcua.core.links import joined
from motcua.database_url import parse_database_url, sqlite_database

Environment = Literal["development", "production"]
TaskQueue = Literal["sqlite", "postgres", "redis", "immediate"]
StorageKind = Literal["local", "s3"]


class ConfigError(Exception):
    """The environment holds a value motcua cannot use. The message names every bad variable."""


@dataclass(frozen=True)
class S3Config:
    bucket: str
    endpoint_url: str | None
    region: str | None
    access_key: str | None
    secret_key: str | None


@dataclass(frozen=True)
class PaymentConfig:
    """The payment gateway: off, the built-in sandbox (development default; never in production)
    or an HMAC redirect gateway."""

    gateway: str  # off | sandbox | hmac
    url: str | None  # the gateway's payment page (hmac)
    query_url: str | None  # the gateway's status-query endpoint (hmac)
    merchant: str
    secret: str


@dataclass(frozen=True)
class VneidConfig:
    """Citizen sign-in with VNeID: off (default), the built-in simulator (never in production) or
    the operator's OpenID Connect endpoints (citizens/identity_providers.OidcProvider)."""

    mode: str = "off"  # off | simulator | oidc
    oidc: dict[str, str] | None = None  # OidcProvider's config (mode oidc)


VNEID_RETURN_PATH = "/cong-dan/vneid/ve/"
_VNEID_URLS = (
    ("issuer", "MOTCUA_VNEID_ISSUER"),
    ("authorization_endpoint", "MOTCUA_VNEID_AUTHORIZATION_URL"),
    ("token_endpoint", "MOTCUA_VNEID_TOKEN_URL"),
    ("userinfo_endpoint", "MOTCUA_VNEID_USERINFO_URL"),
)


@dataclass(frozen=True)
class PortalSettings:
    """Cổng DVCQG sync (docs/portal-sync.md). No URL: messages are queued but not sent."""

    url: str | None = None
    token: str | None = None  # the portal session ("session" in every request)
    unit_code: str = ""  # "madonvi" in every request: the unit's code on the portal
    timeout: float = 10.0
    max_attempts: int = 10
    backoff_base: float = 30.0
    backoff_cap: float = 3600.0
    inbound_secret: str | None = None
    imported_as_synced: bool = True


@dataclass(frozen=True)
class WebLimits:
    """Transport security, staff sessions and request sizes (docs/configuration.md)."""

    behind_tls_proxy: bool = False  # believe the proxy's X-Forwarded-Proto
    hsts_preload: bool = False
    staff_idle_minutes: int = 30
    request_max_bytes: int = 50 * 1024 * 1024


@dataclass(frozen=True)
class Config:
    env: Environment
    data_dir: Path
    secret_key: str
    audit_key: str
    debug: bool
    allowed_hosts: tuple[str, ...]
    csrf_trusted_origins: tuple[str, ...]
    https: bool
    database: dict[str, Any]
    storage: StorageKind
    s3: S3Config | None
    task_queue: TaskQueue
    task_queue_url: str | None
    email_backend: str
    default_from_email: str
    public_url: str
    signing_dir: Path
    signing_password: str
    signing_trust_roots: Path
    payment: PaymentConfig
    signing_tsa: str = ""  # "" (PAdES B-B), "test" (THE TEST TSA) or an RFC 3161 http(s) URL
    portal: PortalSettings = PortalSettings()
    vneid: VneidConfig = VneidConfig()
    web: WebLimits = WebLimits()
    trusted_proxies: tuple[str, ...] = ()  # reverse proxies whose X-Forwarded-For is believed
    audit_partitions: int = 1  # independent parts of the audit chain (audit/partitions.py)


def _key(reader: Reader, name: str, env: str, key_file: Path, *, can_write: bool) -> str:
    """A secret from the environment; in development, made once and kept in `key_file`."""
    given = reader.text(name)
    if given is not None:
        if len(given) < 32:
            reader.errors.append(f"{name}: must be at least 32 characters long")
        return given
    if env == "production":
        reader.errors.append(f"{name}: required when MOTCUA_ENV=production")
        return ""
    if not can_write:
        return ""
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key + "\n", encoding="utf-8")
    key_file.chmod(0o600)
    return key


def load_config(environ: Mapping[str, str]) -> Config:
    """Read and check the whole configuration; raise ConfigError listing every bad variable."""
    reader = Reader(environ)
    env = reader.choice("MOTCUA_ENV", ("development", "production"), "development")
    data_dir = Path(reader.text("MOTCUA_DATA_DIR", "var") or "var")
    if not data_dir.is_absolute():
        data_dir = (Path.cwd() / data_dir).resolve()
    if data_dir.exists() and not data_dir.is_dir():
        reader.errors.append(f"MOTCUA_DATA_DIR={str(data_dir)!r}: exists and is not a directory")
    debug = reader.boolean("MOTCUA_DEBUG", default=False)
    if env == "production" and debug:
        reader.errors.append("MOTCUA_DEBUG: must be off when MOTCUA_ENV=production")
    secret_key = _key(
        reader, "SECRET_KEY", env, data_dir / "secret_key", can_write=not reader.errors
    )
    # The audit chain's key (audit/chain.py): never in the database, so that whoever can write
    # the database cannot recompute the chain.
    audit_key = _key(
        reader, "MOTCUA_AUDIT_KEY", env, data_dir / "audit_key", can_write=not reader.errors
    )

    database: dict[str, Any] = sqlite_database(data_dir / "motcua.sqlite3")
    url = reader.text("DATABASE_URL")
    if url is not None:
        try:
            database = parse_database_url(url)
        except ValueError as exc:
            reader.errors.append(f"DATABASE_URL: {exc}")

    storage = reader.choice("MOTCUA_STORAGE", ("local", "s3"), "local")
    s3 = None
    if storage == "s3":
        bucket = reader.text("MOTCUA_S3_BUCKET")
        if bucket is None:
            reader.errors.append("MOTCUA_S3_BUCKET: required when MOTCUA_STORAGE=s3")
        s3 = S3Config(
            bucket=bucket or "",
            endpoint_url=reader.text("MOTCUA_S3_ENDPOINT_URL"),
            region=reader.text("MOTCUA_S3_REGION"),
            access_key=reader.text("MOTCUA_S3_ACCESS_KEY"),
            secret_key=reader.text("MOTCUA_S3_SECRET_KEY"),
        )

    task_queue = reader.choice(
        "MOTCUA_TASK_QUEUE", ("sqlite", "postgres", "redis", "immediate"), "sqlite"
    )
    task_queue_url = reader.text("MOTCUA_TASK_QUEUE_URL")
    if task_queue == "redis" and task_queue_url is None:
        reader.errors.append("MOTCUA_TASK_QUEUE_URL: required when MOTCUA_TASK_QUEUE=redis")
    if task_queue == "postgres" and not database["ENGINE"].endswith("postgresql"):
        reader.errors.append("MOTCUA_TASK_QUEUE=postgres: needs DATABASE_URL=postgres://…")

    email_backend = reader.choice("MOTCUA_EMAIL", ("console", "smtp", "file"), "file")
    signing_dir = Path(reader.text("MOTCUA_SIGNING_DIR") or str(data_dir / "ky-so"))
    if not signing_dir.is_absolute():
        signing_dir = (Path.cwd() / signing_dir).resolve()
    trust_roots = Path(
        reader.text("MOTCUA_SIGNING_TRUST_ROOTS") or str(signing_dir / "trust-roots.pem")
    )
    payment = _payment(reader, secret_key, env)
    portal = _portal(reader)
    signing_tsa = _signing_tsa(reader, env)
    public_url = _public_url(reader, env)
    vneid = _vneid(reader, env, public_url)
    https = reader.boolean("MOTCUA_HTTPS", default=env == "production")
    web = _web(reader, env, https=https)
    trusted_proxies = _trusted_proxies(reader)
    audit_partitions = int(number(reader, "MOTCUA_AUDIT_PARTITIONS", 1, 1, 64))
    if reader.errors:
        raise ConfigError(
            "motcua cannot start, the environment is wrong:\n  - " + "\n  - ".join(reader.errors)
        )
    return Config(
        env=env,  # type: ignore[arg-type]  # checked by choice()
        data_dir=data_dir,
        secret_key=secret_key,
        audit_key=audit_key,
        audit_partitions=audit_partitions,
        debug=debug,
        allowed_hosts=reader.listing("MOTCUA_ALLOWED_HOSTS", ("127.0.0.1", "localhost")),
        csrf_trusted_origins=reader.listing("MOTCUA_CSRF_TRUSTED_ORIGINS", ()),
        https=https,
        database=database,
        storage=storage,  # type: ignore[arg-type]
        s3=s3,
        task_queue=task_queue,  # type: ignore[arg-type]
        task_queue_url=task_queue_url,
        email_backend=email_backend,
        default_from_email=reader.text("MOTCUA_FROM_EMAIL", "motcua@localhost") or "",
        public_url=public_url,
        signing_dir=signing_dir,
        signing_password=environ.get("MOTCUA_SIGNING_PASSWORD", ""),
        signing_trust_roots=trust_roots,
        signing_tsa=signing_tsa,
        payment=payment,
        portal=portal,
        vneid=vneid,
        web=web,
        trusted_proxies=trusted_proxies,
    )


def _trusted_proxies(reader: Reader) -> tuple[str, ...]:
    """MOTCUA_TRUSTED_PROXIES: addresses or networks (CIDR) of the reverse proxies."""
    proxies = reader.listing("MOTCUA_TRUSTED_PROXIES", ())
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            reader.errors.append(f"MOTCUA_TRUSTED_PROXIES: {proxy!r} is not an address or network")
    return proxies


def _signing_tsa(reader: Reader, env: str) -> str:
    tsa = reader.text("MOTCUA_SIGNING_TSA", "") or ""
    if tsa == "test" and env == "production":
        reader.errors.append(
            "MOTCUA_SIGNING_TSA=test: not allowed when MOTCUA_ENV=production "
            "(use the address of a licensed time-stamping service)"
        )
    elif tsa not in ("", "test") and not tsa.startswith(("http://", "https://")):
        reader.errors.append(f"MOTCUA_SIGNING_TSA={tsa!r}: expected test or an http(s):// address")
    return tsa


def _public_url(reader: Reader, env: str) -> str:
    """The address citizens reach motcua at: the start of every link and QR code (core/links.py)."""
    given = reader.text("MOTCUA_PUBLIC_URL")
    if given is None:
        if env == "production":
            reader.errors.append(
                "MOTCUA_PUBLIC_URL: required when MOTCUA_ENV=production "
                "(the address printed in QR codes and links, e.g. https://motcua.example.gov.vn)"
            )
        return "http://127.0.0.1:8000"
    parts = urlsplit(given)
    wanted = ("https",) if env == "production" else ("http", "https")
    if parts.scheme not in wanted or not parts.hostname or parts.query or parts.fragment:
        reader.errors.append(
            f"MOTCUA_PUBLIC_URL={given!r}: expected "
            + ("https://" if env == "production" else "http:// or https://")
            + "host[:port][/prefix], without ? or #"
        )
    return given.rstrip("/")


def _vneid(reader: Reader, env: str, public_url: str) -> VneidConfig:
    mode = reader.choice("MOTCUA_VNEID", ("off", "simulator", "oidc"), "off")
    if mode == "simulator" and env == "production":
        reader.errors.append(
            "MOTCUA_VNEID=simulator: not allowed when MOTCUA_ENV=production "
            "(the simulator lets anyone sign in as any citizen)"
        )
    if mode != "oidc":
        return VneidConfig(mode=mode)
    oidc = {key: reader.text(name) or "" for key, name in _VNEID_URLS}
    for key, name in _VNEID_URLS:
        if not oidc[key]:
            reader.errors.append(f"{name}: required when MOTCUA_VNEID=oidc")
        elif not oidc[key].startswith("https://"):
            reader.errors.append(f"{name}={oidc[key]!r}: must start with https://")
    for key, name in (
        ("client_id", "MOTCUA_VNEID_CLIENT_ID"),
        ("client_secret", "MOTCUA_VNEID_CLIENT_SECRET"),
    ):
        oidc[key] = reader.text(name) or ""
        if not oidc[key]:
            reader.errors.append(f"{name}: required when MOTCUA_VNEID=oidc")
    oidc["redirect_uri"] = joined(public_url, VNEID_RETURN_PATH)
    oidc["scope"] = reader.text("MOTCUA_VNEID_SCOPE", "openid profile") or "openid profile"
    oidc["personal_id_claim"] = reader.text("MOTCUA_VNEID_PERSONAL_ID_CLAIM", "sub") or "sub"
    return VneidConfig(mode=mode, oidc=oidc)


def _payment(reader: Reader, secret_key: str, env: str) -> PaymentConfig:
    default = "off" if env == "production" else "sandbox"
    gateway = reader.choice("MOTCUA_PAYMENT_GATEWAY", ("off", "sandbox", "hmac"), default)
    if gateway == "sandbox" and env == "production":
        reader.errors.append(
            "MOTCUA_PAYMENT_GATEWAY=sandbox: not allowed when MOTCUA_ENV=production "
            "(the sandbox marks fees paid without any money; use hmac or off)"
        )
    url, query_url = reader.text("MOTCUA_PAYMENT_URL"), reader.text("MOTCUA_PAYMENT_QUERY_URL")
    secret = reader.text("MOTCUA_PAYMENT_SECRET")
    if gateway == "hmac":
        for name, value in (
            ("MOTCUA_PAYMENT_URL", url),
            ("MOTCUA_PAYMENT_QUERY_URL", query_url),
            ("MOTCUA_PAYMENT_SECRET", secret),
        ):
            if value is None:
                reader.errors.append(f"{name}: required when MOTCUA_PAYMENT_GATEWAY=hmac")
    if secret is None:  # the sandbox signs with a key derived from SECRET_KEY
        secret = hashlib.sha256(f"payment-sandbox:{secret_key}".encode()).hexdigest()
    return PaymentConfig(
        gateway=gateway,
        url=url,
        query_url=query_url,
        merchant=reader.text("MOTCUA_PAYMENT_MERCHANT", "MOTCUA") or "MOTCUA",
        secret=secret,
    )


def _portal(reader: Reader) -> PortalSettings:
    url = reader.text("MOTCUA_PORTAL_URL")
    if url is not None and urlsplit(url).scheme not in ("http", "https"):
        reader.errors.append(f"MOTCUA_PORTAL_URL={url!r}: expected an http:// or https:// URL")
    secret = reader.text("MOTCUA_PORTAL_INBOUND_SECRET")
    if secret is not None and len(secret) < 32:
        reader.errors.append("MOTCUA_PORTAL_INBOUND_SECRET: must be at least 32 characters long")
    base = number(reader, "MOTCUA_PORTAL_BACKOFF_BASE", 30, 0.01, 86400)
    return PortalSettings(
        url=url,
        token=reader.text("MOTCUA_PORTAL_TOKEN"),
        unit_code=reader.text("MOTCUA_PORTAL_MADONVI") or "",
        timeout=number(reader, "MOTCUA_PORTAL_TIMEOUT", 10, 0.1, 300),
        max_attempts=int(number(reader, "MOTCUA_PORTAL_MAX_ATTEMPTS", 10, 1, 100)),
        backoff_base=base,
        backoff_cap=max(base, number(reader, "MOTCUA_PORTAL_BACKOFF_CAP", 3600, 0.01, 604800)),
        inbound_secret=secret,
        imported_as_synced=reader.boolean("MOTCUA_PORTAL_IMPORTED_AS_SYNCED", default=True),
    )


def _web(reader: Reader, env: str, *, https: bool) -> WebLimits:
    if env == "production" and not https:
        reader.errors.append(
            "MOTCUA_HTTPS=false: not allowed when MOTCUA_ENV=production "
            "(passwords and sessions would cross the network in clear text)"
        )
    behind_proxy = reader.boolean("MOTCUA_BEHIND_TLS_PROXY", default=False)
    megabytes = number(reader, "MOTCUA_REQUEST_MAX_MB", 50, 1, 1024)
    return WebLimits(
        behind_tls_proxy=behind_proxy,
        hsts_preload=reader.boolean("MOTCUA_HSTS_PRELOAD", default=False),
        staff_idle_minutes=int(number(reader, "MOTCUA_STAFF_IDLE_MINUTES", 30, 1, 1440)),
        request_max_bytes=int(megabytes * 1024 * 1024),
    )
