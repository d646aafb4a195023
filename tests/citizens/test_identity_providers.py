"""The identity-provider interface: password provider and the VNeID-style OIDC adapter."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.citizens.identity_providers import (
    OidcProvider,
    PasswordProvider,
    ProviderNotConfigured,
)
from motcua.citizens.models import CitizenProfile
from motcua.citizens.sign_in import provider
from tests.citizens.conftest import PASSWORD

CONFIG = {
    "issuer": "https://sso.vneid.example",
    "authorization_endpoint": "https://sso.vneid.example/authorize",
    "token_endpoint": "https://sso.vneid.example/token",
    "userinfo_endpoint": "https://sso.vneid.example/userinfo",
    "client_id": "motcua-an-giang",
    "client_secret": "bi-mat",
    "redirect_uri": "https://motcua.example/cong-dan/vneid/",
    "personal_id_claim": "citizen_pid",
}


class SimulatedOperator:
    """A stand-in for the identity operator's token and userinfo endpoints (named as such)."""

    def __init__(self, claims: dict[str, Any]) -> None:
        self.claims = claims
        self.calls: list[tuple[str, str]] = []

    def __call__(
        self, method: str, url: str, data: dict[str, str], headers: dict[str, str]
    ) -> dict[str, Any]:
        self.calls.append((method, url))
        if url.endswith("/token"):
            return {"access_token": "at-1"} if data.get("code") == "good" else {}
        assert headers["Authorization"] == "Bearer at-1"
        return self.claims


def test_the_oidc_adapter_refuses_to_work_without_its_settings() -> None:
    with pytest.raises(ProviderNotConfigured, match="MOTCUA_VNEID=off"):
        provider("vneid")
    with pytest.raises(ProviderNotConfigured, match="client_secret"):
        OidcProvider({k: v for k, v in CONFIG.items() if k != "client_secret"})
    with pytest.raises(ProviderNotConfigured, match="MOTCUA_VNEID"):
        OidcProvider()  # settings.MOTCUA_VNEID.oidc is None when off
    with pytest.raises(ProviderNotConfigured, match="https"):
        OidcProvider({**CONFIG, "token_endpoint": "http://sso.vneid.example/token"})


def test_the_authorization_url_carries_state_and_nonce() -> None:
    url = OidcProvider(CONFIG).authorization_url("s-1", "n-1")
    assert url.startswith("https://sso.vneid.example/authorize?response_type=code")
    assert "state=s-1" in url
    assert "nonce=n-1" in url
    assert "client_id=motcua-an-giang" in url


@pytest.mark.django_db
def test_a_vneid_sign_in_finds_or_opens_the_citizens_account(reference: None) -> None:
    operator = SimulatedOperator({"citizen_pid": "089190000123", "name": "Nguyễn Thị Ngọc Ánh"})
    oidc = OidcProvider(CONFIG, transport=operator)
    profile = oidc.authenticate(client_ip="1.2.3.4", code="good", state="s", expected_state="s")
    assert profile is not None
    assert profile.identity_provider == "vneid"
    assert not profile.user.has_usable_password()
    again = oidc.authenticate(client_ip="1.2.3.4", code="good", state="s", expected_state="s")
    assert again == profile
    assert CitizenProfile.objects.count() == 1
    assert oidc.authenticate(client_ip="1.2.3.4", code="bad", state="s", expected_state="s") is None
    assert (
        oidc.authenticate(client_ip="1.2.3.4", code="good", state="x", expected_state="s") is None
    )


@pytest.mark.django_db
def test_the_password_provider_is_the_default(citizen: CitizenProfile) -> None:
    assert isinstance(provider("password"), PasswordProvider)
    assert (
        PasswordProvider().authenticate(
            client_ip="1.1.1.1", personal_id="089190000123", password=PASSWORD
        )
        == citizen
    )
