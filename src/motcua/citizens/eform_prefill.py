"""Pre-filling an e-form so that the citizen confirms, never retypes: from the verified identity
(VNeID: name, date of birth, sex, permanent address with its commune, personal ID number), the
account (phone), and the citizen's data store (what they gave on their own earlier dossiers).

- A value VNeID vouched for (the account was verified by a VNeID sign-in) is fixed: the form
  shows it read-only and the server keeps it whatever is posted. The permanent address is the
  exception: a form asks where the person lives (nơi cư trú, which may be a temporary residence),
  so VNeID's address only pre-selects the province and commune and fills the street.
- A self-registered account's values, and VNeID's address, are suggestions the citizen may
  change.
- The data store: the e-form values of the dossiers the citizen owns (citizens/permissions, the
  one ownership rule), newest first, for fields of the same meaning (``definition.meaning``: the
  declared ``remember`` key or the prefill key; never the label). Each suggestion says which
  dossier it came from. Nobody else's dossier is ever read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from motcua.catalog.eform_definition import (
    DefinitionError,
    FieldDef,
    FormDefinition,
    load_definition,
    meaning,
    options_of,
)
from motcua.citizens.models import CitizenProfile
from motcua.citizens.permissions import dossiers_owned_by
from motcua.eforms.models import FormData
from motcua.eforms.origin import Origin
from motcua.units.models import UnitKind
from motcua.units.picker import address_line
from motcua.units.services import units_on

SEX_LABELS = {"male": "Nam", "female": "Nữ", "nam": "Nam", "nữ": "Nữ", "nu": "Nữ"}
EARLIER_DOSSIERS = 20  # the newest dossiers read for suggestions


FROM_ACCOUNT = Origin("Từ tài khoản", "Điền sẵn từ tài khoản của bạn; bạn có thể sửa.")
FROM_VNEID_ADDRESS = Origin(
    "Từ VNeID, có thể sửa",
    "Điền sẵn nơi thường trú từ VNeID; sửa nếu bạn đang cư trú ở nơi khác (tạm trú).",
)


@dataclass
class Prefilled:
    fixed: dict[str, Any] = field(default_factory=dict)  # vouched for by VNeID: read-only
    suggested: dict[str, Any] = field(default_factory=dict)  # the citizen may change them
    origins: dict[str, Origin] = field(default_factory=dict)  # where a suggestion came from


def identity_address(profile: CitizenProfile) -> dict[str, Any] | str:
    """The account's address as an e-form address value: with the province and commune codes
    when VNeID gave a commune in force today, else the text alone."""
    text = profile.address.strip()
    if not text:
        return ""
    commune = None
    if profile.address_commune:
        communes = units_on(timezone.localdate(), UnitKind.COMMUNE)
        commune = communes.filter(admin_code=profile.address_commune).first()
    province = commune.province() if commune is not None else None
    if commune is None or province is None:
        return {"province": "", "commune": "", "detail": text, "text": text}
    street = profile.address_street.strip()
    return {
        "province": province.code,
        "commune": commune.code,
        "detail": street,
        "text": address_line(street, commune),
    }


def identity_values(profile: CitizenProfile) -> dict[str, Any]:
    """What the account knows of its holder, by prefill key."""
    values: dict[str, Any] = {
        "name": profile.full_name,
        "personal_id": profile.personal_id,
        "phone": profile.phone,
        "birth_date": profile.birth_date.isoformat() if profile.birth_date else "",
        "sex": SEX_LABELS.get(profile.sex.strip().lower(), ""),
        "address": identity_address(profile),
    }
    return {key: value for key, value in values.items() if value}


def _fits(target: FieldDef, source: FieldDef, value: Any) -> Any:
    """The value as the target field takes it, or None when it does not fit there."""
    if target.type == "text" and source.type == "address" and isinstance(value, dict):
        return value.get("text") or None
    fits = target.type == source.type
    if target.type == "address":
        fits = fits and isinstance(value, dict) and bool(value.get("text"))
    elif target.type == "choice":
        fits = fits and value in options_of(target)
    elif target.type == "number":
        fits = (
            fits
            and isinstance(value, int)
            and (target.min is None or value >= target.min)
            and (target.max is None or value <= target.max)
        )
    return value if fits else None


def earlier_values(
    definition: FormDefinition, profile: CitizenProfile
) -> tuple[dict[str, Any], dict[str, Origin]]:
    """(values, origins) by field name from the citizen's own earlier dossiers, newest first."""
    wanted = {meaning(fd) for fd in definition.fields()} - {""}
    if not wanted:
        return {}, {}
    rows = (
        FormData.objects.filter(dossier_id__in=dossiers_owned_by(profile.user))
        .select_related("dossier__procedure_version")
        .order_by("-dossier__received_at", "-pk")[:EARLIER_DOSSIERS]
    )
    found: dict[str, tuple[FieldDef, Any, Origin]] = {}
    for data in rows:
        dossier = data.dossier
        if dossier is None or not dossier.procedure_version.eform:
            continue
        try:
            old = load_definition(dossier.procedure_version.eform)
        except DefinitionError:
            continue
        day = timezone.localtime(dossier.received_at).strftime("%d/%m/%Y")
        origin = Origin(
            "Từ hồ sơ trước",
            f"Điền sẵn từ hồ sơ {dossier.code or dossier.pk} ngày {day}; bạn có thể sửa.",
        )
        for fd in old.fields():
            key = meaning(fd)
            if key in wanted and key not in found and data.values.get(fd.name) not in (None, ""):
                found[key] = (fd, data.values[fd.name], origin)
    values: dict[str, Any] = {}
    origins: dict[str, Origin] = {}
    for fd in definition.fields():
        if meaning(fd) not in found:
            continue
        source, value, origin = found[meaning(fd)]
        fitted = _fits(fd, source, value)
        if fitted is not None:
            values[fd.name], origins[fd.name] = fitted, origin
    return values, origins


def prefill(definition: FormDefinition, profile: CitizenProfile) -> Prefilled:
    """What the form starts with; VNeID's fixed values first, then the account's, then the
    citizen's earlier dossiers."""
    known = identity_values(profile)
    values = {}
    for fd in definition.fields():
        if fd.prefill and fd.prefill in known:
            value = known[fd.prefill]
            values[fd.name] = (
                value["text"] if fd.type == "text" and isinstance(value, dict) else value
            )
    vneid = profile.verified and profile.verified_via == "vneid"
    result = Prefilled()
    for name, value in values.items():
        kind = next(fd.type for fd in definition.fields() if fd.name == name)
        if vneid and kind not in ("phone", "address"):  # VNeID vouches for neither
            result.fixed[name] = value
        else:
            result.suggested[name] = value
            result.origins[name] = (
                FROM_VNEID_ADDRESS if vneid and kind == "address" else FROM_ACCOUNT
            )
    earlier, origins = earlier_values(definition, profile)
    for name, value in earlier.items():
        if name not in result.fixed and name not in result.suggested:
            result.suggested[name], result.origins[name] = value, origins[name]
    return result
