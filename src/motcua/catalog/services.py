"""The only write path for the catalogue.

A version that a dossier uses is read-only (`check_editable`): the dossier was received under it
and keeps its time limit, fees and documents. A change of law is a new version from a date
(`new_version`); every write is an audit event.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.catalog.loader import CatalogError, effective_from, validate
from motcua.catalog.models import (
    Component,
    Fee,
    Field,
    Level,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    Publication,
    current_versions,
)
from motcua.units.models import Unit


@transaction.atomic
def load_catalog(data: dict[str, Any]) -> tuple[int, int]:
    """Load fields and procedures; returns (procedures created, versions written).

    A version is identified by (procedure, effective date): loading again rewrites it in place,
    a new effective date adds a version. Nothing is written when any row is wrong.
    """
    problems = validate(data)
    if problems:
        raise CatalogError(problems)
    fields = {}
    for row in data["fields"]:
        fields[row["code"]], _ = Field.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "ministry": row.get("ministry") or "",
                "report_order": row.get("report_order") or 99,
            },
        )
    created = 0
    for row in data["procedures"]:
        procedure, was_created = Procedure.objects.update_or_create(
            code=row["code"], defaults={"kind": row.get("kind", "procedure")}
        )
        created += was_created
        write_version(procedure, effective_from(row), row, fields[row["field"]])
    return created, len(data["procedures"])


def in_use(version: ProcedureVersion) -> bool:
    """Whether a dossier (received, imported or generated) pins this version."""
    return version.dossier_set.exists()  # the reverse of Dossier.procedure_version


def in_use_message(version: ProcedureVersion) -> str:
    return (
        f"Thủ tục {version.procedure.code}, phiên bản áp dụng từ ngày "
        f"{version.valid_from:%d/%m/%Y}, đã được dùng cho hồ sơ nên không được sửa: hãy tạo "
        "phiên bản mới áp dụng từ ngày văn bản mới có hiệu lực."
    )


def content(version: ProcedureVersion) -> dict[str, Any]:
    """What a version says (its fields, fees, documents and steps), without row ids."""
    children = {
        name: [
            model_to_dict(child, exclude=["id", "version"])
            for child in getattr(version, name).order_by("order", "pk")
        ]
        for name in ("fees", "components", "steps")
    }
    return {**model_to_dict(version, exclude=["id"]), **children}


def write_version(
    procedure: Procedure, valid_from: dt.date, row: dict[str, Any], field: Field
) -> ProcedureVersion:
    """Write the version of `row` from `valid_from`; a version in use is left as it is when the
    row says the same, and refused (CatalogError) when it says something else."""
    used = ProcedureVersion.objects.filter(procedure=procedure, valid_from=valid_from).first()
    if used is None or not in_use(used):
        return _write_version(procedure, valid_from, row, field)
    before = content(used)
    after = _row_content(procedure, valid_from, row, field)  # compared, never written
    if after == before:
        return used
    if not before["eform"] and {**after, "eform": {}} == before:
        # the first e-form of a version in use: the form the version already names (its
        # "Tờ khai" component), now as data; changing it later needs a new version
        used.eform = after["eform"]
        used.save(update_fields=["eform"])
        return used
    if before["eform"] and {**after, "eform": _unremembered(after["eform"])} == {
        **before,
        "eform": _unremembered(before["eform"]),
    }:
        # only the fields' `remember` keys differ: what the form asks, checks and prints is the
        # same; the keys say which earlier values may pre-fill (citizens/eform_prefill.py)
        used.eform = after["eform"]
        used.save(update_fields=["eform"])
        return used
    raise CatalogError([in_use_message(used)])


def _unremembered(eform: dict[str, Any]) -> dict[str, Any]:
    """The e-form definition without its fields' `remember` keys."""
    return {
        **eform,
        "sections": [
            {
                **section,
                "fields": [
                    {k: v for k, v in fd.items() if k != "remember"} for fd in section["fields"]
                ],
            }
            for section in eform.get("sections", [])
        ],
    }


def _version_fields(row: dict[str, Any], field: Field) -> dict[str, Any]:
    publication = row.get("publication") or {}
    limit = row["time_limit"]
    return {
        "name": row["name"],
        "field": field,
        "level": row["level"],
        "performing_agency": row.get("performing_agency") or "",
        "online_level": row.get("online_level") or "none",
        "channels": row.get("channels", []),
        "result_delivery": row.get("result_delivery", []),
        "time_limit_value": limit["value"],
        "time_limit_unit": limit["unit"],
        "time_limit_text": limit.get("text") or "",
        "result_types": row.get("result_types", []),
        "legal_basis": row.get("legal_basis", []),
        "publication_decision": publication.get("decision") or "",
        "publication_date": (
            dt.date.fromisoformat(publication["date"]) if publication.get("date") else None
        ),
        "publication_by": publication.get("by") or "",
        "published_at_desk": row.get("published_at_desk", True),
        "published_on_portal": row.get("published_on_portal", True),
        "interlinked_group": row.get("interlinked_group"),
        "interlinked_order": row.get("interlinked_order"),
        "sources": row.get("sources", []),
        "assumed_fields": row.get("assumed_fields", []),
        "notes": row.get("notes") or "",
        "eform": row.get("eform") or {},
    }


