"""How a citizen proves who they are: pluggable identity providers.

- PasswordProvider: personal ID number + password (Argon2), under the guessing limits of every
  sign-in form (accounts/login_limits.py: per ID and address, per address, and per ID only for
  addresses it has not signed in from, so a stranger cannot lock a citizen out). An unknown ID
  costs the same hashing as a known one (no timing oracle); each attempt is also kept as a
  citizens.LoginAttempt row. Registration is limited: REGISTRATIONS_PER_ADDRESS attempts
  (successful or not) per client address within REGISTRATION_WINDOW, so that nobody can open
  accounts in bulk or probe which personal ID numbers already have one.
- OidcProvider: an OpenID Connect adapter shaped for VNeID (Bộ Công an's national electronic
  identity) or the national portal's SSO. `sign_in.vneid_provider()` builds it from the environment
  (MOTCUA_VNEID=oidc and MOTCUA_VNEID_* — config.py, docs/configuration.md) or, with
  MOTCUA_VNEID=simulator, against the VNeID simulator (citizens/vneid_simulator.py, never in
  production); with MOTCUA_VNEID=off (the default) it raises ProviderNotConfigured and the login
  page shows no VNeID button. Connecting to the real operator needs an agreement with it.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from motcua.accounts import login_limits
from motcua.citizens.identity import VneidIdentity, verified_by_vneid
from motcua.citizens.models import AttemptKind, CitizenProfile, LoginAttempt
from motcua.units.models import UnitKind
from motcua.units.services import units_on

REGISTRATIONS_PER_ADDRESS = 10
REGISTRATION_WINDOW = dt.timedelta(hours=1)


class LoginBlocked(Exception):  # noqa: N818  (a refusal shown to the citizen)
    """Too many failed attempts; the message is for the citizen."""


class ProviderNotConfigured(RuntimeError):  # noqa: N818  (named for what it says)
    """The provider lacks its settings; the message names what is missing."""


class IdentityProvider(Protocol):
    name: str

    def authenticate(self, *, client_ip: str, **credentials: str) -> CitizenProfile | None:
        """The citizen these credentials prove, or None. May raise LoginBlocked."""
        ...


def check_registration_allowed(client_ip: str, now: dt.datetime | None = None) -> None:
    """Raise LoginBlocked when this address has tried to register too often lately."""
    since = (now or timezone.now()) - REGISTRATION_WINDOW
    tries = LoginAttempt.objects.filter(
        kind=AttemptKind.REGISTER, ip=client_ip[:45], at__gte=since
    ).count()
    if tries >= REGISTRATIONS_PER_ADDRESS:
        raise LoginBlocked(
            "Đã có quá nhiều lần đăng ký tài khoản từ địa chỉ mạng này. "
            f"Vui lòng thử lại sau {int(REGISTRATION_WINDOW.total_seconds() // 60)} phút "
            "hoặc đến Bộ phận Một cửa để được hỗ trợ."
        )


def record_registration(client_ip: str, personal_id: str, *, succeeded: bool) -> None:
    with transaction.atomic():
        LoginAttempt.objects.create(
            kind=AttemptKind.REGISTER,
            at=timezone.now(),
            personal_id=personal_id.strip()[:40],
            ip=client_ip[:45],
            succeeded=succeeded,
        )


class PasswordProvider:
    name = "password"

    def authenticate(self, *, client_ip: str, **credentials: str) -> CitizenProfile | None:
        personal_id = credentials.get("personal_id", "").strip()[:40]
        password = credentials.get("password", "")
        now = timezone.now()
        try:
            login_limits.check("citizen", personal_id, client_ip)
        except login_limits.LoginLocked as exc:
            raise LoginBlocked(str(exc)) from None
        profile = (
            CitizenProfile.objects.select_related("user").filter(personal_id=personal_id).first()
        )
        if profile is None:
            make_password(password)  # the same hashing work as for an account (no oracle)
            ok = False
        else:  # the password is checked first: a closed account costs the same work
            ok = profile.user.check_password(password) and profile.user.is_active
        with transaction.atomic():
            LoginAttempt.objects.create(
                at=now, personal_id=personal_id, ip=client_ip[:45], succeeded=ok
            )
        if ok:
            login_limits.succeeded("citizen", personal_id, client_ip)
        else:
            login_limits.failed("citizen", personal_id, client_ip)
        return profile if ok else None


REQUIRED_OIDC = (
    "issuer",
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "client_id",
    "client_secret",
    "redirect_uri",
)
# ASSUMED: the members of the address claim that carry the mã ĐVHC of the commune and of its
# province (Danh mục đơn vị hành chính, units/). The operator's userinfo contract is not public;
# the standard OpenID Connect address claim has no member for them.
ADDRESS_COMMUNE_CLAIM = "commune_code"
ADDRESS_PROVINCE_CLAIM = "province_code"

Transport = Callable[[str, str, dict[str, str], dict[str, str]], dict[str, Any]]


def _http(method: str, url: str, data: dict[str, str], headers: dict[str, str]) -> dict[str, Any]:
    body = urllib.parse.urlencode(data).encode() if method == "POST" else None
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310  (https, settings)
        return json.loads(response.read())  # type: ignore[no-any-return]


class OidcProvider:
    """Authorization-code flow: authorization_url() → the citizen signs in at the operator →
    the callback calls authenticate(code=…, state=…, expected_state=…)."""

    name = "vneid"

    def __init__(
        self,
        config: dict[str, str] | None = None,
        transport: Transport = _http,
        *,
        require_https: bool = True,  # False only for the simulator, whose page is on our server
    ):
        config = config if config is not None else settings.MOTCUA_VNEID.oidc
        missing = [key for key in REQUIRED_OIDC if not (config or {}).get(key)]
        if missing:
            raise ProviderNotConfigured(
                "Chưa cấu hình đăng nhập bằng VNeID (MOTCUA_VNEID=oidc, MOTCUA_VNEID_*): thiếu "
                + ", ".join(missing)
                + "."
            )
        assert config is not None
        endpoints = [config[k] for k in REQUIRED_OIDC if k.endswith("point")]
        if require_https and not all(url.startswith("https://") for url in endpoints):
            raise ProviderNotConfigured("Các địa chỉ OpenID Connect của VNeID phải dùng https://.")
        self.config = config
        self.transport = transport

    def authorization_url(self, state: str, nonce: str) -> str:
        query = {
            "response_type": "code",
            "client_id": self.config["client_id"],
            "redirect_uri": self.config["redirect_uri"],
            "scope": self.config.get("scope", "openid profile"),
            "state": state,
            "nonce": nonce,
        }
        return f"{self.config['authorization_endpoint']}?{urllib.parse.urlencode(query)}"

    def authenticate(self, *, client_ip: str, **credentials: str) -> CitizenProfile | None:
        if not credentials.get("state") or credentials.get("state") != credentials.get(
            "expected_state"
        ):
            return None
        token = self.transport(
            "POST",
            self.config["token_endpoint"],
            {
                "grant_type": "authorization_code",
                "code": credentials.get("code", ""),
                "redirect_uri": self.config["redirect_uri"],
                "client_id": self.config["client_id"],
                "client_secret": self.config["client_secret"],
            },
            {"Accept": "application/json"},
        )
        access = token.get("access_token")
        if not access:
            return None
        claims = self.transport(
            "GET", self.config["userinfo_endpoint"], {}, {"Authorization": f"Bearer {access}"}
        )
        personal_id = str(claims.get(self.config.get("personal_id_claim", "sub"), ""))
        if not personal_id:
            return None
        profile = (
            CitizenProfile.objects.select_related("user").filter(personal_id=personal_id).first()
        )
        if profile is not None and profile.verified_at is not None and not profile.user.is_active:
            return None  # a verified account closed by the staff stays closed
        # VNeID vouches for the number: it verifies or takes over (citizens/identity.py).
        return verified_by_vneid(
            personal_id,
            full_name=str(claims.get("name", "")),
            phone=str(claims.get("phone_number", "")),
            email=str(claims.get("email", "")),
            identity=identity_claims(claims),
        )


def address_of(address: Any) -> tuple[str, str, str]:
    """(text, commune's mã ĐVHC, street) of the address claim. The codes are read from the
    members ADDRESS_COMMUNE_CLAIM / ADDRESS_PROVINCE_CLAIM (ASSUMED names) and kept only when
    the commune is on the official list in force today and lies in that province."""
    if not isinstance(address, dict):
        return " ".join(str(address or "").split())[:300], "", ""
    text = " ".join(str(address.get("formatted", "")).split())[:300]
    street = " ".join(str(address.get("street_address", "")).split())[:300]
    commune_code = str(address.get(ADDRESS_COMMUNE_CLAIM, "")).strip()
    province_code = str(address.get(ADDRESS_PROVINCE_CLAIM, "")).strip()
    if not commune_code:
        return text, "", ""
    today = timezone.localdate()
    commune = units_on(today, UnitKind.COMMUNE).filter(admin_code=commune_code).first()
    province = commune.province() if commune is not None else None
    if province is None or province.admin_code != province_code:
        return text, "", ""
    return text, commune_code, street


def identity_claims(claims: dict[str, Any]) -> VneidIdentity:
    """The standard OpenID Connect claims birthdate (yyyy-mm-dd), gender and address (its
    units' codes: address_of)."""
    try:
        birth = dt.date.fromisoformat(str(claims.get("birthdate") or ""))
    except ValueError:
        birth = None
    text, commune, street = address_of(claims.get("address"))
    gender = str(claims.get("gender") or "")
    return VneidIdentity(
        birth_date=birth,
        sex={"male": "Nam", "female": "Nữ"}.get(gender, ""),
        address=text,
        address_commune=commune,
        address_street=street,
    )
