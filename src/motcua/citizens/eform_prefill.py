"""Pre-filling an e-form from the citizen's verified identity (VNeID: name, date of birth, sex,
address, personal ID number) and the account (phone): the citizen confirms, never retypes.

A value VNeID vouched for (the account was verified by a VNeID sign-in) is fixed: the form shows
it read-only and the server keeps it whatever is posted. A self-registered account's values are
only suggestions the citizen may correct.
"""

from __future__ import annotations

from typing import Any

from motcua.catalog.eform_definition import FormDefinition
from motcua.citizens.models import CitizenProfile

SEX_LABELS = {"male": "Nam", "female": "Nữ", "nam": "Nam", "nữ": "Nữ", "nu": "Nữ"}


def identity_values(profile: CitizenProfile) -> dict[str, Any]:
    """What the account knows of its holder, by prefill key."""
    address = profile.address.strip()
    values: dict[str, Any] = {
        "name": profile.full_name,
        "personal_id": profile.personal_id,
        "phone": profile.phone,
        "birth_date": profile.birth_date.isoformat() if profile.birth_date else "",
        "sex": SEX_LABELS.get(profile.sex.strip().lower(), ""),
        "address": {"province": "", "commune": "", "detail": address, "text": address}
        if address
        else "",
    }
    return {key: value for key, value in values.items() if value}


def prefill(
    definition: FormDefinition, profile: CitizenProfile
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(fixed, suggested): values by field name; fixed when VNeID vouched for them."""
    known = identity_values(profile)
    values = {}
    for field in definition.fields():
        if field.prefill and field.prefill in known:
            value = known[field.prefill]
            values[field.name] = (
                value["text"] if field.type == "text" and isinstance(value, dict) else value
            )
    if profile.verified and profile.verified_via == "vneid":
        vouched = {k: v for k, v in values.items() if not _phone(definition, k)}
        return vouched, {k: v for k, v in values.items() if k not in vouched}
    return {}, values


def _phone(definition: FormDefinition, name: str) -> bool:
    """A phone number is the citizen's to change (VNeID does not vouch for it)."""
    return any(f.name == name and f.type == "phone" for f in definition.fields())
