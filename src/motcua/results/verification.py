"""Public verification of an electronic result: by its code (the QR) or by the PDF itself.

A document is genuine when its signature is intact, made with a certificate that chains to a
configured trust root, covers the whole file, and the file's SHA-256 is in the register. The
page shows what the document is (issuer, kind, number, date) and whose it is with the name
masked; never the dossier, its code or any other personal data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from motcua.core.privacy import mask_person_name
from motcua.results.models import IssuedResult
from motcua.results.signing import SignatureCheck, check_signature


@dataclass(frozen=True)
class Verification:
    genuine: bool
    reason: str
    issuer: str = ""
    kind: str = ""
    title: str = ""
    number: str = ""
    issued_at: dt.datetime | None = None
    holder: str = ""
    signer: str = ""
    timestamp: dt.datetime | None = None  # certified by a time-stamping authority (PAdES B-T)
    timestamp_authority: str = ""


def _describe(result: IssuedResult, check: SignatureCheck) -> Verification:
    return Verification(
        genuine=check.ok,
        reason=check.reason,
        issuer=result.issuer_unit.name,
        kind=result.get_kind_display(),
        title=result.title,
        number=result.number,
        issued_at=result.issued_at,
        holder=mask_person_name(result.holder_name),
        signer=check.signer_subject,
        timestamp=check.timestamp,
        timestamp_authority=check.timestamp_authority,
    )


def verify_registered(result: IssuedResult) -> Verification:
    """Re-check the stored file: still the registered bytes, signature still valid."""
    with result.file.open("rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != result.sha256:
        return _describe(result, SignatureCheck(False, "Tệp lưu trữ không khớp mã băm đã đăng ký."))
    return _describe(result, check_signature(data))


def verify_document(data: bytes) -> Verification:
    """Check an uploaded PDF: its own signature, then whether these exact bytes were issued."""
    check = check_signature(data)
    result = (
        IssuedResult.objects.select_related("issuer_unit")
        .filter(sha256=hashlib.sha256(data).hexdigest())
        .first()
    )
    if not check.ok:
        return Verification(False, check.reason, signer=check.signer_subject)
    if result is None:
        return Verification(
            False,
            "Chữ ký số hợp lệ nhưng tệp này không có trong sổ đăng ký kết quả điện tử "
            "(không đúng bản đã phát hành).",
            signer=check.signer_subject,
        )
    return _describe(result, check)
