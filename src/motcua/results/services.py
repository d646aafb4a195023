"""The write path of signed results: the dossier's electronic result and the one signed write.

- `issue_electronic_result` — the leader's approval with a signed electronic result (NĐ 118/2025
  Art. 21–24: results are signed digitally and issued electronically; NĐ 30/2020 layout). It
  renders (or takes) the PDF, stamps the verification QR, signs it (PAdES B-B, signing.py),
  registers it and approves the dossier through `dossiers.processing.approve`, all in one
  transaction. Idempotent: a second call for the same dossier returns the first result.
- `record_signed_result` — the one write of a signed result (row, file, audit event and, but for a
  certified copy, the data-store announcement), used by every act that signs one: the result above,
  `certification.certify_electronic_copy` (an electronic certified copy, with the certification
  book) and `step_results.issue_step_document` (the document of one step of an inter-linked
  dossier, signed with the certificate of the unit that performed the step).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.signers import own_signature
from motcua.audit.services import record
from motcua.core.links import verification_url
from motcua.domain.dossier_states import Action, Status, allowed_actions
from motcua.domain.result_forms import ResultForm, form_for
from motcua.domain.text import nfc
from motcua.domain.uploads import UploadError, check_upload
from motcua.domain.vnformat import nd30_date
from motcua.dossiers import processing
from motcua.dossiers.forms import place_name
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import DossierError, IllegalAct
from motcua.results.document import render_result_pdf
from motcua.results.events import electronic_result_issued
from motcua.results.models import IssuedResult, ResultKind
from motcua.results.signing import SignedPdf, SigningError, sign_with_stamp
from motcua.units.models import Unit

MAX_SCAN_BYTES = 25 * 1024 * 1024


class ResultError(DossierError):
    """An electronic result or copy that cannot be issued; the message is Vietnamese."""


def sign_result(pdf: bytes, *, unit: Unit, url: str, lines: list[str], reason: str) -> SignedPdf:
    try:
        return sign_with_stamp(
            pdf, unit=unit, url=url, stamp_lines=lines, reason=reason, location=place_name(unit)
        )
    except SigningError as exc:
        raise ResultError(str(exc)) from exc


def stamp_lines(unit: Unit, title: str, number: str, issued_on: dt.date) -> list[str]:
    """The lines printed beside the QR code of a signed result."""
    return [
        f"Văn bản điện tử do {unit.name} ký số",
        f"{title}{f' số {number}' if number else ''}, {nd30_date(issued_on)}",
        "Quét mã QR hoặc truy cập địa chỉ dưới đây để xác minh:",
    ]


def check_result_pdf(data: bytes) -> None:
    try:
        _, extension = check_upload(data[:8], len(data), max_bytes=MAX_SCAN_BYTES)
    except UploadError as exc:
        raise ResultError(str(exc)) from exc
    if extension != ".pdf":
        raise ResultError("Tệp kết quả phải là PDF.")


def result_form_of(dossier: Dossier) -> ResultForm:
    """The procedure's setting, else the rule on the catalogue's first result name."""
    procedure = dossier.procedure_version.procedure
    if procedure.result_form:
        return ResultForm(procedure.result_form)
    names = dossier.procedure_version.result_types or []
    return form_for(str(names[0])) if names else ResultForm.NOTICE


@transaction.atomic
def issue_electronic_result(
    dossier: Dossier,
    *,
    actor: User,
    title: str,
    number: str = "",
    body: str = "",
    source_pdf: bytes | None = None,
    at: dt.datetime | None = None,
) -> IssuedResult:
    """Sign and issue the dossier's electronic result, approving the dossier with it."""
    existing = IssuedResult.objects.filter(dossier=dossier, kind=ResultKind.RESULT).first()
    if existing is not None:
        return existing
    title, number, body = nfc(title).strip(), nfc(number).strip(), nfc(body).strip()
    if not title:
        raise ResultError("Chưa nhập tên văn bản kết quả.")
    form = result_form_of(dossier)
    if form is ResultForm.EXTERNAL and source_pdf is None:
        raise ResultError(
            "Kết quả của thủ tục này do hệ thống chuyên ngành cấp (phần mềm hộ tịch, cơ sở "
            "dữ liệu cư trú, đất đai): tải lên tệp PDF văn bản đó để ký số, không soạn lại."
        )
    if source_pdf is None and not body:
        raise ResultError("Nhập nội dung kết quả hoặc tải lên tệp PDF kết quả.")
    if Action.APPROVE not in allowed_actions(Status(dossier.status)):
        raise IllegalAct(
            f"Hồ sơ đang ở trạng thái “{Status(dossier.status).label}”, "
            "không ký số phát hành kết quả được."
        )
    at = at or timezone.now()
    issued_on = timezone.localtime(at).date()
    if source_pdf is not None:
        check_result_pdf(source_pdf)
        pdf = source_pdf
    else:
        pdf = render_result_pdf(
            dossier,
            title=title,
            number=number,
            body=body,
            issued_on=issued_on,
            signer_title=own_signature(actor).position,  # "" → the head's title
            signer_name=own_signature(actor).name,
            form=form,
        )
    token = secrets.token_urlsafe(16)
    url = verification_url(token)
    unit = dossier.competent_unit
    lines = stamp_lines(unit, title, number, issued_on)
    signed = sign_result(
        pdf, unit=unit, url=url, lines=lines, reason="Phát hành kết quả giải quyết"
    )
    upload = SimpleUploadedFile(f"{dossier.code}-ket-qua.pdf", signed.data, "application/pdf")
    processing.approve(dossier, actor=actor, at=at, result=upload, electronic_result=True)
    return record_signed_result(
        dossier,
        ResultKind.RESULT,
        signed,
        token=token,
        unit=unit,
        title=title,
        number=number,
        at=at,
        actor=actor,
        file_name=f"{dossier.code}-ket-qua-dien-tu.pdf",
        audit=("issue_electronic_result", {}),
    )


def record_signed_result(
    dossier: Dossier,
    kind: str,
    signed: SignedPdf,
    *,
    token: str,
    unit: Unit,
    title: str,
    number: str,
    at: dt.datetime,
    actor: User,
    file_name: str,
    audit: tuple[str, dict[str, object]],
    announce: bool = True,
) -> IssuedResult:
    """The one write of a signed result: row, file, audit event and, when `announce`, the
    data-store announcement (results/events.py; a certified copy is not announced)."""
    result = IssuedResult(
        dossier=dossier,
        kind=kind,
        title=title,
        number=number,
        issuer_unit=unit,
        holder_name=dossier.applicant_name,
        issued_at=at,
        issued_by=actor,
        sha256=signed.sha256,
        token=token,
        signer_subject=signed.signer_subject,
        signer_fingerprint=signed.signer_fingerprint,
    )
    result.file.save(file_name, ContentFile(signed.data), save=False)
    result.save()
    audit_result(result, actor, *audit)
    if not announce:
        return result
    electronic_result_issued.send(
        sender=IssuedResult,
        dossier=dossier,
        file=ContentFile(signed.data, name=file_name),
        title=title,
        actor=actor,
    )
    return result


def audit_result(result: IssuedResult, actor: User, action: str, extra: dict[str, object]) -> None:
    result.event = record(
        actor=actor,
        action=action,
        object_type="issued_result",
        object_id=result.pk,
        after={
            "dossier": result.dossier_id,
            "kind": result.kind,
            "title": result.title,
            "number": result.number,
            "sha256": result.sha256,
            "signer": result.signer_fingerprint,
            **extra,
        },
    )
    result.save(update_fields=["event"])
