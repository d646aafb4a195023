"""The procedure's declaration (tờ khai) as a PDF, printed from the dossier's e-form values.

A declaration is the applicant's paper, not the committee's: it carries the quốc hiệu and tiêu
ngữ centred (as on the forms of TT 04/2020/TT-BTP), no issuer, then "Kính gửi" the committee that
decides, the answers section by section, the pledge, the place and date and the requester's
signature. Type, size and margins are those of every motcua document (documents/forms.css, A4
NĐ 30 margins); the label column is as wide as the longest label (documents/measure.py, as the
NĐ 30 layout sizes its columns), at most half the line.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from motcua.catalog.eform_definition import FormDefinition
from motcua.documents.formatting import place_and_date
from motcua.documents.formsets import A4_PORTRAIT
from motcua.documents.layout import CELL_PADDING_MM, MOTTO, NATION, usable_width_mm
from motcua.documents.measure import text_width_mm
from motcua.domain.text import nfc
from motcua.dossiers.forms import place_name
from motcua.dossiers.models import Dossier
from motcua.eforms.widgets import table

LABEL_PT = 13.0


def declaration_context(
    dossier: Dossier, definition: FormDefinition, values: dict[str, Any]
) -> dict[str, Any]:
    sections = table(definition, values, printing=True)
    labels = [f"{label}:" for _, lines in sections for label, _ in lines]
    usable = usable_width_mm(A4_PORTRAIT)
    widest = max((text_width_mm(label, LABEL_PT) for label in labels), default=0.0)
    label_mm = min(widest + CELL_PADDING_MM, usable * 0.5)  # labels on one line when they can
    unit = dossier.competent_unit
    day = timezone.localtime(dossier.received_at).date()
    signers = [
        (signer.title, str(values.get(signer.name_field) or "")) for signer in definition.signers
    ]
    return {
        "page": A4_PORTRAIT,
        "nation": NATION,
        "motto": MOTTO,
        "heading": definition.title.upper(),
        "form": definition.form,
        "addressee": f"Ủy ban nhân dân {unit.name[:1].lower()}{unit.name[1:]}",
        "sections": sections,
        "label_percent": round(100 * label_mm / usable, 1),
        "declaration": definition.declaration,
        "place_date": place_and_date(place_name(unit), day),
        "signers": signers,
        "dossier_code": dossier.code or "",
        "created": f"{day.isoformat()}T00:00:00+07:00",
    }


def render_declaration(
    dossier: Dossier, definition: FormDefinition, values: dict[str, Any]
) -> bytes:
    html = nfc(
        render_to_string(
            "eforms/declaration.html", declaration_context(dossier, definition, values)
        )
    )
    identity = f"declaration|{dossier.pk}|{sorted(values.items())!r}"
    identifier = hashlib.sha256(identity.encode()).hexdigest()[:32].encode("ascii")
    pdf = HTML(string=html).write_pdf(pdf_identifier=identifier)
    assert isinstance(pdf, bytes)
    return pdf
