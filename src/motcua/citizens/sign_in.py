"""Which identity provider signs a citizen in, chosen from the configuration: above both the
interface (citizens/identity_providers.py) and the simulator that stands behind it
(citizens/vneid_simulator.py), so that neither imports the other's selection."""

from __future__ import annotations

from django.conf import settings

from motcua.citizens import vneid_simulator
from motcua.citizens.identity_providers import (
    IdentityProvider,
    OidcProvider,
    PasswordProvider,
    ProviderNotConfigured,
)


def vneid_provider() -> OidcProvider:
    """Sign-in with VNeID as configured (settings.MOTCUA_VNEID); raises ProviderNotConfigured."""
    mode = settings.MOTCUA_VNEID.mode
    if mode == "simulator":
        return vneid_simulator.provider()
    if mode == "oidc":
        return OidcProvider(settings.MOTCUA_VNEID.oidc)
    raise ProviderNotConfigured("Chưa kết nối đăng nhập bằng VNeID (MOTCUA_VNEID=off).")


def provider(name: str) -> IdentityProvider:
    """The provider by name ("password", "vneid"); raises ProviderNotConfigured."""
    if name == PasswordProvider.name:
        return PasswordProvider()
    if name == OidcProvider.name:
        return vneid_provider()
    raise ProviderNotConfigured(f"Không có cách xác thực “{name}”.")
