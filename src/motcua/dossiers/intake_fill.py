"""What the intake form offers the receiving officer before anything is written: the procedures
ranked for the unit, the catalogue's components with their conditions and kinds of copy, the
applicant's fields from a scanned chip ID card and from the unit's earlier dossiers.

Nothing here writes a dossier: the form posts to services.receive_dossier as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.services import record_personal_data_read
from motcua.catalog.models import Component, ProcedureVersion, current_versions
from motcua.catalog.search import search_versions
from motcua.domain.chip_id_qr import parse_chip_id_qr
from motcua.domain.component_conditions import component_condition
from motcua.domain.text import fold
from motcua.dossiers.components import MAX_COPIES, ComponentIn
from motcua.dossiers.countdown import start_of
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import CopyKind, Dossier, Sex
from motcua.dossiers.permissions import own_unit_dossiers
from motcua.units.models import Unit
from motcua.units.picker import communes_on, provinces_on
from motcua.units.tree import units_served_by

USAGE_DAYS = 365  # "most used" counts the unit's dossiers of the last year
USAGE_SECONDS = 600  # and is recounted every ten minutes at most
SHOWN = 12  # procedures listed for one query (or the unit's most used, without one)
# The kinds of copy the officer may record for what the catalogue asks: a certified copy serves
# where a copy is asked; "bản chính hoặc bản sao có chứng thực" is either one; a paper to show
# ("Xuất trình") is looked at and handed back, never kept.
ACCEPTED_KINDS: dict[str, tuple[str, ...]] = {
    "original": (CopyKind.ORIGINAL,),
    "copy": (CopyKind.COPY, CopyKind.CERTIFIED_COPY),
    "certified_copy": (CopyKind.CERTIFIED_COPY,),
    "original_or_certified_copy": (CopyKind.ORIGINAL, CopyKind.CERTIFIED_COPY),
    "presented": (CopyKind.PRESENTED,),
}
KIND_LABELS = dict(CopyKind.choices)


# --- procedures -------------------------------------------------------------------------------


def _usage(unit: Unit, today: dt.date) -> dict[int, int]:
    """Dossiers per procedure id received by the unit (and the units it took over) last year."""
    key = f"intake-usage:{unit.pk}:{today.isoformat()}"
    cached = cache.get(key)
    if cached is not None:
        return dict(cached)
    since = start_of(today - dt.timedelta(days=USAGE_DAYS))
    rows = (
        Dossier.objects.filter(receiving_unit_id__in=units_served_by(unit), received_at__gte=since)
        .order_by()
        .values_list("procedure_version__procedure_id")
        .annotate(n=Count("id"))
    )
    usage = dict(rows)
    cache.set(key, usage, USAGE_SECONDS)
    return usage


@dataclass(frozen=True)
class ProcedureChoice:
    code: str
    name: str
    used: int  # the unit's dossiers of it last year


def procedure_choices(unit: Unit, query: str, today: dt.date) -> list[ProcedureChoice]:
    """The procedures a desk receives, for what the officer typed (code, or words of the name
    with or without diacritics: catalog/search.py ranks them), the unit's most used first within
    each rank; without a query, the unit's most used."""
    versions: QuerySet[ProcedureVersion] = current_versions(today).filter(
        procedure__kind="procedure"
    )
    usage = _usage(unit, today)
    if query.strip():
        found = list(search_versions(versions, query).select_related("procedure")[:200])
        found.sort(
            key=lambda v: (
                getattr(v, "search_rank", 0),
                -usage.get(v.procedure_id, 0),
                getattr(v, "name_length", 0),
            )
        )
    else:
        found = sorted(
            versions.select_related("procedure"),
            key=lambda v: (-usage.get(v.procedure_id, 0), v.name_fold),
        )
    return [ProcedureChoice(v.procedure.code, v.name, usage.get(v.procedure_id, 0)) for v in found][
        :SHOWN
    ]


# --- components -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentRow:
    """One line of the intake checklist, as shown and as last posted."""

    component: Component
    condition: str
    kinds: tuple[tuple[str, str], ...]  # (value, label) the officer may pick
    present: bool
    kind: str
    count: int
    digitised: bool

    @property
    def presented(self) -> bool:
        return self.kinds == ((CopyKind.PRESENTED.value, KIND_LABELS[CopyKind.PRESENTED]),)


def _count(text: str, default: int) -> int:
    return int(text) if text.isdigit() else default


