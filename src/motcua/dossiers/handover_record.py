"""What the applicant receives when the result is handed over: the results of the dossier
(its signed electronic results and the outputs of an inter-linked dossier's agencies: the birth
certificate and its number, the residence registration, the health-insurance card code) and the
return slip (Phiếu trả kết quả) printed at the desk with the collector's name and ID number.

The return slip is the unit's own slip, not a form of TT 01/2018 or TT 03/2025 (which have no
return form): it is rendered on demand from the records of the return act, like the control slip.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from motcua.audit.models import AuditEvent
from motcua.documents.formatting import place_and_date
from motcua.documents.formsets import A4_PORTRAIT
from motcua.documents.render import render_template_pdf
from motcua.domain.dossier_states import Action
from motcua.dossiers.forms import agency_for
from motcua.dossiers.models import Delivery, Dossier, HandOver
from motcua.units.picker import address_line

SLIP_TITLE = "Phiếu trả kết quả giải quyết hồ sơ"
SLIP_SOURCE = (
    "Phiếu của Bộ phận Một cửa ghi việc trả kết quả; không thuộc bộ biểu mẫu của "
    "Thông tư số 01/2018/TT-VPCP hay Thông tư số 03/2025/TT-VPCP (các thông tư không có mẫu này)"
)


@dataclass(frozen=True)
class StepResult:
    """One inter-linked agency's output, as the applicant receives it."""

    agency: str
    step: str
    title: str
    number: str
    recorded_at: dt.datetime
    document_id: int | None = None  # the signed PDF (results.IssuedResult) the step issued

    @property
    def text(self) -> str:
        return f"{self.title} số {self.number}" if self.number else self.title


def step_results(dossier: Dossier) -> list[StepResult]:
    """The outputs the agencies recorded on their steps (bundles.StepOutput), in process order."""
    steps = (
        HandOver.objects.filter(dossier=dossier, output__isnull=False)
        .select_related("output", "to_unit")
        .order_by("seq")
    )
    return [
        StepResult(
            agency=step.to_unit.name,
            step=step.step_name,
            title=step.output.title,
            number=step.output.number,
            recorded_at=step.output.recorded_at,
            document_id=step.output.document_id,
        )
        for step in steps
    ]


def return_event(dossier: Dossier) -> AuditEvent | None:
    return (
        AuditEvent.objects.filter(
            object_type="dossier", object_id=str(dossier.pk), action=Action.RETURN_RESULT.value
        )
        .select_related("actor")
        .order_by("-seq")
        .first()
    )


def return_slip_pdf(dossier: Dossier) -> bytes:
    """The slip of a returned dossier (the caller checks that it was returned)."""
    assert dossier.returned_at is not None
    day = timezone.localtime(dossier.returned_at).date()
    agency = agency_for(dossier.receiving_unit)
    event = return_event(dossier)
    method = (event.after or {}).get("method", "") if event else ""
    data = {
        "heading": SLIP_TITLE.upper(),
        "caption": "",
        "legal_reference": SLIP_SOURCE,
        "page": A4_PORTRAIT,
        "agency": agency,
        "dossier_code": dossier.code or "",
        "place_date": place_and_date(agency.place_name, day),
        "created": f"{day.isoformat()}T00:00:00+07:00",
        "dossier": dossier,
        "address": address_line(dossier.applicant_address, dossier.applicant_address_unit),
        # a step's signed document is listed with its step (step_results), not twice
        "results": list(
            dossier.electronic_results.filter(step_output__isnull=True).order_by("issued_at")
        ),
        "step_results": step_results(dossier),
        "method": Delivery(method).label if method in Delivery.values else "",
        "tracking_number": (event.after or {}).get("tracking_number", "") if event else "",
        "officer": (str(event.actor) if event.actor else event.actor_label) if event else "",
    }
    identity = f"return-slip|{dossier.code}|{day.isoformat()}"
    return render_template_pdf("dossiers/return_slip.html", data, identity)
