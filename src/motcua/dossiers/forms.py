"""The official forms of a dossier: contexts built from the records, and issued documents.

Each form issued by an act (receipt, supplement request, refusal, apology, stop notice) has its
context built here inside the act's transaction; dossiers/issued.py stores it with the audit
event and renders the PDF once, after commit; a reprint serves the stored bytes. The control slip
and the tracking book are rendered on demand from the current records.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from motcua.accounts.signers import Signer
from motcua.catalog.models import CopyKind as CatalogCopyKind
from motcua.core.links import tracking_url
from motcua.documents.context import (
    Agency,
    ApologyContext,
    ComponentLine,
    ControlSlipContext,
    HandOver,
    Person,
    ReceiptContext,
    RefusalContext,
    StopContext,
    SupplementContext,
    SupplementItem,
    TrackingBookContext,
    TrackingRow,
)
from motcua.dossiers.countdown import start_of
from motcua.dossiers.models import Delivery, Dossier, Sex
from motcua.units.models import Unit
from motcua.units.picker import address_line
from motcua.units.tree import units_served_by

PREFIXES = (
    "Thị trấn ",
    "Xã ",
    "Phường ",
    "Đặc khu ",
    "Huyện ",
    "Quận ",
    "Thị xã ",
    "Thành phố ",
    "Tỉnh ",
)
COPY_LABELS = dict(CatalogCopyKind.choices)
SALUTATIONS = {Sex.MALE.value: "Ông", Sex.FEMALE.value: "Bà"}


def place_name(unit: Unit) -> str:
    for prefix in PREFIXES:
        if unit.name.startswith(prefix):
            return unit.name[len(prefix) :]
    return unit.name


def agency_for(unit: Unit) -> Agency:
    committee = f"Ủy ban nhân dân {unit.name[:1].lower()}{unit.name[1:]}"
    return Agency(
        name="BỘ PHẬN MỘT CỬA",
        parent_name=committee.upper(),
        place_name=place_name(unit),
        name_in_text=committee,
    )


def person_for(dossier: Dossier) -> Person:
    return Person(
        full_name=dossier.applicant_name,
        salutation=SALUTATIONS.get(dossier.applicant_sex, "Ông/Bà"),
        address=address_line(dossier.applicant_address, dossier.applicant_address_unit),
        phone=dossier.applicant_phone,
        email=dossier.applicant_email,
        personal_id=dossier.applicant_id_number,
    )


def _local_day(moment: dt.datetime | None) -> dt.date:
    return timezone.localtime(moment).date() if moment else timezone.localdate()


def _base(dossier: Dossier) -> dict[str, Any]:
    return {
        "agency": agency_for(dossier.receiving_unit),
        "dossier_code": dossier.code or "",
        "applicant": person_for(dossier),
        "procedure_name": dossier.procedure_version.name,
    }


def status_url(dossier: Dossier) -> str:
    return tracking_url(dossier.code)


def receipt_context(dossier: Dossier, officer: str) -> ReceiptContext:
    assert dossier.due_at is not None
    assert dossier.accepted_at is not None
    return ReceiptContext(
        **_base(dossier),
        issued_on=_local_day(dossier.accepted_at),
        components=tuple(
            ComponentLine(name=c.name, copy_kind=c.get_copy_kind_display(), count=c.count)
            for c in dossier.components.all()
        ),
        sets_count=dossier.sets_count,
        time_limit_text=dossier.procedure_version.time_limit_display,
        received_at=dossier.accepted_at,
        due_at=dossier.due_at,
        result_delivery=(
            "Qua dịch vụ bưu chính công ích"
            if dossier.result_delivery == Delivery.POST
            else f"Bộ phận Một cửa, {dossier.receiving_unit.name}"
        ),
        officer_name=officer,
        status_url=status_url(dossier),
    )


def supplement_context(
    dossier: Dossier, officer: str, missing: list[str], reason: str, *, phone: str = ""
) -> SupplementContext:
    """The officer's own telephone when the account has one; otherwise the letter names the desk."""
    return SupplementContext(
        **_base(dossier),
        issued_on=timezone.localdate(),
        items=tuple(SupplementItem(name=item, reason=reason) for item in missing),
        contact_officer=officer,
        contact_phone=phone.strip(),
        officer_name=officer,
    )


