"""Validate and load the catalogue reference data (catalog/data/procedures.json).

Everything is checked first; one bad row means nothing is written and every problem is listed
(in Vietnamese, with the row number and code). Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from motcua.catalog.eform_definition import definition_problems
from motcua.catalog.models import CopyKind, FeeKind, FeeRuleKind, Level, OnlineLevel, TimeUnit
from motcua.domain.codes import PROCEDURE_CODE

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "procedures.json"
EFORMS_DIR = Path(__file__).resolve().parent / "data" / "eforms"
CHANNELS = {"counter", "online", "postal"}
DELIVERIES = {"desk", "post", "electronic"}
PERFORMERS = {
    "receiving_officer",
    "specialist",
    "leader",
    "police",
    "social_insurance",
    "other_agency",
}
FALLBACK_EFFECTIVE_FROM = dt.date(2015, 1, 1)


class CatalogError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def read_reference(path: Path | None = None) -> dict[str, Any]:
    """The file; a row's ``"eform": "name"`` is replaced by the definition in
    ``data/eforms/name.json`` next to it (a missing file is reported by `validate`)."""
    source = path or REFERENCE_FILE
    data: dict[str, Any] = json.loads(source.read_text(encoding="utf-8"))
    folder = source.parent / "eforms"
    for row in data.get("procedures", []):
        name = row.get("eform")
        if isinstance(name, str) and (folder / f"{name}.json").is_file():
            row["eform"] = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    return data


def effective_from(row: dict[str, Any]) -> dt.date:
    """The row's effective date; else its publication date; else 01/01/2015 (stated in docs)."""
    for value in (row.get("effective_from"), (row.get("publication") or {}).get("date")):
        if value:
            return dt.date.fromisoformat(value)
    return FALLBACK_EFFECTIVE_FROM


def validate(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    field_codes = {f.get("code") for f in data.get("fields", [])}
    for index, field in enumerate(data.get("fields", []), start=1):
        if not field.get("code") or not field.get("name"):
            problems.append(f"Lĩnh vực thứ {index}: thiếu mã hoặc tên.")
    seen: set[str] = set()
    for index, row in enumerate(data.get("procedures", []), start=1):
        where = f"Thủ tục thứ {index} ({row.get('code', '?')})"
        problems += [f"{where}: {p}" for p in _row_problems(row, field_codes)]
        if row.get("code") in seen:
            problems.append(f"{where}: mã thủ tục bị trùng.")
        seen.add(row.get("code", ""))
    if not data.get("procedures"):
        problems.append("Tệp không có thủ tục nào.")
    return problems


def _row_problems(row: dict[str, Any], field_codes: set[Any]) -> list[str]:
    problems = []
    code = row.get("code") or ""
    if row.get("kind", "procedure") == "procedure" and not PROCEDURE_CODE.match(code):
        problems.append("mã thủ tục phải có dạng N.NNNNNN.")
    if not row.get("name"):
        problems.append("thiếu tên thủ tục.")
    if row.get("field") not in field_codes:
        problems.append(f"lĩnh vực “{row.get('field')}” không có trong danh mục lĩnh vực.")
    if row.get("level") not in Level.values:
        problems.append(f"cấp thực hiện “{row.get('level')}” không hợp lệ.")
    if row.get("online_level", "none") not in OnlineLevel.values:
        problems.append(f"mức độ trực tuyến “{row.get('online_level')}” không hợp lệ.")
    if not set(row.get("channels", [])) <= CHANNELS:
        problems.append("cách thức nộp chỉ gồm counter, online, postal.")
    if not set(row.get("result_delivery", [])) <= DELIVERIES:
        problems.append("cách thức nhận kết quả chỉ gồm desk, post, electronic.")
    limit = row.get("time_limit") or {}
    if limit.get("unit") not in TimeUnit.values:
        problems.append(f"đơn vị thời hạn “{limit.get('unit')}” không hợp lệ.")
    elif not isinstance(limit.get("value"), int) or limit["value"] < 0:
        problems.append("thời hạn phải là số nguyên không âm.")
    if not row.get("sources"):
        problems.append("thiếu nguồn dữ liệu.")
    eform = row.get("eform")
    if isinstance(eform, str):
        problems.append(f"không tìm thấy tệp tờ khai điện tử “{eform}.json”.")
    elif eform:
        problems += [f"tờ khai điện tử: {p}" for p in definition_problems(eform)]
    return problems + _parts_problems(row)


def _parts_problems(row: dict[str, Any]) -> list[str]:
    """Fees, documents and the internal process of one procedure."""
    problems = []
    for fee in row.get("fees", []):
        if fee.get("kind") not in FeeKind.values or fee.get("rule") not in FeeRuleKind.values:
            problems.append(f"khoản thu “{fee.get('name')}”: loại hoặc cách tính không hợp lệ.")
        if fee.get("rule") == "per_page" and None in (
            fee.get("first_pages"),
            fee.get("per_page_first"),
            fee.get("per_page_after"),
        ):
            problems.append(f"khoản thu “{fee.get('name')}”: tính theo trang cần đủ mức trang.")
    for component in row.get("components", []):
        if component.get("copy_kind") not in CopyKind.values:
            problems.append(f"giấy tờ “{component.get('name')}”: loại bản không hợp lệ.")
    steps = row.get("internal_process", [])
    if steps:
        total = sum((Decimal(str(step.get("share", 0))) for step in steps), Decimal(0))
        if abs(total - 1) > Decimal("0.001"):
            problems.append(
                f"tỷ lệ thời gian các bước quy trình cộng lại bằng {total}, phải bằng 1."
            )
        if any(step.get("performer") not in PERFORMERS for step in steps):
            problems.append("người thực hiện một bước quy trình không hợp lệ.")
    return problems
