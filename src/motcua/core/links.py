"""Every public address motcua prints or sends: QR codes, tracking and verification links,
links in e-mails and notifications, the return address given to a payment gateway.

All of them start with MOTCUA_PUBLIC_URL (docs/configuration.md), never with the address of the
request that happens to build them nor with a fixed host. `joined` needs no Django: config.py
builds the VNeID return address with it."""

from __future__ import annotations

from urllib.parse import quote


def joined(base: str, path: str) -> str:
    """`base` (scheme, host, optional prefix) followed by the absolute `path`."""
    return base.rstrip("/") + "/" + path.lstrip("/")


def public_url(path: str) -> str:
    """The public address of a path of this site, e.g. public_url("/tra-cuu/")."""
    from django.conf import settings

    return joined(str(settings.MOTCUA_PUBLIC_URL), path)


def tracking_url(code: str | None) -> str:
    """Where a citizen follows a dossier by its code (printed as the receipt's QR code)."""
    return public_url(f"/tra-cuu/?ma={quote(code or '', safe='')}")


def verification_url(token: str) -> str:
    """Where anyone checks an issued electronic result (its QR code and link)."""
    return public_url(f"/xac-minh/{quote(token, safe='')}/")
