"""What Cổng DVCQG receives for one state of a dossier, in the format the portal's clients send.

Two requests per act (docs/portal-sync.md, "The payload"), built here in the act's transaction
and stored in the outbox message as `{"DongBoHoSoMC": <dossier>, "CapNhatTienDoHoSoMC": [steps]}`:

- DongBoHoSoMC: a full snapshot of the dossier (not a diff), field for field as
  VietOpenCPS/opencps-v2 DVCQGIntegrationActionImpl.createSyncDossierBodyRequest and
  HuanVu201/DichVuCong_KhoaLuan_PASETO ISyncLocalDataToDVCQGService.cs HoSoDongBoDVC send it:
  every value a string ("1", not 1), dates yyyyMMddHHmmss in Vietnam time, "" when absent;
- CapNhatTienDoHoSoMC: the processing steps not sent before (opencps sends the current step,
  HuanVu's PushData the steps not yet synced), each with its MaHoSo.

The strict simulator (portal/simulator.py, rules in portal/portal_schema.py) refuses anything
else. Values no public source settles are marked ASSUMPTION.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath
from typing import Any

from django.db import connection

from motcua.audit.models import AuditEvent
from motcua.domain.dossier_states import Action, Status
from motcua.domain.vntime import VN
from motcua.dossiers.models import Channel, Delivery, Dossier
from motcua.payments.models import Payment, PaymentStatus

PORTAL_TIME = "%Y%m%d%H%M%S"
DOSSIER_SERVICE = "DongBoHoSoMC"
PROGRESS_SERVICE = "CapNhatTienDoHoSoMC"
CHANNEL_CODES = {Channel.COUNTER: "1", Channel.ONLINE: "2", Channel.POSTAL: "3"}
# [H] GetData: 1 công dân, 2 doanh nghiệp, 3 cơ quan nhà nước, 4 tổ chức/khác. motcua does not
# tell a business from another organisation yet: organisations are "4".
APPLICANT_KINDS = {"person": "1", "organisation": "4"}
# ASSUMPTION: neither reference names the fee codes; [H] sends "1" for all three. motcua sends
# LoaiPhiLePhi 1 phí / 2 lệ phí and HinhThucThu 1 trực tiếp / 2 chuyển khoản / 3 trực tuyến.
FEE_KINDS = {"phi": "1", "le_phi": "2"}
FEE_METHODS = {"cash": "1", "transfer": "2", "online": "3"}
STATUS_VALUES = frozenset(s.value for s in Status)
ACT_LABELS = {"receive": "Nhận hồ sơ", **{a.value: a.label.capitalize() for a in Action}}
NAME_LIMIT = 50  # [H] GetData cuts NguoiXuLy to 50 characters
SUMMARY_LIMIT = 1000  # [H] GetData cuts TrichYeuHoSo to 1000 characters


def portal_time(moment: dt.datetime | None) -> str:
    """yyyyMMddHHmmss in Vietnam time; "" when there is no such date."""
    return moment.astimezone(VN).strftime(PORTAL_TIME) if moment is not None else ""


def _iso_to_portal(value: Any) -> str:
    if not value:
        return ""
    return portal_time(dt.datetime.fromisoformat(str(value)))


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _flag(value: bool) -> str:
    return "1" if value else "0"


def history(dossier: Dossier, portal_code: str) -> list[dict[str, str]]:
    """Every processing step from the audit chain (including the act being recorded)."""
    events = AuditEvent.objects.filter(
        object_type="dossier", object_id=str(dossier.pk)
    ).in_chain_order()
    steps = []
    for event in events:
        after = event.after or {}
        status = str(after.get("status"))
        if event.action not in ACT_LABELS or status not in STATUS_VALUES:
            continue
        steps.append(
            {
                "MaHoSo": portal_code,
                "NguoiXuLy": _cut(event.actor_label or "Cán bộ một cửa", NAME_LIMIT),
                "ChucDanh": "",  # ASSUMPTION: motcua keeps no job title per act
                "ThoiDiemXuLy": portal_time(event.at),
                "PhongBanXuLy": "",
                "NoiDungXuLy": ACT_LABELS[event.action],
                "TrangThai": str(Status(status).portal_code),
                "NgayBatDau": "",
                "NgayKetThucTheoQuyDinh": _iso_to_portal(after.get("due_at")),
            }
        )
    return steps


def _documents(dossier: Dossier) -> list[dict[str, str]]:
    # ASSUMPTION: motcua does not publish files to the portal, so DuongDanTaiTepTin is ""
    # ([H] sends its own download URL + path).
    return [
        {
            "TepDinhKemId": str(c.pk),
            "TenTepDinhKem": _cut(c.name, 4000),
            "IsDeleted": "0",
            "MaThanhPhanHoSo": str(c.catalog_component_id or ""),
            "DuongDanTaiTepTin": "",
            "DuocSoHoa": _flag(c.digitised),
            "DuocTaiSuDung": _flag(c.reused),
            "DuocLayTuKhoDMQG": _flag(c.reused),
            "MaKetQuaThayThe": "",
        }
        # In Python: the acceptance has the components prefetched for its receipt.
        for c in sorted(dossier.components.all(), key=lambda c: c.pk)
    ]


def _fees(dossier: Dossier) -> list[dict[str, str]]:
    """The paid fees ([H] GetQuery: only "Đã thanh toán" and SoTien > 0)."""
    table = connection.ops.quote_name(Payment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT description, fee_id, kind, amount, method FROM {table} "  # noqa: S608
            "WHERE dossier_id = %s AND status = %s AND amount > 0 ORDER BY id",
            [dossier.pk, PaymentStatus.PAID.value],
        )
        rows = cursor.fetchall()
    return [
        {
            "TenPhiLePhi": description,
            "MaPhiLePhi": str(fee_id or ""),
            "HinhThucThu": FEE_METHODS.get(method, "1"),
            "Gia": str(amount),
            "LoaiPhiLePhi": FEE_KINDS.get(kind, "1"),
        }
        for description, fee_id, kind, amount, method in rows
    ]


def _identities(dossier: Dossier) -> list[dict[str, str]]:
    """DinhDanhCHS: [H] GetData, "1" for a 12-digit number, "2" for a 9-digit one.

    ASSUMPTION: [H] sends "000000001" when there is none; motcua sends an empty list instead
    of inventing a number.
    """
    number = dossier.applicant_id_number or ""
    if dossier.applicant_kind != "person" or not re.fullmatch(r"\d{9}|\d{12}", number):
        return []
    return [{"LoaiDinhDanh": "1" if len(number) == 12 else "2", "SoDinhDanh": number}]


def _results(dossier: Dossier) -> list[dict[str, str]]:
    if not dossier.result_file:
        return []
    # [H] GetData: TenGiayTo is the file's name; ASSUMPTION: no public link (path "") and no
    # MaGiayToKetQua (motcua's catalogue has no "mã kết quả chính").
    return [
        {
            "TenGiayTo": PurePosixPath(dossier.result_file.name).name,
            "MaThanhPhanHoSo": "",
            "GiayToId": "",
            "DuongDanTepTinKetQua": "",
            "MaGiayToKetQua": "",
        }
    ]


def dossier_item(dossier: Dossier, portal_code: str) -> dict[str, Any]:
    """The DongBoHoSoMC data item for `dossier` now."""
    version = dossier.procedure_version
    status = Status(dossier.status)
    unit = dossier.competent_unit
    refused = status in (Status.REFUSED_AT_INTAKE, Status.REFUSED)
    finished = dossier.resolved_at or dossier.ended_at
    fees = _fees(dossier)
    documents = _documents(dossier)
    return {
        "MaHoSo": portal_code,
        "MaTTHC": version.procedure.code,
        "TenTTHC": version.name,
        "MaLinhVuc": version.field.code,
        "TenLinhVuc": version.field.name,
        "KenhThucHien": CHANNEL_CODES[Channel(dossier.channel)],
        "SoGiayToChuHoSo": dossier.applicant_id_number or "",
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": APPLICANT_KINDS.get(dossier.applicant_kind, "4"),
        # The portal ACCOUNT ([O] applicant mappingClassPK, [H] TechID); motcua does not know
        # it, and the personal number goes in SoGiayToChuHoSo / DinhDanhCHS.
        "MaDoiTuong": "",
        "ThongTinKhac": "",
        "Email": dossier.applicant_email or "",
        "Fax": "",
        "SoDienThoai": dossier.applicant_phone or "",
        "TrichYeuHoSo": _cut(f"{version.name} — {dossier.applicant_name}", SUMMARY_LIMIT),
        # Required by both references ([H] syncs only dossiers that have one). A portal dossier
        # told about before its acceptance (supplement, refusal at intake) has none yet:
        # ASSUMPTION, the time motcua received it.
        "NgayTiepNhan": portal_time(dossier.accepted_at or dossier.received_at),
        "NgayHenTra": portal_time(dossier.due_at),
        "TrangThaiHoSo": str(status.portal_code),
        "NgayTra": portal_time(dossier.returned_at),
        "ThongTinTra": "",
        # [O]: "1" when the result goes by post, else "0".
        "HinhThuc": "1" if dossier.result_delivery == Delivery.POST else "0",
        "NgayKetThucXuLy": portal_time(finished),
        "DonViXuLy": unit.name,  # [O] getGovAgencyName, [H] GroupName: the unit's name
        "GhiChu": "",
        "TaiLieuNop": documents,
        "DanhSachLePhi": fees,
        "DanhSachTepDinhKemKhac": [],
        "DanhSachHoSoBoSung": [],
        "DanhSachGiayToKetQua": _results(dossier),
        "NoiNopHoSo": "2",  # [H] sends '2' for every dossier; ASSUMPTION on its meaning
        "HoSoCoThanhPhanSoHoa": _flag(dossier.has_digitised_components),
        "TaiKhoanDuocXacThucVoiVNeID": "0",  # [H] '0'; motcua does not record it per dossier
        # [H] GetData: "1" paid online, "3" a paid fee not online, "0" no fee.
        "DuocThanhToanTrucTuyen": "1" if dossier.paid_online else ("3" if fees else "0"),
        "NgayTuChoi": portal_time(finished) if refused else "",
        "DinhDanhCHS": _identities(dossier),
        "NgayNopHoSo": portal_time(dossier.received_at),
        "DSKetNoiCSDL": [],  # ASSUMPTION: [H] sends MaCSDL "7" (meaning unpublished); none here
    }


def build_payload(dossier: Dossier, portal_code: str, steps_sent: int = 0) -> dict[str, Any]:
    """The outbox message: the dossier snapshot and the steps after the first `steps_sent`."""
    return {
        DOSSIER_SERVICE: dossier_item(dossier, portal_code),
        PROGRESS_SERVICE: history(dossier, portal_code)[steps_sent:],
    }
