"""Reading a dossier submitted on Cổng DVCQG (the assumed inbound shape, docs/portal-sync.md).

`parse_inbound` turns the portal's JSON into the intake service's `Intake`; it only reads and
checks (Vietnamese messages), it writes nothing. The HMAC signature of the API endpoint is
checked by `signature_ok`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from motcua.dossiers.importer import parse_time
from motcua.dossiers.models import Channel, Delivery
from motcua.dossiers.services import Applicant, ComponentIn, DossierError, Intake
from motcua.units.models import Unit

SIGNATURE_HEADER = "X-Portal-Signature"
TIMESTAMP_HEADER = "X-Portal-Timestamp"
MAX_CLOCK_SKEW = 300  # seconds between the portal's timestamp and ours
DELIVERY = {
    "1": Delivery.DESK,
    "2": Delivery.POST,
    "3": Delivery.ELECTRONIC,
    **{d.value: d for d in Delivery},
}


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """hex HMAC-SHA256 of "{timestamp}." + body — what the portal puts in X-Portal-Signature."""
    message = timestamp.encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signature_ok(secret: str, timestamp: str | None, signature: str | None, body: bytes) -> bool:
    if not timestamp or not signature or not timestamp.isdigit():
        return False
    if abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


@dataclass(frozen=True)
class Inbound:
    portal_code: str
    intake: Intake
    submitted_at: dt.datetime | None


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value).strip()


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(Q(code=code) | Q(agency_code=code) | Q(short_code=code)).first()
    if unit is None:
        raise DossierError(f"Không có đơn vị xử lý mã “{code}”.")
    return unit


def _id_number(data: dict[str, Any]) -> str:
    identities = data.get("DinhDanhCHS") or []
    if not isinstance(identities, list):  # an int here was a 500 (found by the API fuzzer)
        raise DossierError("DinhDanhCHS phải là một danh sách.")
    for item in identities:
        if isinstance(item, dict) and str(item.get("SoDinhDanh") or "").strip():
            return str(item["SoDinhDanh"]).strip()
    return _text(data, "MaDoiTuong")


def _components(data: dict[str, Any]) -> list[ComponentIn]:
    documents = data.get("TaiLieuNop") or []
    if not isinstance(documents, list):
        raise DossierError("TaiLieuNop phải là một danh sách.")
    found = []
    for item in documents:
        if not isinstance(item, dict):
            raise DossierError("Mỗi tài liệu nộp phải là một đối tượng JSON.")
        try:
            count = int(item.get("SoLuong") or 1)
        except (TypeError, ValueError, OverflowError):  # OverflowError: 1e400, Infinity
            raise DossierError("SoLuong của tài liệu nộp phải là số.") from None
        found.append(
            ComponentIn(
                name=str(item.get("TenGiayTo") or item.get("TenTepDinhKem") or "").strip(),
                count=count,
                digitised=bool(item.get("DuocSoHoa", True)),  # filed online: electronic
                reused=bool(item.get("DuocTaiSuDung") or item.get("DuocLayTuKhoDMQG")),
            )
        )
    return found


def parse_inbound(data: Any) -> Inbound:
    """The checked dossier, or DossierError saying what is wrong."""
    if not isinstance(data, dict):
        raise DossierError("Dữ liệu hồ sơ phải là một đối tượng JSON.")
    code = _text(data, "MaHoSo")
    if not code or len(code) > 60:
        raise DossierError("Thiếu MaHoSo (mã hồ sơ trên Cổng) hoặc mã dài quá 60 ký tự.")
    if _text(data, "KenhThucHien") not in ("", "2"):
        raise DossierError("Hồ sơ nhận từ Cổng phải có KenhThucHien = 2 (trực tuyến).")
    unit_code = _text(data, "DonViXuLy")
    if not unit_code:
        raise DossierError("Thiếu DonViXuLy (mã đơn vị xử lý).")
    try:
        submitted = parse_time(data.get("NgayNopHoSo"))
        birth = parse_time(_text(data, "NgaySinh") + "000000" if data.get("NgaySinh") else None)
    except ValueError:
        raise DossierError(
            "NgayNopHoSo (yyyyMMddHHmmss) hoặc NgaySinh (yyyyMMdd) sai dạng."
        ) from None
    delivery = DELIVERY.get(_text(data, "HinhThucNhanKetQua") or "1")
    if delivery is None:
        raise DossierError("HinhThucNhanKetQua phải là 1 (tại Một cửa), 2 (bưu chính) hoặc 3.")
    unit = _unit(unit_code)
    kind = "person" if _text(data, "LoaiDoiTuong") in ("", "1") else "organisation"
    applicant = Applicant(
        name=_text(data, "ChuHoSo"),
        id_number=_id_number(data),
        birth_date=birth.date() if birth else None,
        address=_text(data, "DiaChi"),
        phone=_text(data, "SoDienThoai"),
        email=_text(data, "Email"),
        kind=kind,
    )
    intake = Intake(
        procedure_code=_text(data, "MaTTHC"),
        receiving_unit=unit,
        competent_unit=unit,
        channel=Channel.ONLINE,
        applicant=applicant,
        components=_components(data),
        result_delivery=delivery,
        delivery_address=_text(data, "DiaChiNhanKetQua"),
    )
    return Inbound(portal_code=code, intake=intake, submitted_at=submitted)
