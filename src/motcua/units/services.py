"""The only write path for administrative units."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Q, QuerySet

from motcua.domain.codes import short_agency_code
from motcua.units.models import Unit, UnitKind

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "an_giang.json"


class UnitError(ValueError):
    """A unit that cannot be saved as given; the message is for the user, in Vietnamese."""


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent_code: str | None = None
    agency_code: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor_code: str | None = None
    legal_ref: str = ""
    admin_code: str = ""
    source: str = ""
    assumed: str = ""


def _existing(code: str | None, what: str) -> Unit | None:
    if not code:
        return None
    try:
        return Unit.objects.get(code=code)
    except Unit.DoesNotExist:
        raise UnitError(f"Không có {what} mã “{code}”.") from None


@transaction.atomic
def add_unit(spec: UnitSpec) -> tuple[Unit, bool]:
    """Create the unit, or bring an existing one with the same code in line (idempotent)."""
    if spec.kind not in UnitKind.values:
        raise UnitError(
            f"Loại đơn vị “{spec.kind}” không hợp lệ; chọn một trong: {', '.join(UnitKind.values)}."
        )
    if not spec.code.strip() or not spec.name.strip():
        raise UnitError("Mã và tên đơn vị không được để trống.")
    if spec.valid_from and spec.valid_to and spec.valid_to < spec.valid_from:
        raise UnitError("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
    if spec.agency_code:
        short_agency_code(spec.agency_code)  # raises CodeError with a Vietnamese message
    parent = _existing(spec.parent_code, "đơn vị cấp trên")
    successor = _existing(spec.successor_code, "đơn vị kế thừa")
    if parent is not None and parent.code == spec.code:
        raise UnitError("Một đơn vị không thể là cấp trên của chính nó.")
    _check_admin_code_free(spec)
    unit, created = Unit.objects.update_or_create(
        code=spec.code.strip(),
        defaults={
            "name": spec.name.strip(),
            "kind": spec.kind,
            "parent": parent,
            "agency_code": spec.agency_code.strip(),
            "valid_from": spec.valid_from,
            "valid_to": spec.valid_to,
            "successor": successor,
            "legal_ref": spec.legal_ref,
            "admin_code": spec.admin_code.strip(),
            "source": spec.source,
            "assumed": spec.assumed,
        },
    )
    return unit, created


def _overlaps(
    a_from: dt.date | None, a_to: dt.date | None, b_from: dt.date | None, b_to: dt.date | None
) -> bool:
    return (a_to is None or b_from is None or b_from <= a_to) and (
        b_to is None or a_from is None or a_from <= b_to
    )


def _check_admin_code_free(spec: UnitSpec) -> None:
    """A mã ĐVHC may pass from one unit to another, but two units never hold it the same day."""
    if not spec.admin_code.strip():
        return
    others = Unit.objects.filter(admin_code=spec.admin_code.strip()).exclude(code=spec.code.strip())
    for other in others:
        if _overlaps(spec.valid_from, spec.valid_to, other.valid_from, other.valid_to):
            raise UnitError(
                f"Mã ĐVHC “{spec.admin_code}” đã thuộc đơn vị “{other.name}” ({other.code}) "
                "trong cùng thời gian hiệu lực; một mã chỉ thuộc một đơn vị mỗi ngày."
            )


def unit_for_admin_code(admin_code: str, day: dt.date) -> Unit | None:
    """The unit that held the mã ĐVHC on that day (a code alone is not an identity over time)."""
    for unit in Unit.objects.filter(admin_code=admin_code.strip()):
        if unit.is_active_on(day):
            return unit
    return None


def units_on(day: dt.date, *kinds: str) -> QuerySet[Unit]:
    """The units that exist on the day (valid_from ≤ day ≤ valid_to), of the given kinds."""
    units = Unit.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    )
    return units.filter(kind__in=kinds) if kinds else units


def load_reference_units(path: Path | None = None) -> int:
    """Load the reference units shipped in units/data (idempotent). Returns how many were loaded.

    Two passes, because a unit's successor may be listed after it.
    """
    data = json.loads((path or REFERENCE_FILE).read_text(encoding="utf-8"))
    rows = data["units"]
    with transaction.atomic():
        for successor_pass in (False, True):
            for row in rows:
                add_unit(
                    UnitSpec(
                        code=row["code"],
                        name=row["name"],
                        kind=row["kind"],
                        parent_code=row.get("parent"),
                        agency_code=row.get("agency_code", ""),
                        valid_from=_date(row.get("valid_from")),
                        valid_to=_date(row.get("valid_to")),
                        successor_code=row.get("successor") if successor_pass else None,
                        legal_ref=row.get("legal_ref", ""),
                        admin_code=row.get("admin_code", ""),
                        source=row.get("source", ""),
                        assumed=", ".join(row.get("assumed", [])),
                    )
                )
    return len(rows)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