def _children(
    row: dict[str, Any],
) -> tuple[list[Fee], list[Component], list[ProcessStep]]:
    """The row's fees, documents and steps as unsaved rows (their version not yet set)."""
    fees = [
        Fee(
            order=i,
            kind=f["kind"],
            name=f["name"],
            rule=f["rule"],
            amount=f.get("amount"),
            first_pages=f.get("first_pages"),
            per_page_first=f.get("per_page_first"),
            per_page_after=f.get("per_page_after"),
            cap=f.get("cap"),
            unit_text=f.get("unit_text") or "",
            exemptions=f.get("exemptions") or [],
            legal_ref=f.get("legal_ref") or "",
            assumed=bool(f.get("assumed")),
        )
        for i, f in enumerate(row.get("fees", []), start=1)
    ]
    components = [
        Component(
            order=i,
            name=c["name"],
            copy_kind=c["copy_kind"],
            count=c.get("count") or 1,
            must_digitise=c.get("must_digitise", True),
            reusable=c.get("reusable", False),
            form_template=c.get("form_template") or "",
        )
        for i, c in enumerate(row.get("components", []), start=1)
    ]
    steps = [
        ProcessStep(
            order=s.get("order", i),
            name=s["name"],
            performer=s["performer"],
            share=Decimal(str(s["share"])),
        )
        for i, s in enumerate(row.get("internal_process", []), start=1)
    ]
    return fees, components, steps


def _order(step: ProcessStep) -> int:
    return int(step.order)


def _row_content(
    procedure: Procedure, valid_from: dt.date, row: dict[str, Any], field: Field
) -> dict[str, Any]:
    """What `content` would say of the version once `row` is written, without writing it (a
    version in use is referenced by its dossiers' documents: it is never rewritten)."""
    version = ProcedureVersion(
        procedure=procedure, valid_from=valid_from, **_version_fields(row, field)
    )
    fees, components, steps = _children(row)
    children = {
        "fees": [model_to_dict(c, exclude=["id", "version"]) for c in fees],
        "components": [model_to_dict(c, exclude=["id", "version"]) for c in components],
        "steps": [model_to_dict(c, exclude=["id", "version"]) for c in sorted(steps, key=_order)],
    }
    return {**model_to_dict(version, exclude=["id"]), **children}


def _write_version(
    procedure: Procedure, valid_from: dt.date, row: dict[str, Any], field: Field
) -> ProcedureVersion:
    version, _ = ProcedureVersion.objects.update_or_create(
        procedure=procedure, valid_from=valid_from, defaults=_version_fields(row, field)
    )
    version.fees.all().delete()
    version.components.all().delete()
    version.steps.all().delete()
    fees, components, steps = _children(row)
    for rows in (fees, components, steps):
        for child in rows:
            child.version = version
    Fee.objects.bulk_create(fees)
    Component.objects.bulk_create(components)
    ProcessStep.objects.bulk_create(steps)
    return version


@transaction.atomic
def new_version(
    version: ProcedureVersion,
    valid_from: dt.date,
    *,
    actor: User | None = None,
    document: str = "",
) -> ProcedureVersion:
    """Copy a version, with its fees, documents and process, into a new one from `valid_from`.

    `document` is the deciding document (a fee change: the resolution or circular that sets the
    new amounts); it heads the copy's legal basis and is in the audit event. The administrator
    then edits the copy; dossiers received before `valid_from` keep the old one.
    """
    document = document.strip()
    if valid_from <= version.valid_from:
        raise ValueError("Phiên bản mới phải áp dụng từ sau ngày áp dụng của phiên bản đang sửa.")
    if ProcedureVersion.objects.filter(procedure=version.procedure, valid_from=valid_from).exists():
        raise ValueError(f"Thủ tục đã có phiên bản áp dụng từ ngày {valid_from:%d/%m/%Y}.")
    children = (list(version.fees.all()), list(version.components.all()), list(version.steps.all()))
    copy = ProcedureVersion.objects.get(pk=version.pk)  # a fresh instance: the caller's stays as is
    copy.pk = None
    copy.valid_from = valid_from
    if document and document not in copy.legal_basis:
        copy.legal_basis = [document, *copy.legal_basis]
    copy.save()
    for rows in children:
        for child in rows:
            child.pk = None
            child.version = copy
            child.save()
    record(
        actor=actor,
        action="new_procedure_version",
        object_type="procedure_version",
        object_id=copy.pk,
        before={"copied_from": version.pk},
        after={**content(copy), "deciding_document": document},
    )
    return copy


@transaction.atomic
def publish_for_unit(unit: Unit, *, level: str = Level.COMMUNE, day: dt.date) -> int:
    """Publish every procedure of `level` in force on `day` at the unit's desk and on the portal."""
    versions = current_versions(day).filter(level=level)
    count = 0
    for version in versions.select_related("procedure"):
        Publication.objects.update_or_create(
            unit=unit,
            procedure=version.procedure,
            defaults={
                "at_desk": version.published_at_desk,
                "on_portal": version.published_on_portal,
            },
        )
        count += 1
    return count
