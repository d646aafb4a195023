"""The shape Cổng DVCQG accepts, as two public implementations send it (for the SIMULATOR).

The official VPCP integration specification is not public. Every rule here is taken from the
code of two independent implementations that talk to the real portal, cited beside it in
docs/portal-sync.md ("The strict simulator's rules"):

- [O] VietOpenCPS/opencps-v2, modules/backend-dossiermgt/…/action/impl/
  DVCQGIntegrationActionImpl.java: methods createSyncDossierBodyRequest (the dossier),
  createSyncDossierStatusBodyRequest (one progress step), syncData (the envelope: session,
  madonvi, service, data), syncDossierAndDossierStatus (isUpdating, then CapNhatTienDoHoSoMC).
  Fields it marks `//ko bb` (không bắt buộc) are optional.
- [H] HuanVu201/DichVuCong_KhoaLuan_PASETO, DichVuCongApi/src/Core/Application/Common/KetNoi/
  DVC/SyncLocalDataToDVCQG/ISyncLocalDataToDVCQGService.cs (classes HoSoDongBoDVC,
  TaiLieuNopDongBoDVC, LePhiDongBoDVC, QuaTrinhXuLyDongBoDVC, GiayToKetQua, DinhDanhCHS,
  DSKetNoiCSDL, TepDinhKemKhac, ResultHoSoDongBoDVCQuocGia) and Infrastructure/KetNoi/DVC/
  SyncLocalDataToDVCQG/SyncLocalDataToDVCQGService.cs (GetQuery, GetData, PushData).

A field is **required** when [O] does not mark it `ko bb` and [H] declares it non-nullable
(`string`, not `string?`); `filled` ones must also be non-empty. Every scalar is a JSON string
in both ([H] declares `string`, [O] puts `String.valueOf(…)`), except where noted. Value sets
(`values`) are those the references send; dates are yyyyMMddHHmmss ([O] convertDate2String,
[H] ToString("yyyyMMddHHmmss")) or "". ASSUMPTION marks what neither source settles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

DATE = re.compile(r"^(\d{14})?$")


@dataclass(frozen=True)
class Field:
    kind: str = "str"  # "str", "int" or "list"
    required: bool = False
    filled: bool = False  # required and non-empty
    values: frozenset[str] | None = None
    date: bool = False
    max_length: int | None = None
    items: dict[str, Field] | None = field(default=None)  # for lists of objects


def _s(**kw: Any) -> Field:
    return Field("str", **kw)


def _req(**kw: Any) -> Field:
    return Field("str", required=True, **kw)


def _filled(**kw: Any) -> Field:
    return Field("str", required=True, filled=True, **kw)


def _list(items: dict[str, Field] | None, required: bool = False) -> Field:
    return Field("list", required=required, items=items)


STATUSES = frozenset(str(n) for n in range(1, 11))

DOCUMENT = {  # TaiLieuNop item: [H] TaiLieuNopDongBoDVC; [O] comments in TaiLieuNop
    "TepDinhKemId": _s(),
    "TenTepDinhKem": _req(max_length=4000),  # [H] GetData truncates to 4000
    "IsDeleted": _s(values=frozenset({"0", "1"})),  # [H] GetQuery CASE … 0 ELSE 1
    "MaThanhPhanHoSo": _req(),  # [H] GetData: "" when unknown
    "DuongDanTaiTepTin": _req(),
    "DuocSoHoa": _req(values=frozenset({"0", "1"})),
    "DuocTaiSuDung": _req(values=frozenset({"0", "1", "2"})),  # [H] GetQuery CASE
    "DuocLayTuKhoDMQG": _req(values=frozenset({"0", "1"})),  # [H] GetData
    "MaKetQuaThayThe": _s(),
}
FEE = {  # DanhSachLePhi item: [H] LePhiDongBoDVC (all string); [O] comments
    "TenPhiLePhi": _req(),
    "MaPhiLePhi": _req(),
    "HinhThucThu": _req(),
    "Gia": _req(),
    "LoaiPhiLePhi": _req(),
}
RESULT = {  # DanhSachGiayToKetQua item: [H] GiayToKetQua; [O] comments
    "TenGiayTo": _req(),
    "MaThanhPhanHoSo": _s(),
    "GiayToId": _s(),
    "DuongDanTepTinKetQua": _req(),
    "MaGiayToKetQua": _req(),
}
IDENTITY = {  # DinhDanhCHS item: [H] DinhDanhCHS; GetData: "1" 12 digits, "2" 9 digits
    "LoaiDinhDanh": _filled(values=frozenset({"1", "2"})),
    "SoDinhDanh": _filled(),
}
DATABASE = {"MaCSDL": _filled()}  # DSKetNoiCSDL item: [H] DSKetNoiCSDL
OTHER_FILE = {  # DanhSachTepDinhKemKhac item: [H] TepDinhKemKhac (SoLuong, LoaiGiayTo int)
    "TenGiayTo": _req(),
    "SoLuong": Field("int", required=True),
    "LoaiGiayTo": Field("int", required=True),
}

DOSSIER = {  # DongBoHoSoMC data item: [O] createSyncDossierBodyRequest; [H] HoSoDongBoDVC
    "MaHoSo": _filled(),
    "MaTTHC": _filled(),
    "TenTTHC": _req(),
    "MaLinhVuc": _req(),
    "TenLinhVuc": _req(),
    "KenhThucHien": _s(values=frozenset({"1", "2", "3"})),  # [H] only
    "SoGiayToChuHoSo": _s(),  # [H] only
    "ChuHoSo": _s(),  # [O] ko bb
    "LoaiDoiTuong": _filled(values=frozenset({"1", "2", "3", "4"})),  # [H] GetData
    "MaDoiTuong": _s(),  # [O] ko bb: the portal account (mappingClassPK / TechID)
    "ThongTinKhac": _s(),
    "Email": _s(),
    "Fax": _s(),
    "SoDienThoai": _s(),
    "TrichYeuHoSo": _s(max_length=1000),  # [H] GetData truncates to 1000
    "NgayTiepNhan": _filled(date=True),
    "NgayHenTra": _s(date=True),
    "TrangThaiHoSo": _filled(values=STATUSES),
    "NgayTra": _s(date=True),
    "ThongTinTra": _s(),
    "HinhThuc": _req(values=frozenset({"0", "1"})),  # [O] 0, 1 when sent by post
    "NgayKetThucXuLy": _s(date=True),
    "DonViXuLy": _filled(),  # [O] getGovAgencyName; [H] GroupName: the unit's NAME
    "GhiChu": _s(),
    "TaiLieuNop": _list(DOCUMENT),
    "DanhSachLePhi": _list(FEE),
    "DanhSachTepDinhKemKhac": _list(OTHER_FILE),
    # DanhSachHoSoBoSung: [H] HoSoBoSung mixes DateTime, bool and int members whose JSON form
    # is not shown; ASSUMPTION: only the empty list is accepted (motcua sends none).
    "DanhSachHoSoBoSung": _list({}),
    "DanhSachGiayToKetQua": _list(RESULT),
    "NoiNopHoSo": _req(),  # [H] '2' for every dossier; ASSUMPTION: meaning not published
    "HoSoCoThanhPhanSoHoa": _req(values=frozenset({"0", "1"})),
    "TaiKhoanDuocXacThucVoiVNeID": _req(values=frozenset({"0", "1"})),
    "DuocThanhToanTrucTuyen": _req(values=frozenset({"0", "1", "3"})),  # [H] GetData
    "NgayTuChoi": _s(date=True),
    "DinhDanhCHS": _list(IDENTITY, required=True),
    "NgayNopHoSo": _req(date=True),
    "DSKetNoiCSDL": _list(DATABASE, required=True),
}

STEP = {  # CapNhatTienDoHoSoMC data item: [O] createSyncDossierStatusBodyRequest; [H] QTXL…
    "MaHoSo": _filled(),
    "NguoiXuLy": _filled(max_length=50),  # [H] GetData truncates to 50
    "ChucDanh": _req(),  # [H] default ""
    "ThoiDiemXuLy": _filled(date=True),
    "PhongBanXuLy": _s(),
    "NoiDungXuLy": _s(),
    "TrangThai": _filled(values=STATUSES),
    "NgayBatDau": _s(date=True),
    "NgayKetThucTheoQuyDinh": _s(date=True),
}

# The request envelope: [O] syncData (session, madonvi) + syncDossier (service, isUpdating, data).
ENVELOPE = {
    "session": _req(),
    "madonvi": _req(),
    "service": _filled(values=frozenset({"DongBoHoSoMC", "CapNhatTienDoHoSoMC"})),
    "isUpdating": _s(values=frozenset({"True", "False"})),  # [O] only with DongBoHoSoMC
    "data": Field("list", required=True),
}
ITEMS = {"DongBoHoSoMC": DOSSIER, "CapNhatTienDoHoSoMC": STEP}


def _scalar(value: Any, rule: Field, path: str) -> str | None:
    """The reason a scalar `value` breaks `rule`, or None."""
    if rule.kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else f"{path}: phải là số nguyên."
    if not isinstance(value, str):
        return f"{path}: phải là chuỗi (nhận {type(value).__name__})."
    reasons = (
        (rule.filled and not value, "không được để trống"),
        (
            bool(value) and rule.values is not None and value not in rule.values,
            f"giá trị {value!r} không hợp lệ",
        ),
        (rule.date and not DATE.match(value), "ngày phải dạng yyyyMMddHHmmss"),
        (
            rule.max_length is not None and len(value) > rule.max_length,
            f"dài quá {rule.max_length} ký tự",
        ),
    )
    return next((f"{path}: {reason}." for broken, reason in reasons if broken), None)


def _check(obj: Any, rules: dict[str, Field], where: str) -> list[str]:
    if not isinstance(obj, dict):
        return [f"{where}: phải là một đối tượng JSON."]
    errors = [f"{where}.{name}: trường không có trong đặc tả." for name in obj if name not in rules]
    for name, rule in rules.items():
        path = f"{where}.{name}"
        if name not in obj:
            if rule.required:
                errors.append(f"{path}: thiếu trường bắt buộc.")
        elif rule.kind != "list":
            reason = _scalar(obj[name], rule, path)
            errors += [reason] if reason else []
        elif not isinstance(obj[name], list):
            errors.append(f"{path}: phải là một danh sách.")
        elif rule.items is not None:
            for n, item in enumerate(obj[name]):
                errors += _check(item, rule.items, f"{path}[{n}]")
    return errors


def validate_request(body: Any) -> list[str]:
    """Every reason the portal (as the references send to it) would refuse `body`; [] if none."""
    errors = _check(body, ENVELOPE, "body")
    if errors:
        return errors
    service = body["service"]
    if service == "CapNhatTienDoHoSoMC" and "isUpdating" in body:
        return ["body.isUpdating: chỉ dùng với DongBoHoSoMC."]
    if not body["data"]:
        return ["body.data: danh sách rỗng."]
    for n, item in enumerate(body["data"]):
        errors += _check(item, ITEMS[service], f"data[{n}]")
    return errors
