"""Biểu II.07b/VPCP/KSTT "Tổng hợp số lượng thủ tục hành chính" from the catalogue (M: columns as
the Thanh Hóa system prints them, research/domain-vn.md §4.3; TT 01/2020's annex not read).

Counting policy POLICY_CATALOGUE ("catalogue-at-date-v1"), for a unit and a day:
- the units counted are the unit and the units within it that exist on the day; a row per unit
  with at least one published procedure;
- a unit's procedures are its publications (catalog.Publication) whose procedure is a TTHC (not a
  reporting stream) with a version in force on the day; the level is that version's level;
- (3)=(4)+(5)+(6) TTHC under local competence: provincial, district, commune level; procedures of
  central or vertical agencies (police, social insurance) published at the desk are not local: they
  are counted apart (`other`);
- (7)=(8)+(9)+(10) of which handled through the one-stop desk (published "tại Bộ phận Một cửa",
  including inter-linked procedures), by level;
- (11)=(12)+(13)+(14) of which with an internal process issued (the version has process steps);
- the total line counts distinct procedures over all rows (a commune procedure published by ten
  communes is one TTHC), so it is not the sum of the rows.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from motcua.catalog.models import Level, ProcedureKind, Publication, current_versions
from motcua.documents.cells import neutralise
from motcua.documents.formatting import place_and_date
from motcua.documents.sheet_layout import finish_sheet
from motcua.documents.sheet_signature import UNDATED, write_signatures
from motcua.dossiers.forms import place_name
from motcua.reports.report_print import report_signatures
from motcua.units.models import Unit
from motcua.units.tree import units_within

POLICY_CATALOGUE = (
    "Theo danh mục công khai tại đơn vị, phiên bản có hiệu lực tại ngày báo cáo; "
    "tổng cộng không trùng lặp"
)  # printed as is: Vietnamese only (documented as catalogue-at-date-v1)
FORM_CODE = "Biểu số II.07b/VPCP/KSTT"
TITLE = "TỔNG HỢP SỐ LƯỢNG THỦ TỤC HÀNH CHÍNH"
COLUMNS = ("c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "c12", "c13", "c14")
LEVEL_COLUMN = {Level.PROVINCE: 1, Level.DISTRICT: 2, Level.COMMUNE: 3}  # offset in each group
GROUPS = (
    "Số TTHC thuộc thẩm quyền giải quyết",
    "Số TTHC thực hiện theo cơ chế một cửa, một cửa liên thông",
    "Số TTHC đã ban hành quy trình nội bộ",
)
NUMBERS_ROW = (
    "(1)",
    "(2)",
    "(3)=(4)+(5)+(6)",
    "(4)",
    "(5)",
    "(6)",
    "(7)=(8)+(9)+(10)",
    "(8)",
    "(9)",
    "(10)",
    "(11)=(12)+(13)+(14)",
    "(12)",
    "(13)",
    "(14)",
)
TOTAL_LABEL = "TỔNG CỘNG (không trùng lặp)"


@dataclass
class Row:
    unit_code: str
    unit_name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*COLUMNS, "other"), 0))


@dataclass
class Report07b:
    unit: Unit
    on: dt.date
    policy: str
    rows: list[Row]
    total: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        def figures(counts: dict[str, int]) -> dict[str, int]:
            return {key: counts[key] for key in (*COLUMNS, "other")}

        return {
            "form": "II.07b/VPCP/KSTT",
            "unit": {"code": self.unit.code, "name": self.unit.name},
            "on": self.on.isoformat(),
            "policy": self.policy,
            "rows": [
                {"unit": {"code": r.unit_code, "name": r.unit_name}, **figures(r.counts)}
                for r in self.rows
            ],
            "total": figures(self.total),
        }


def _count(counts: dict[str, int], level: str, at_desk: bool, has_process: bool) -> None:
    offset = LEVEL_COLUMN.get(Level(level))
    if offset is None:
        counts["other"] += 1
        return
    for start, included in ((3, True), (7, at_desk), (11, has_process)):
        if included:
            counts[f"c{start}"] += 1
            counts[f"c{start + offset}"] += 1


def ii07b(unit: Unit, on: dt.date) -> Report07b:
    units = [u for u in Unit.objects.filter(pk__in=units_within(unit)) if u.is_active_on(on)]
    versions = {
        v["procedure_id"]: (v["level"], v["steps_count"] > 0)
        for v in current_versions(on)
        .filter(procedure__kind=ProcedureKind.PROCEDURE)
        .annotate(steps_count=Count("steps"))
        .values("procedure_id", "level", "steps_count")
    }
    publications = (
        Publication.objects.filter(unit__in=units, procedure_id__in=versions)
        .select_related("unit")
        .order_by("unit__name", "unit__code")
    )
    rows: dict[int, Row] = {}
    desk_anywhere: dict[int, bool] = {}
    for publication in publications:
        row = rows.setdefault(
            publication.unit_id, Row(publication.unit.code, publication.unit.name)
        )
        level, has_process = versions[publication.procedure_id]
        _count(row.counts, level, publication.at_desk, has_process)
        pid = publication.procedure_id
        desk_anywhere[pid] = desk_anywhere.get(pid, False) or publication.at_desk
    total = dict.fromkeys((*COLUMNS, "other"), 0)
    for pid, at_desk in desk_anywhere.items():
        level, has_process = versions[pid]
        _count(total, level, at_desk, has_process)
    return Report07b(unit, on, POLICY_CATALOGUE, list(rows.values()), total)


_SIDE = Side(style="thin")
_BOX = Border(left=_SIDE, right=_SIDE, top=_SIDE, bottom=_SIDE)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def render_ii07b_xlsx(
    report: Report07b,
    receiving_unit: str = "",
    signed_on: dt.date | None = None,
    preparer: str = "",
) -> bytes:
    """The sheet, signed as the Word and PDF versions are (date and names left for hand-writing
    when not given)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "II.07b"
    ws["L1"] = FORM_CODE
    ws["L1"].font = Font(bold=True)
    ws.merge_cells("A2:N2")
    ws["A2"] = TITLE
    ws["A2"].font = Font(bold=True, size=13)
    ws["A2"].alignment = _CENTER
    ws.merge_cells("A3:N3")
    ws["A3"] = f"(Tính đến ngày {report.on:%d/%m/%Y})"
    ws["A3"].alignment = _CENTER
    ws["A4"] = f"- Đơn vị báo cáo: {report.unit.name}"
    ws["A5"] = f"- Đơn vị nhận báo cáo: {receiving_unit}"
    ws["A6"] = "Đơn vị tính: Số thủ tục hành chính."
    ws["A7"] = f"Cách tính: {report.policy}"
    top = 9
    ws.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=1)
    ws.cell(top, 1, "STT")
    ws.merge_cells(start_row=top, start_column=2, end_row=top + 1, end_column=2)
    ws.cell(top, 2, "Đơn vị")
    for index, group in enumerate(GROUPS):
        first = 3 + 4 * index
        ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=first + 3)
        ws.cell(top, first, group)
        for offset, label in enumerate(("Tổng số", "Cấp tỉnh", "Cấp huyện", "Cấp xã")):
            ws.cell(top + 1, first + offset, label)
    for column, text in enumerate(NUMBERS_ROW, start=1):
        ws.cell(top + 2, column, text)
    for number, row in enumerate(report.rows, start=1):
        ws.append([number, row.unit_name, *(row.counts[c] for c in COLUMNS)])
    ws.append([TOTAL_LABEL, None, *(report.total[c] for c in COLUMNS)])
    last = ws.max_row
    ws.merge_cells(start_row=last, start_column=1, end_row=last, end_column=2)
    for cells in ws.iter_rows(min_row=top, max_row=last, max_col=14):
        for cell in cells:
            cell.border = _BOX
            if (cell.row or 0) < top + 3 or cell.row == last:
                cell.font = Font(bold=(cell.row or 0) < top + 2 or cell.row == last)
                cell.alignment = _CENTER
    ws.cell(
        last + 2, 1, "TTHC của cơ quan trung ương, ngành dọc công khai tại đơn vị (không tính):"
    )
    ws.cell(last + 2, 7, report.total["other"])
    place = place_name(report.unit)
    place_date = place_and_date(place, signed_on) if signed_on else f"{place}, {UNDATED}"
    write_signatures(ws, last + 4, report_signatures(preparer), ((1, 2), (9, 14)), place_date)
    for column, width in enumerate((6, 30, *([10] * 12)), start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    finish_sheet(ws, f"{top}:{top + 2}")
    neutralise(wb)  # a unit name cannot become a formula (documents/cells.py)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
