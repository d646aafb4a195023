"""PAdES signatures with pyHanko: sign with a unit's certificate, check against the trust roots.

Level: **PAdES B-T** when a time-stamping authority is configured (MOTCUA_SIGNING_TSA: the RFC
3161 address of a licensed time-stamping service, or `test` for THE TEST TSA of testca.py), so a
third party certifies when the signature existed; **PAdES B-B** without one, where the signing
time in the signature is the signer's own claim (the register keeps the issue time too). A TSA
that does not answer stops the signing with a clear error: nothing is issued half-stamped.

Certificates: one PKCS#12 file per unit, `<MOTCUA_SIGNING_DIR>/<unit code>.p12`, opened with
MOTCUA_SIGNING_PASSWORD. Verification trusts only the certificates in
MOTCUA_SIGNING_TRUST_ROOTS (a PEM bundle). No revocation data is fetched (offline; the test CA
publishes none): revocation checking is "soft-fail", stated on the verification page's help.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.timestamps import HTTPTimeStamper, TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from motcua.results.names import readable
from motcua.results.pdfstamp import place_stamp, render_stamp
from motcua.results.testca import load_test_tsa
from motcua.units.models import Unit

SIGNATURE_FIELD = "ChuKySoDonVi"
TSA_TIMEOUT = 10  # seconds


class SigningError(ValueError):
    """The unit cannot sign (no certificate, wrong password) or the PDF cannot be signed."""


@dataclass(frozen=True)
class SignedPdf:
    data: bytes
    sha256: str
    signer_subject: str
    signer_fingerprint: str


@dataclass(frozen=True)
class SignatureCheck:
    """What the signature of a PDF says, in words for the verification page."""

    ok: bool
    reason: str
    signer_subject: str = ""
    timestamp: dt.datetime | None = None  # the TSA's time (PAdES B-T), None for B-B
    timestamp_authority: str = ""


def certificate_path(unit: Unit) -> Path:
    return Path(settings.SIGNING_DIR) / f"{unit.code}.p12"


def has_certificate(unit: Unit) -> bool:
    return certificate_path(unit).is_file()


def _signer(unit: Unit) -> signers.SimpleSigner:
    path = certificate_path(unit)
    if not path.is_file():
        raise SigningError(
            f"Đơn vị “{unit.name}” chưa có chứng thư số để ký (thiếu tệp {path.name} trong thư "
            "mục chứng thư số). Quản trị viên cài chứng thư số của đơn vị, hoặc cho bản dùng "
            f"thử: motcua results make-test-ca --unit {unit.code}"
        )
    password = settings.SIGNING_PASSWORD
    signer: signers.SimpleSigner | None = signers.SimpleSigner.load_pkcs12(  # type: ignore[no-untyped-call]
        str(path), passphrase=password.encode() if password else None
    )
    if signer is None or signer.signing_cert is None:
        raise SigningError(
            f"Không mở được chứng thư số của đơn vị “{unit.name}” (sai mật khẩu hoặc tệp hỏng)."
        )
    return signer


def pades_level() -> str:
    return "PAdES B-T" if settings.SIGNING_TSA else "PAdES B-B"


def timestamper() -> TimeStamper | None:
    """The configured time-stamping authority (MOTCUA_SIGNING_TSA), or None (PAdES B-B)."""
    tsa = settings.SIGNING_TSA
    if not tsa:
        return None
    if tsa == "test":
        try:
            return load_test_tsa(Path(settings.SIGNING_DIR))
        except FileNotFoundError as exc:
            raise SigningError(
                "Chưa có chứng thư của đơn vị cấp dấu thời gian THỬ NGHIỆM (MOTCUA_SIGNING_TSA="
                "test): chạy motcua results make-test-ca."
            ) from exc
    return HTTPTimeStamper(tsa, timeout=TSA_TIMEOUT)  # type: ignore[no-untyped-call]


def _pdf_ok(pdf: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except Exception as exc:  # pyHanko raises many kinds on a broken file
        raise SigningError("Tệp PDF bị hỏng hoặc không đọc được, không ký được.") from exc


def sign_with_stamp(
    pdf: bytes, *, unit: Unit, url: str, stamp_lines: list[str], reason: str, location: str
) -> SignedPdf:
    """Stamp the QR and lines on the last page, then sign the whole file with the unit's key."""
    signer = _signer(unit)
    writer = _pdf_ok(pdf)
    try:
        place_stamp(writer, render_stamp(stamp_lines, url), url)
    except SigningError:
        raise
    except Exception as exc:
        raise SigningError("Không đóng được mã QR lên tệp PDF (tệp có cấu trúc lạ).") from exc
    metadata = signers.PdfSignatureMetadata(
        # One field per issue: a copy of an already signed PDF gets a second signature.
        field_name=f"{SIGNATURE_FIELD}_{hashlib.sha256(url.encode()).hexdigest()[:10]}",
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        name=unit.name,
    )
    pdf_signer = signers.PdfSigner(metadata, signer=signer, timestamper=timestamper())
    try:
        data = pdf_signer.sign_pdf(writer).getvalue()
    except TimestampRequestError as exc:  # the TSA did not answer, or answered nonsense
        raise SigningError(
            "Không lấy được dấu thời gian từ đơn vị cấp dấu thời gian (MOTCUA_SIGNING_TSA), nên "
            "chưa ký số được. Vui lòng thử lại sau ít phút."
        ) from exc
    certificate = signer.signing_cert
    assert certificate is not None  # checked when loading
    return SignedPdf(
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        signer_subject=readable(certificate.subject),
        signer_fingerprint=hashlib.sha256(certificate.dump()).hexdigest(),
    )


