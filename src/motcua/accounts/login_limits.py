"""Password guessing limits for every sign-in form: staff (/dang-nhap/), the admin
(/quan-tri/login/) and citizens (/cong-dan/dang-nhap/).

Failed attempts are counted in the shared rate-limit store (core/ratelimit.py), in three buckets
of WINDOW seconds, so that a guesser is stopped without letting a stranger lock a person out:

- per account and address: PAIR_FAILURES failures of one account from one address block that
  account at that address only; the owner signs in from anywhere else;
- per address: ADDRESS_FAILURES failures from one address, whatever the accounts, block the
  address (one machine trying many accounts);
- per account: after ACCOUNT_FAILURES failures from all addresses together (a guesser spread
  over many addresses), the account is refused from every address where it has not signed in
  successfully within KNOWN_FOR; where the person did sign in lately, they still can.

A refused attempt checks no password and counts nothing. Unknown accounts are counted as known
ones are, so a lockout tells nothing about whether an account exists. Each lockout (the failure
that fills a bucket) is an audit event `login_locked`. A successful sign-in clears the
failures of that account at that address and marks the address as known for the account.
"""

from __future__ import annotations

import hashlib

from django.db import transaction

from motcua.audit.services import record
from motcua.core import ratelimit

PAIR_FAILURES = 5
ADDRESS_FAILURES = 20
ACCOUNT_FAILURES = 20
WINDOW = 15 * 60  # seconds
KNOWN_FOR = 30 * 24 * 3600  # seconds an address stays known for an account after a sign-in
MINUTES = WINDOW // 60


class LoginLocked(Exception):  # noqa: N818  (a refusal shown to the person)
    """Too many failed sign-ins; the message is for the person."""


def _account(kind: str, account: str) -> str:
    """The account as counted: a digest (no personal ID number in the counters), per kind."""
    name = account.strip().casefold()
    return hashlib.sha256(f"{kind}\0{name}".encode()).hexdigest()[:32]


def _buckets(kind: str, account: str, address: str) -> dict[str, tuple[str, str, int]]:
    who = _account(kind, account)
    return {
        "pair": ("login-pair", f"{who}|{address}", PAIR_FAILURES),
        "address": ("login-address", address, ADDRESS_FAILURES),
        "account": ("login-account", who, ACCOUNT_FAILURES),
    }


def _known(kind: str, account: str, address: str) -> bool:
    return ratelimit.reached("login-known", f"{_account(kind, account)}|{address}", 1)


def check(kind: str, account: str, address: str) -> None:
    """Raise LoginLocked when this attempt must be refused without checking the password."""
    buckets = _buckets(kind, account, address)
    locked = any(ratelimit.reached(*buckets[name]) for name in ("pair", "address")) or (
        ratelimit.reached(*buckets["account"]) and not _known(kind, account, address)
    )
    if locked:
        raise LoginLocked(
            f"Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {MINUTES} phút "
            "hoặc đăng nhập từ thiết bị bạn vẫn dùng."
        )


def failed(kind: str, account: str, address: str) -> None:
    """Count one failed sign-in; the failure that fills a bucket is audited as a lockout."""
    for scope, (bucket, client, limit) in _buckets(kind, account, address).items():
        was_full = ratelimit.reached(bucket, client, limit)
        ratelimit.allow(bucket, client, limit=limit, window=WINDOW)
        if not was_full and ratelimit.reached(bucket, client, limit):
            with transaction.atomic():
                record(
                    actor=None,
                    action="login_locked",
                    object_type="account",
                    object_id=account.strip()[:60],
                    after={"kind": kind, "scope": scope, "address": address, "minutes": MINUTES},
                )


def succeeded(kind: str, account: str, address: str) -> None:
    """Clear the failures of this account at this address; remember the address as known."""
    who = _account(kind, account)
    ratelimit.forget("login-pair", f"{who}|{address}")
    ratelimit.allow("login-known", f"{who}|{address}", limit=1, window=KNOWN_FOR)
