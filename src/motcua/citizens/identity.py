"""Whose personal ID number is it — verification of citizen accounts.

A number typed at registration is only a claim: the account is **unverified** and sees only what
it submitted itself. Nothing filed under the number (results of desk dossiers) reaches it.
The number becomes verified when VNeID vouches for it at sign-in, or when an officer checks the
person's papers at the desk. A VNeID sign-in for a number held by an unverified account takes
the number over: that account is closed (its password stops working, its submissions are kept
and marked), its holder is told, and the act is audited. Results issued while the number had no
verified holder are kept (results.IssuedResult) and delivered when the holder verifies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.services import record
from motcua.citizens.models import CitizenDocument, CitizenProfile, DocumentSource, Submission
from motcua.citizens.services import register_citizen, store_result_for_citizen
from motcua.notifications.services import notify_person
from motcua.results.models import IssuedResult, ResultKind

TAKEN_OVER = (
    "Số định danh cá nhân đã được chủ sở hữu xác thực qua VNeID; tài khoản tự đăng ký trước đó "
    "đã bị đóng."
)


class VerificationError(ValueError):
    """A verification the rules refuse; the message says why, in Vietnamese."""


def _mark_verified(profile: CitizenProfile, via: str) -> None:
    profile.verified_at, profile.verified_via = timezone.now(), via
    profile.save(update_fields=["verified_at", "verified_via"])


@transaction.atomic
def verify_at_desk(profile: CitizenProfile, *, officer: User, papers: str) -> CitizenProfile:
    """An officer has checked the holder's identity papers at the desk (audited with the
    officer's name and the papers checked), and delivers the results waiting for the number."""
    if Role.RECEIVING_OFFICER not in officer.roles():
        raise VerificationError("Chỉ công chức tiếp nhận được xác thực số định danh tại quầy.")
    papers = papers.strip()
    if not papers:
        raise VerificationError("Ghi rõ giấy tờ đã đối chiếu (ví dụ: thẻ căn cước số …).")
    locked = CitizenProfile.objects.select_for_update().get(pk=profile.pk)
    if locked.closed_at is not None:
        raise VerificationError("Tài khoản này đã bị đóng.")
    if locked.verified_at is None:
        _mark_verified(locked, "desk")
        record(
            actor=officer,
            action="verify_citizen_at_desk",
            object_type="citizen",
            object_id=locked.pk,
            after={"verified_via": "desk", "papers": papers},
        )
    deliver_waiting_results(locked)
    profile.verified_at, profile.verified_via = locked.verified_at, locked.verified_via
    return locked


@transaction.atomic
def verified_by_vneid(
    personal_id: str,
    *,
    full_name: str,
    phone: str = "",
    email: str = "",
    identity: VneidIdentity | None = None,
) -> CitizenProfile:
    """The account a VNeID sign-in for `personal_id` lands in: the verified one; an unverified
    one is closed and replaced; none yet: a new verified account. The date of birth, sex and
    address VNeID vouches for are kept on the account at every sign-in (e-forms pre-fill them)."""
    holder = CitizenProfile.objects.select_for_update().filter(personal_id=personal_id).first()
    if holder is not None and holder.verified_at is not None:
        _keep_identity(holder, identity)
        return holder
    if holder is not None:
        _close(holder, TAKEN_OVER)
    profile = register_citizen(
        personal_id=personal_id,
        full_name=full_name,
        password=None,
        phone=phone,
        email=email,
        provider="vneid",
    )
    _keep_identity(profile, identity)
    _mark_verified(profile, "vneid")
    deliver_waiting_results(profile)
    return profile


@dataclass(frozen=True)
class VneidIdentity:
    """What VNeID's userinfo says besides the number and the name (OpenID Connect claims
    birthdate, gender, address.formatted)."""

    birth_date: dt.date | None = None
    sex: str = ""
    address: str = ""
    address_commune: str = ""  # the commune's code on the official list, checked in force
    address_street: str = ""


def _keep_identity(profile: CitizenProfile, identity: VneidIdentity | None) -> None:
    if identity is None:
        return
    changed = []
    given: list[tuple[str, object]] = [
        ("birth_date", identity.birth_date),
        ("sex", identity.sex),
    ]
    if identity.address:  # the address goes whole: its units are replaced, even by none
        given += [
            ("address", identity.address),
            ("address_commune", identity.address_commune),
            ("address_street", identity.address_street),
        ]
    for name, value in given:
        if (value or name.startswith("address_")) and getattr(profile, name) != value:
            setattr(profile, name, value)
            changed.append(name)
    if changed:
        profile.save(update_fields=changed)
        record(
            actor=profile.user,
            action="vneid_identity",
            object_type="citizen",
            object_id=profile.pk,
            after={"fields": changed},
        )


def _close(squatter: CitizenProfile, reason: str) -> None:
    """Close an unverified account: it can no longer sign in, its number is freed, what it
    submitted stays (marked by the closed account), its holder is told."""
    submitted = list(Submission.objects.filter(citizen=squatter).values_list("pk", flat=True))
    old_number = squatter.personal_id
    user = squatter.user
    user.is_active = False
    user.set_unusable_password()
    user.username = f"dong-{squatter.pk}-{old_number}"[:150]
    user.save(update_fields=["is_active", "password", "username"])
    squatter.personal_id = f"~{squatter.pk}"[:12]  # frees the unique number for its holder
    squatter.closed_at, squatter.closed_reason = timezone.now(), reason
    squatter.save(update_fields=["personal_id", "closed_at", "closed_reason"])
    record(
        actor=None,
        action="close_unverified_citizen",
        object_type="citizen",
        object_id=squatter.pk,
        before={"personal_id": old_number},
        after={"closed_reason": reason, "submissions_kept": submitted},
        actor_label="VNeID (xác thực số định danh)",
    )
    notify_person(
        "account_closed",
        f"account_closed:{squatter.pk}",
        email=squatter.email,
        phone=squatter.phone,
        context={"number": old_number},
    )


def deliver_waiting_results(profile: CitizenProfile) -> int:
    """Store in the verified holder's data store every electronic result issued to the number
    that is not there yet; returns how many were delivered."""
    if not profile.verified:
        return 0
    waiting = IssuedResult.objects.filter(
        kind=ResultKind.RESULT,
        dossier__applicant_kind="person",
        dossier__applicant_id_number=profile.personal_id,
        dossier__submission__isnull=True,
    ).exclude(
        dossier_id__in=CitizenDocument.objects.filter(
            citizen=profile, source=DocumentSource.RESULT
        ).values("dossier_id")
    )
    delivered = 0
    for result in waiting.select_related("dossier"):
        with result.file.open("rb") as stored:
            if store_result_for_citizen(result.dossier, stored, result.title) is not None:
                delivered += 1
    return delivered