def trust_roots() -> list[Any]:
    """The certificates (asn1crypto) in the MOTCUA_SIGNING_TRUST_ROOTS bundle (PEM or DER)."""
    path = Path(settings.SIGNING_TRUST_ROOTS)
    if not path.is_file():
        return []
    return list(load_certs_from_pemder_data(path.read_bytes()))


def _verdict(status: Any) -> tuple[bool, str]:
    if not status.intact or not status.valid:
        return False, "Nội dung tệp đã bị thay đổi sau khi ký."
    if not status.trusted:
        return False, "Chứng thư số của người ký không thuộc danh sách tin cậy của hệ thống."
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return False, "Tệp có phần được thêm vào sau khi ký."
    stamp = status.timestamp_validity
    if stamp is not None and not (stamp.intact and stamp.valid and stamp.trusted):
        return False, (
            "Dấu thời gian của chữ ký không hợp lệ hoặc không do đơn vị cấp dấu thời gian tin "
            "cậy cấp."
        )
    return True, "Chữ ký số hợp lệ, nội dung không bị thay đổi."


def check_signature(data: bytes) -> SignatureCheck:
    """Is the last signature of the PDF intact, trusted and covering the whole file?"""
    roots = trust_roots()
    if not roots:
        return SignatureCheck(False, "Hệ thống chưa được cấu hình chứng thư gốc tin cậy.")
    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception:
        return SignatureCheck(False, "Tệp PDF bị hỏng hoặc không đọc được.")
    if not signatures:
        return SignatureCheck(False, "Tệp không có chữ ký số.")
    context = ValidationContext(
        trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
    )
    try:
        status = validate_pdf_signature(signatures[-1], context)
    except Exception:
        return SignatureCheck(False, "Chữ ký số trong tệp bị hỏng, không kiểm tra được.")
    subject = readable(status.signing_cert.subject) if status.signing_cert else ""
    ok, reason = _verdict(status)
    stamp = status.timestamp_validity
    if stamp is None:
        return SignatureCheck(ok, reason, subject)
    authority = readable(stamp.signing_cert.subject) if stamp.signing_cert else ""
    return SignatureCheck(ok, reason, subject, stamp.timestamp, authority)
