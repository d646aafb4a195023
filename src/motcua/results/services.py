"""The only write path for electronic results and electronic certified copies.

- `issue_electronic_result` — the leader's approval with a signed electronic result (NĐ 118/2025
  Art. 21–24: results are signed digitally and issued electronically; NĐ 30/2020 layout). It
  renders (or takes) the PDF, stamps the verification QR, signs it (PAdES B-B, signing.py),
  registers it and approves the dossier through `dossiers.processing.approve`, all in one
  transaction. Idempotent: a second call for the same dossier returns the first result.
- `certify_electronic_copy` — chứng thực bản sao điện tử từ bản chính (NĐ 23/2015 as amended,
  NĐ 45/2020 Art. 10): the desk officer has compared the scan with the original; a leader of
  the unit signs the copy with the unit's certificate (permissions.CERTIFY_ROLES) and it is
  entered in the certification book with the next number of the unit's year; the fee is
  assessed (and collected if asked) through payments.services from the catalogue's rule
  (TT 226/2016/TT-BTC).
- `step_results.issue_step_document` — the document of one step of an inter-linked dossier,
  signed the same way with the certificate of the unit that performed the step.
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
from motcua.core.sequences import next_number
from motcua.domain.dossier_states import Action, Status, allowed_actions
from motcua.domain.result_forms import ResultForm, form_for
from motcua.domain.text import nfc
from motcua.domain.uploads import UploadError, check_upload
from motcua.domain.vnformat import nd30_date
from motcua.dossiers import processing
from motcua.dossiers.forms import place_name
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import DossierError, IllegalAct
from motcua.dossiers.touched import touch
from motcua.payments import services as payments
from motcua.payments.models import Payment
from motcua.results.document import image_to_pdf, render_result_pdf
from motcua.results.events import electronic_result_issued
from motcua.results.models import (
    CertificationEntry,
    CertificationSequence,
    IssuedResult,
    ResultKind,
)
from motcua.results.signing import SignedPdf, SigningError, sign_with_stamp
from motcua.units.models import Unit

# Procedures whose result is a copy certified from the original (rule as data, with its source):
# "Chứng thực bản sao từ bản chính" — NĐ 23/2015/NĐ-CP Art. 5, 18–21; catalogue code 2.000815.
COPY_FROM_ORIGINAL_PROCEDURES: dict[str, str] = {
    "2.000815": "NĐ 23/2015/NĐ-CP, Điều 18–21 (chứng thực bản sao từ bản chính)",
}
# The book's label: one electronic book a year per unit, numbered from 1 (NĐ 23/2015 Art. 13 and
# TT 01/2020/TT-BTP; the "quyển số …/năm-SCT/BS" shape is what certifying offices print, M).
BOOK_FORMAT = "01/{year}-SCT/BS"
CERTIFICATION_WORDING = "Chứng thực bản sao đúng với bản chính."
# Acts of certification happen while the dossier is open (same day, NĐ 23/2015 Art. 7).
CERTIFIABLE_STATUSES = frozenset({Status.ACCEPTED, Status.IN_PROGRESS})
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
) -> IssuedResult:
    """The one write of a signed result: row, file, audit event, data-store announcement."""
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


def _next_serial(unit: Unit, year: int) -> int:
    return next_number(CertificationSequence, unit=unit, year=year)  # gapless


def _scan_pdf(scan: bytes, document_name: str) -> bytes:
    try:
        kind, extension = check_upload(scan[:8], len(scan), max_bytes=MAX_SCAN_BYTES)
    except UploadError as exc:
        raise ResultError(str(exc)) from exc
    return scan if extension == ".pdf" else image_to_pdf(scan, kind, document_name)


def _fee(
    dossier: Dossier,
    actor: User,
    *,
    pages: int,
    copies: int,
    fee_method: str,
    bank_reference: str,
    exemption_reason: str,
) -> Payment | None:
    """The certification fee from the catalogue's rule of the dossier's procedure version."""
    fee = dossier.procedure_version.fees.order_by("order", "pk").first()
    if fee is None:
        return None
    quantity = payments.FeeQuantity(
        fee_id=fee.pk, pages=pages, copies=copies, exemption_reason=exemption_reason
    )
    try:
        if fee_method:
            return payments.collect_fee(
                dossier, quantity, actor=actor, method=fee_method, bank_reference=bank_reference
            )
        return payments.assess_fees(dossier, [quantity], actor=actor)[0]
    except payments.PaymentError as exc:
        raise ResultError(str(exc)) from exc


@transaction.atomic
def certify_electronic_copy(
    dossier: Dossier,
    *,
    actor: User,
    scan: bytes,
    document_name: str,
    pages: int,
    compared_with_original: bool,
    copies: int = 1,
    fee_method: str = "",
    bank_reference: str = "",
    exemption_reason: str = "",
    idempotency_key: str | None = None,
    at: dt.datetime | None = None,
) -> IssuedResult:
    """Sign (as the leader: results.permissions) a copy of an original compared at the desk.

    The book records as `compared_by` the officer who received the request and compared the scan
    with the original (the dossier's `received_by`; the signer when there is none)."""
    if idempotency_key:
        done = CertificationEntry.objects.filter(idempotency_key=idempotency_key).first()
        if done is not None:
            return done.result
    document_name = nfc(document_name).strip()
    if not compared_with_original:
        raise ResultError("Phải đối chiếu bản chụp với bản chính trước khi chứng thực.")
    if not document_name:
        raise ResultError("Chưa nhập tên giấy tờ, văn bản được chứng thực.")
    if pages < 1 or copies < 1:
        raise ResultError("Số trang và số bản phải từ 1 trở lên.")
    if dossier.procedure_version.procedure.code not in COPY_FROM_ORIGINAL_PROCEDURES:
        raise ResultError("Thủ tục của hồ sơ này không phải chứng thực bản sao từ bản chính.")
    locked = Dossier.objects.select_for_update().select_related("competent_unit").get(pk=dossier.pk)
    if Status(locked.status) not in CERTIFIABLE_STATUSES:
        raise IllegalAct(
            f"Hồ sơ đang ở trạng thái “{Status(locked.status).label}”, không chứng thực được."
        )
    pdf = _scan_pdf(scan, document_name)
    at = at or timezone.now()
    day = timezone.localtime(at).date()
    unit = locked.competent_unit
    serial = _next_serial(unit, day.year)
    book = BOOK_FORMAT.format(year=day.year)
    token = secrets.token_urlsafe(16)
    lines = [
        CERTIFICATION_WORDING,
        f"Số chứng thực: {serial}, quyển số {book}. {nd30_date(day).capitalize()}.",
        f"{unit.name} — ký số. Xác minh tại địa chỉ:",
    ]
    signed = sign_result(
        pdf, unit=unit, url=verification_url(token), lines=lines, reason=CERTIFICATION_WORDING
    )
    payment = _fee(
        locked,
        actor,
        pages=pages,
        copies=copies,
        fee_method=fee_method,
        bank_reference=bank_reference,
        exemption_reason=exemption_reason,
    )
    result = IssuedResult(
        dossier=locked,
        kind=ResultKind.CERTIFIED_COPY,
        title=f"Bản sao điện tử: {document_name}",
        number=f"{serial}, quyển số {book}",
        issuer_unit=unit,
        holder_name=locked.applicant_name,
        issued_at=at,
        issued_by=actor,
        sha256=signed.sha256,
        token=token,
        signer_subject=signed.signer_subject,
        signer_fingerprint=signed.signer_fingerprint,
    )
    name = f"{locked.code}-ban-sao-{day.year}-{serial}.pdf"
    result.file.save(name, ContentFile(signed.data), save=False)
    result.save()
    entry = CertificationEntry.objects.create(
        result=result,
        unit=unit,
        year=day.year,
        serial=serial,
        book=book,
        certified_on=day,
        document_name=document_name,
        pages=pages,
        copies=copies,
        fee_amount=payment.amount if payment else 0,
        payment=payment,
        compared_by_id=locked.received_by_id or actor.pk,  # no outer join under FOR UPDATE
        idempotency_key=idempotency_key or None,
    )
    before = {"electronic_certified_copy": locked.electronic_certified_copy}
    locked.electronic_certified_copy = True
    locked.e_certified_copies += 1
    locked.save(update_fields=["electronic_certified_copy", "e_certified_copies"])
    touch([locked.pk])  # QĐ 766: e-certified copies (reports/flags.py)
    audit_result(result, actor, "certify_electronic_copy", {"serial": serial, "book": book})
    record(
        actor=actor,
        action="certify_electronic_copy",
        object_type="dossier",
        object_id=locked.pk,
        before={**before, "e_certified_copies": locked.e_certified_copies - 1},
        after={
            "electronic_certified_copy": True,
            "e_certified_copies": locked.e_certified_copies,
            "certification": str(entry),
            "fee": entry.fee_amount,
        },
    )
    return result


def certified_copies_count(unit_ids: list[int] | set[int], start: dt.date, end: dt.date) -> int:
    """Electronic copies certified by these units from `start` to `end` (both included)."""
    return CertificationEntry.objects.filter(
        unit_id__in=unit_ids, certified_on__gte=start, certified_on__lte=end
    ).count()
