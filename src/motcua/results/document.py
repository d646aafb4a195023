"""The electronic result rendered by motcua when the officer writes its text (no uploaded PDF).

Laid out as NĐ 30/2020/NĐ-CP (the documents/ base template: header, number, place and date,
recipients, signature block); the band at the bottom of the last page is left free for the
verification stamp (results/pdfstamp.py).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re

from django.template.loader import render_to_string
from django.utils.html import escape
from weasyprint import HTML

from motcua.documents.formatting import place_and_date
from motcua.documents.formsets import A4_PORTRAIT
from motcua.documents.signature import SIGNED_DIGITALLY, signature_block
from motcua.domain.result_forms import ResultForm, decision_parts, decision_subject
from motcua.domain.text import nfc
from motcua.dossiers.forms import place_name
from motcua.dossiers.models import Dossier


def committee_name(dossier: Dossier) -> str:
    unit = dossier.competent_unit
    return f"Ủy ban nhân dân {unit.name[:1].lower()}{unit.name[1:]}"


_CATALOGUE_NOTE = re.compile(r"\s*\([^()]*\bKQ\.[^()]*\)\s*$")


def result_name(result_type: str) -> str:
    """The result's own name from the catalogue's entry: "Giấy khai sinh (bản chính và bản điện
    tử, KQ.G15.000031)" → "Giấy khai sinh" (the note and the national result code are not part of
    the document's title)."""
    return _CATALOGUE_NOTE.sub("", result_type).strip()


def render_result_pdf(
    dossier: Dossier,
    *,
    title: str,
    number: str,
    body: str,
    issued_on: dt.date,
    signer_title: str,
    signer_name: str,
    form: ResultForm = ResultForm.NOTICE,
) -> bytes:
    """The result in its form (domain/result_forms.py): a decision with its grounds and
    articles, or a document with its name as heading. An external result is never rendered."""
    assert form is not ResultForm.EXTERNAL, "the file of the other system is the result"
    committee = committee_name(dossier)
    decision = form is ResultForm.DECISION
    grounds, articles = decision_parts(body) if decision else ([], [])
    data = {
        "heading": "QUYẾT ĐỊNH" if decision else title.upper(),
        "subject": decision_subject(title) if decision else "",
        "authority": f"CHỦ TỊCH {committee.upper()}" if decision else "",
        "grounds": grounds,
        "articles": articles,
        "caption": "",
        "legal_reference": title,
        "page": A4_PORTRAIT,
        "agency": {"parent_name": "", "name": committee.upper()},
        "dossier_code": dossier.code or "",
        "place_date": place_and_date(place_name(dossier.competent_unit), issued_on),
        "created": f"{issued_on.isoformat()}T00:00:00+07:00",
        "number": number,
        "holder": dossier.applicant_name,
        "paragraphs": [line.strip() for line in body.splitlines() if line.strip()],
        "signature": signature_block(
            committee, signer_title, signer_name, SIGNED_DIGITALLY, on_behalf=not decision
        ),
    }
    template = "results/decision.html" if decision else "results/document.html"
    html = nfc(render_to_string(template, data))
    identity = f"result|{dossier.code}|{issued_on.isoformat()}"
    identifier = hashlib.sha256(identity.encode()).hexdigest()[:32].encode("ascii")
    pdf = HTML(string=html).write_pdf(pdf_identifier=identifier)
    assert isinstance(pdf, bytes)
    return pdf


def image_to_pdf(image: bytes, content_type: str, title: str) -> bytes:
    """A scanned page (PNG/JPEG) as an A4 PDF page, for certifying a copy of it."""
    uri = f"data:{content_type};base64,{base64.b64encode(image).decode('ascii')}"
    html = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>'
        f"{escape(title)}</title><style>@page {{ size: A4; margin: 10mm 10mm 38mm 10mm; }}"
        "body { margin: 0; } img { max-width: 100%; max-height: 249mm; display: block; "
        "margin: 0 auto; }</style></head>"
        f'<body><img src="{uri}" alt="bản chụp"></body></html>'
    )
    pdf = HTML(string=nfc(html)).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
