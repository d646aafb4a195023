"""The document of one step of an inter-linked dossier, signed and registered.

An agency's step of an inter-linked dossier (bundles) can produce a document of its own before
the dossier's final result: the birth certificate from the civil-status software (Phần mềm đăng
ký, quản lý hộ tịch điện tử, NĐ 87/2020/NĐ-CP), the residence notice from the residence
database. The step's officer uploads the PDF that system produced; it is stamped with the
verification QR and signed exactly like an electronic result (services.sign_result: PAdES, the
unit's PKCS#12), but with the certificate of the unit that performed the step — the police sign
their notice, the commune its birth certificate. It is registered as an `IssuedResult` of kind
`STEP_RESULT` (verifiable at /xac-minh/, downloadable under results.permissions), audited, and
put into the citizen's data store like the final result.

Called only by `bundles.services.complete_step`, the act that records a step's result (it
checks who may record it); nothing else writes a step document.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.links import verification_url
from motcua.domain.text import nfc
from motcua.dossiers.models import HandOver
from motcua.dossiers.services import IllegalAct
from motcua.results.models import IssuedResult, ResultKind
from motcua.results.services import (
    ResultError,
    check_result_pdf,
    record_signed_result,
    sign_result,
    stamp_lines,
)

REASON = "Phát hành kết quả bước liên thông"


@transaction.atomic
def issue_step_document(
    step: HandOver,
    *,
    actor: User,
    title: str,
    number: str = "",
    source_pdf: bytes,
    at: dt.datetime | None = None,
) -> IssuedResult:
    """Sign `source_pdf` with the certificate of the unit holding `step` and register it."""
    title, number = nfc(title).strip(), nfc(number).strip()
    if not title:
        raise ResultError("Chưa nhập tên văn bản kết quả của bước.")
    if step.finished_at is not None:
        raise IllegalAct("Bước này đã kết thúc, không ghi thêm kết quả được.")
    check_result_pdf(source_pdf)
    dossier, unit = step.dossier, step.to_unit
    at = at or timezone.now()
    issued_on = timezone.localtime(at).date()
    token = secrets.token_urlsafe(16)
    signed = sign_result(
        source_pdf,
        unit=unit,
        url=verification_url(token),
        lines=stamp_lines(unit, title, number, issued_on),
        reason=REASON,
    )
    return record_signed_result(
        dossier,
        ResultKind.STEP_RESULT,
        signed,
        token=token,
        unit=unit,
        title=title,
        number=number,
        at=at,
        actor=actor,
        file_name=f"{dossier.code}-buoc-{step.step_order}-{step.seq}.pdf",
        audit=("issue_step_result", {"step": step.step_order, "unit": unit.code}),
    )