def component_rows(version: ProcedureVersion, post: Mapping[str, str] | None) -> list[ComponentRow]:
    """The catalogue's components: before anything is posted the unconditional ones ticked,
    the conditional ones unticked (their case shown), nothing marked digitised yet."""
    rows = []
    for component in version.components.all():
        condition = component_condition(component.name)
        kinds = ACCEPTED_KINDS.get(component.copy_kind, (CopyKind.ORIGINAL,))
        pk = component.pk
        if post is None:
            present, kind, count, digitised = not condition, kinds[0], component.count, False
        else:
            present = post.get(f"present-{pk}") == "on"
            kind = post.get(f"kind-{pk}") or kinds[0]
            count = _count(post.get(f"count-{pk}", ""), component.count)
            digitised = post.get(f"digitised-{pk}") == "on"
        rows.append(
            ComponentRow(
                component=component,
                condition=condition,
                kinds=tuple((k, KIND_LABELS[k]) for k in kinds),
                present=present,
                kind=kind,
                count=count,
                digitised=digitised,
            )
        )
    return rows


def components_posted(version: ProcedureVersion, post: Mapping[str, str]) -> list[ComponentIn]:
    """The ticked components, named as the catalogue names them, with the kind of copy the
    officer recorded (one the catalogue accepts) and the number of copies."""
    given = []
    for row in component_rows(version, post):
        if not row.present:
            continue
        if row.kind not in dict(row.kinds):
            raise DossierError(f"Loại bản không phù hợp với thành phần “{row.component.name}”.")
        if not 1 <= row.count <= MAX_COPIES:
            raise DossierError(f"Số lượng của “{row.component.name}” phải từ 1 đến {MAX_COPIES}.")
        given.append(
            ComponentIn(
                name=row.component.name,
                copy_kind=row.kind,
                count=row.count,
                digitised=row.digitised and row.kind != CopyKind.PRESENTED,
                catalog_component_id=row.component.pk,
            )
        )
    return given


# --- the applicant ----------------------------------------------------------------------------


def fields_from_qr(text: str) -> dict[str, str]:
    """The form's applicant fields from a scanned chip ID card (DossierError if unreadable)."""
    try:
        card = parse_chip_id_qr(text)
    except ValueError as exc:
        raise DossierError(str(exc)) from None
    return {
        "applicant_name": card.full_name,
        "id_number": card.id_number,
        "birth_date": f"{card.birth_date:%d/%m/%Y}",
        "sex": Sex.MALE.value if card.sex == "Nam" else Sex.FEMALE.value,
        "address": card.address,
    }


def commune_in_address(address: str, day: dt.date) -> tuple[Unit | None, str]:
    """The commune a card's address ends with ("…, xã Phú Tân, tỉnh An Giang") when the list in
    force on `day` has exactly that commune in that province, and the rest of the address (the
    free text: the picked units are printed after it); (None, address) otherwise."""
    parts = [part.strip() for part in address.split(",") if part.strip()]
    if len(parts) < 2:
        return None, address
    province = provinces_on(day).filter(name_fold=fold(parts[-1])).first()
    communes = communes_on(day, province).filter(name_fold=fold(parts[-2]))[:2]
    if len(communes) != 1:
        return None, address
    return communes[0], ", ".join(parts[:-2])


@dataclass(frozen=True)
class EarlierApplicant:
    """What the applicant gave on the latest dossier of the officer's units."""

    dossier_id: int
    code: str
    received_on: dt.date
    fields: dict[str, str]
    address_unit: Unit | None


def earlier_applicant(user: User, id_number: str) -> EarlierApplicant | None:
    """The latest dossier of this personal ID in the units the officer serves (never another
    unit's); reading it is logged as a read of personal data."""
    number = id_number.strip()
    if len(number) != 12 or not number.isdigit():
        return None
    dossier = (
        own_unit_dossiers(user)
        .filter(applicant_id_number=number, applicant_kind="person")
        .select_related("applicant_address_unit")
        .order_by("-received_at", "-pk")
        .first()
    )
    if dossier is None:
        return None
    record_personal_data_read(
        actor=user, object_type="dossier", object_id=dossier.pk, fields=["applicant"]
    )
    unit = dossier.applicant_address_unit
    fields = {
        "applicant_name": dossier.applicant_name,
        "birth_date": (
            f"{dossier.applicant_birth_date:%d/%m/%Y}" if dossier.applicant_birth_date else ""
        ),
        "sex": dossier.applicant_sex,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
        "address_unit": unit.code if unit is not None else "",
    }
    return EarlierApplicant(
        dossier_id=dossier.pk,
        code=dossier.code or "",
        received_on=timezone.localtime(dossier.received_at).date(),
        fields={k: v for k, v in fields.items() if v},
        address_unit=unit,
    )