def refusal_context(dossier: Dossier, officer: str, reasons: str) -> RefusalContext:
    return RefusalContext(
        **_base(dossier),
        issued_on=timezone.localdate(),
        reasons=tuple(r.strip() for r in reasons.splitlines() if r.strip()),
        officer_name=officer,
    )


def apology_context(dossier: Dossier, signer: Signer, reason: str) -> ApologyContext:
    assert dossier.original_due_at
    assert dossier.extended_due_at
    assert dossier.accepted_at
    return ApologyContext(
        **_base(dossier),
        issued_on=timezone.localdate(),
        signer_title=signer.position,
        signer_name=signer.name,
        received_at=dossier.accepted_at,
        time_limit_text=dossier.procedure_version.time_limit_display,
        reason=reason,
        original_due=dossier.original_due_at,
        new_due=dossier.extended_due_at,
    )


def stop_context(dossier: Dossier, signer: Signer, reason: str, requested: bool) -> StopContext:
    return StopContext(
        **_base(dossier),
        issued_on=timezone.localdate(),
        signer_title=signer.position,
        signer_name=signer.name,
        received_at=dossier.accepted_at or dossier.received_at,
        reason=reason,
        requested_on=timezone.localdate() if requested else None,
    )


def control_slip_context(dossier: Dossier) -> ControlSlipContext:
    assert dossier.accepted_at is not None
    assert dossier.due_at is not None
    rows = tuple(
        HandOver(
            from_unit=str(h.from_user),
            to_unit=str(h.to_user or h.to_unit),
            at=h.at,
            step_due_at=h.step_due_at,
            result=h.get_timeliness_display() or "",
            note=h.step_name,
        )
        for h in dossier.hand_overs.select_related("from_user", "to_user", "to_unit")
    )
    return ControlSlipContext(
        **_base(dossier),
        issued_on=timezone.localdate(),
        received_at=dossier.accepted_at,
        due_at=dossier.due_at,
        lead_unit=dossier.competent_unit.name,
        rows=rows,
    )


def tracking_book_context(unit: Unit, start: dt.date, end: dt.date) -> TrackingBookContext:
    """The unit's book, with the records of the units it took over (a merged commune's desk
    keeps its predecessors' books); the period by local days as a range on the moment of
    acceptance, so that the index on it serves."""
    dossiers = (
        Dossier.objects.filter(
            receiving_unit_id__in=units_served_by(unit),
            accepted_at__gte=start_of(start),
            accepted_at__lt=start_of(end + dt.timedelta(days=1)),
        )
        .select_related("procedure_version", "competent_unit")
        .order_by("accepted_at")
    )
    rows = tuple(
        TrackingRow(
            dossier_code=d.code or "",
            procedure_name=d.procedure_version.name,
            sets_count=d.sets_count,
            applicant_name=d.applicant_name,
            applicant_address=d.applicant_address,
            applicant_phone=d.applicant_phone,
            lead_unit=d.competent_unit.name,
            received_at=d.accepted_at or d.received_at,
            due_at=d.due_at,
            result_received_on=_local_day(d.resolved_at) if d.resolved_at else None,
            returned_on=_local_day(d.returned_at) if d.returned_at else None,
        )
        for d in dossiers
    )
    return TrackingBookContext(
        agency=agency_for(unit),
        unit_name=f"Bộ phận Một cửa {unit.name}",
        period_from=start,
        period_to=end,
        rows=rows,
        issued_on=timezone.localdate(),
    )
