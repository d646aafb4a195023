"""Chứng thực bản sao điện tử từ bản chính: the write path of an electronic certified copy.

`certify_electronic_copy` (NĐ 23/2015 as amended, NĐ 45/2020 Art. 10): the desk officer has
compared the scan with the original; a leader of the unit signs the copy with the unit's
certificate (permissions.CERTIFY_ROLES) and it is entered in the certification book with the next
number of the unit's year; the fee is assessed (and collected if asked) through payments.services
from the catalogue's rule (TT 226/2016/TT-BTC). The signed copy is written by
`services.record_signed_result`, like every signed result.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.core.links import verification_url
from motcua.core.sequences import next_number
from motcua.domain.dossier_states import Status
from motcua.domain.text import nfc
from motcua.domain.uploads import UploadError, check_upload
from motcua.domain.vnformat import nd30_date
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import IllegalAct
from motcua.dossiers.touched import touch
from motcua.payments import services as payments
from motcua.payments.models import Payment
from motcua.results.document import image_to_pdf
from motcua.results.models import (
    CertificationEntry,
    CertificationSequence,
    IssuedResult,
    ResultKind,
)
from motcua.results.services import (
    MAX_SCAN_BYTES,
    ResultError,
    record_signed_result,
    sign_result,
)
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
    result = record_signed_result(
        locked,
        ResultKind.CERTIFIED_COPY,
        signed,
        token=token,
        unit=unit,
        title=f"Bản sao điện tử: {document_name}",
        number=f"{serial}, quyển số {book}",
        at=at,
        actor=actor,
        file_name=f"{locked.code}-ban-sao-{day.year}-{serial}.pdf",
        audit=("certify_electronic_copy", {"serial": serial, "book": book}),
        announce=False,
    )
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
