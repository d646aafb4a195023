"""The official list of administrative units, with the units that ended on 30/6/2025.

Sources:

- The units in force from 01/7/2025 (34 provinces, 3 321 communes, QĐ 19/2025/QĐ-TTg): the
  ``vietnam-provinces`` package (PyPI, GPL-3.0-or-later), which ships the General Statistics
  Office's list (danhmuchanhchinh.gso.gov.vn) with its codes; its ``__data_version__`` is the day
  the list was taken. Names and codes only: no agency code (mã định danh), no founding date.
- The units that ended on 30/6/2025 and their successors: ``data/history_2025.json`` (ours): the
  52 provinces merged by NQ 202/2025/QH15 and, at commune level, only what the demo commune needs.

A code may pass from an ended unit to its successor (91: tỉnh Kiên Giang, then the new tỉnh An
Giang; 30406: thị trấn Phú Mỹ, then xã Phú Tân). The ended unit keeps the key it always had (the
code); the successor that took over such a code is keyed ``<code>-2025``; both carry the real
code as ``admin_code``. Loading is idempotent and keeps what the list does not carry (agency
codes, legal references, assumptions entered for a unit).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from motcua.audit.services import record
from motcua.units.models import Unit, UnitKind

HISTORY_FILE = Path(__file__).resolve().parent / "data" / "history_2025.json"
LIST_START = dt.date(2025, 7, 1)  # NQ 202/2025/QH15 and the commune resolutions take effect
MERGER_REF = "NQ 202/2025/QH15 ngày 12/6/2025 về sắp xếp đơn vị hành chính cấp tỉnh"
COMMUNE_REF = "Danh mục ĐVHC từ 01/7/2025 (QĐ 19/2025/QĐ-TTg); các NQ của UBTVQH về sắp xếp cấp xã"


@dataclass(frozen=True)
class OfficialLoad:
    provinces: int
    communes: int
    ended: int
    data_version: str


def package_source() -> str:
    import vietnam_provinces as vp

    return (
        f"Danh mục ĐVHC của Tổng cục Thống kê qua gói vietnam-provinces {vp.__version__} "
        f"(dữ liệu ngày {dt.date.fromisoformat(vp.__data_version__):%d/%m/%Y})"
    )


def official_key(admin_code: str, ended_codes: set[str]) -> str:
    """The key of a unit of the current list: its code, or ``<code>-2025`` when an ended unit
    already holds that code as its key (keys are never reused)."""
    return f"{admin_code}-2025" if admin_code in ended_codes else admin_code


def read_history(path: Path | None = None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads((path or HISTORY_FILE).read_text(encoding="utf-8"))[
        "units"
    ]
    return rows


def read_package() -> list[dict[str, Any]]:
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    provinces: list[dict[str, Any]] = json.loads(
        NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8")
    )
    return provinces


def _province_name(row: dict[str, Any]) -> str:
    name = str(row["name"])
    return name if name.startswith("Thành phố") else f"Tỉnh {name}"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _upsert(
    existing: dict[str, Unit],
    code: str,
    fields: dict[str, Any],
    keep: tuple[str, ...],
    changes: list[str],
) -> Unit:
    """Create the unit, or update the fields the source carries; keep ``keep`` when the source
    has nothing for them (an agency code entered by hand is not erased by the list)."""
    unit = existing.get(code)
    if unit is None:
        unit = Unit(code=code, **fields)
        unit.save()
        existing[code] = unit
        changes.append(code)
        return unit
    changed = False
    for name, value in fields.items():
        if name in keep and not value:
            continue
        if getattr(unit, name) != value:
            setattr(unit, name, value)
            changed = True
    if changed:
        unit.save()
        changes.append(code)
    return unit


@transaction.atomic
def load_official(history_path: Path | None = None) -> OfficialLoad:
    """Load (or bring in line) every province and commune of the official list and the units
    that ended on 30/6/2025 with their successors. Idempotent."""
    import vietnam_provinces as vp

    history = read_history(history_path)
    provinces = read_package()
    source = package_source()
    existing = {unit.code: unit for unit in Unit.objects.all()}
    ended_codes = {row["admin_code"] for row in history if row.get("valid_to")}
    keep = ("agency_code", "legal_ref", "assumed")
    changes: list[str] = []

    # 1. The ended units, parents first (the file lists them so), successors in step 3.
    for row in history:
        parent = existing[row["parent"]].pk if row.get("parent") else None
        _upsert(
            existing,
            row["code"],
            {
                "name": row["name"],
                "kind": row["kind"],
                "parent_id": parent,
                "admin_code": row["admin_code"],
                "agency_code": row.get("agency_code", ""),
                "valid_from": _date(row.get("valid_from")),
                "valid_to": _date(row.get("valid_to")),
                "legal_ref": row.get("legal_ref", ""),
                "source": row.get("source", ""),
                "assumed": ", ".join(row.get("assumed", [])),
            },
            keep,
            changes,
        )
    # 2. The list in force from 01/7/2025.
    province_codes = {row["admin_code"] for row in history if row["kind"] == UnitKind.PROVINCE}
    merged_into = {row["successor_admin_code"] for row in history if row["kind"] == "province"}
    communes = 0
    for province_row in provinces:
        province_code = f"{province_row['code']:02d}"
        merged = province_code in merged_into
        province = _upsert(
            existing,
            official_key(province_code, province_codes),
            {
                "name": _province_name(province_row),
                "kind": UnitKind.PROVINCE,
                "parent_id": None,
                "admin_code": province_code,
                "valid_from": LIST_START if merged else None,
                "valid_to": None,
                "legal_ref": MERGER_REF if merged else "",
                "source": source,
            },
            keep,
            changes,
        )
        for ward in province_row["wards"]:
            ward_code = f"{ward['code']:05d}"
            _upsert(
                existing,
                official_key(ward_code, ended_codes),
                {
                    "name": ward["name"],
                    "kind": UnitKind.COMMUNE,
                    "parent_id": province.pk,
                    "admin_code": ward_code,
                    "valid_from": LIST_START,
                    "valid_to": None,
                    "legal_ref": COMMUNE_REF,
                    "source": source,
                },
                keep,
                changes,
            )
            communes += 1
    # 3. Successors, by the successor's code in the list in force from 01/7/2025.
    for row in history:
        successor_code = row.get("successor_admin_code")
        if not successor_code:
            continue
        codes = province_codes if row["kind"] == UnitKind.PROVINCE else ended_codes
        successor = existing[official_key(successor_code, codes)]
        unit = existing[row["code"]]
        if unit.successor_id != successor.pk:
            unit.successor = successor
            unit.save(update_fields=["successor"])
            changes.append(unit.code)
    if changes:
        record(
            actor=None,
            action="load_official_units",
            object_type="unit_list",
            object_id=vp.__version__,
            after={"source": source, "changed": len(changes), "first": sorted(changes)[:20]},
        )
    return OfficialLoad(
        provinces=len(provinces),
        communes=communes,
        ended=sum(1 for row in history if row.get("valid_to")),
        data_version=vp.__data_version__,
    )
