"""The message Cổng DVCQG receives for one state of a dossier (docs/domain.md §12).

Field names and codes are the portal's (research/domain-vn.md §7.5: TrangThaiHoSo 1–10,
KenhThucHien 1–3, LoaiDoiTuong 1–4, dates as yyyyMMddHHmmss in Vietnam time). The official VPCP
integration spec is not public: the shape is the one seen in a provincial implementation, and
docs/portal-sync.md lists what is assumed. The message is a full snapshot (not a diff), built in
the act's transaction, so each one tells the portal everything as of that act.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from motcua.audit.models import AuditEvent
from motcua.domain.dossier_states import Action, Status
from motcua.domain.vntime import VN
from motcua.dossiers.models import Channel, Dossier
from motcua.payments.models import Payment, PaymentStatus

PORTAL_TIME = "%Y%m%d%H%M%S"
CHANNEL_CODES = {Channel.COUNTER: 1, Channel.ONLINE: 2, Channel.POSTAL: 3}
APPLICANT_KINDS = {"person": 1, "organisation": 4}  # 1 công dân, 4 tổ chức khác (2 = doanh nghiệp)
STATUS_VALUES = frozenset(s.value for s in Status)
ACT_LABELS = {"receive": "Nhận hồ sơ", **{a.value: a.label.capitalize() for a in Action}}


def portal_time(moment: dt.datetime | None) -> str:
    """yyyyMMddHHmmss in Vietnam time; "" when there is no such date."""
    return moment.astimezone(VN).strftime(PORTAL_TIME) if moment is not None else ""


def _iso_to_portal(value: Any) -> str:
    if not value:
        return ""
    return portal_time(dt.datetime.fromisoformat(str(value)))


def _history(dossier: Dossier) -> list[dict[str, Any]]:
    """QuaTrinhXuLy: every act from the audit chain (including the one being recorded)."""
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
                "NguoiXuLy": event.actor_label,
                "ThoiDiemXuLy": portal_time(event.at),
                "NoiDungXuLy": ACT_LABELS[event.action],
                "TrangThai": Status(status).portal_code,
                "NgayKetThucTheoQuyDinh": _iso_to_portal(after.get("due_at")),
            }
        )
    return steps


def _documents(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "MaThanhPhanHoSo": str(c.catalog_component_id or ""),
            "TenGiayTo": c.name,
            "SoLuong": c.count,
            "DuocSoHoa": c.digitised,
            "DuocTaiSuDung": c.reused,
            "DuocLayTuKhoDMQG": c.reused,
        }
        # In Python: the acceptance has the components prefetched for its receipt.
        for c in sorted(dossier.components.all(), key=lambda c: c.pk)
    ]


def _fees(dossier: Dossier) -> list[dict[str, Any]]:
    # Plain SQL (every act that tells the portal reads it): text and integer columns only.
    table = connection.ops.quote_name(Payment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT description, fee_id, kind, amount, method, status FROM {table} "  # noqa: S608
            "WHERE dossier_id = %s AND status <> %s ORDER BY id",
            [dossier.pk, PaymentStatus.CANCELLED.value],
        )
        rows = cursor.fetchall()
    return [
        {
            "TenPhiLePhi": description,
            "MaPhiLePhi": str(fee_id or ""),
            "LoaiPhiLePhi": kind,
            "Gia": amount,
            "HinhThucThu": method,
            "DaThu": status == PaymentStatus.PAID,
        }
        for description, fee_id, kind, amount, method, status in rows
    ]


def build_payload(dossier: Dossier, portal_code: str, seq: int) -> dict[str, Any]:
    """The portal's view of `dossier` now; `seq` orders the updates of one dossier."""
    version = dossier.procedure_version
    status = Status(dossier.status)
    unit = dossier.competent_unit
    refused = status in (Status.REFUSED_AT_INTAKE, Status.REFUSED)
    finished = dossier.resolved_at or dossier.ended_at
    results = []
    if dossier.result_file:
        results.append(
            {"TenGiayTo": dossier.result_file.name, "CoKetQuaDienTu": dossier.electronic_result}
        )
    return {
        "MaHoSo": portal_code,
        "MaHoSoMotCua": dossier.code or "",
        "SoThuTuCapNhat": seq,
        "MaTTHC": version.procedure.code,
        "TenTTHC": version.name,
        "MaLinhVuc": version.field.code,
        "KenhThucHien": CHANNEL_CODES[Channel(dossier.channel)],
        "ChuHoSo": dossier.applicant_name,
        "LoaiDoiTuong": APPLICANT_KINDS.get(dossier.applicant_kind, 4),
        "MaDoiTuong": dossier.applicant_id_number,
        "TrichYeuHoSo": f"{version.name} — {dossier.applicant_name}",
        "TrangThaiHoSo": status.portal_code,
        "NgayTiepNhan": portal_time(dossier.accepted_at),
        "NgayHenTra": portal_time(dossier.due_at),
        "NgayKetThucXuLy": portal_time(finished),
        "NgayTra": portal_time(dossier.returned_at),
        "NgayTuChoi": portal_time(finished) if refused else "",
        "DonViXuLy": unit.agency_code or unit.code,
        "TaiLieuNop": _documents(dossier),
        "DanhSachLePhi": _fees(dossier),
        "DanhSachGiayToKetQua": results,
        "HoSoCoThanhPhanSoHoa": dossier.has_digitised_components,
        "DuocThanhToanTrucTuyen": dossier.paid_online,
        "QuaTrinhXuLy": _history(dossier),
    }
