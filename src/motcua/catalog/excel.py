"""Excel import and export of the catalogue, in the shape provinces publish their lists.

The sheet: a title, then the header row
    STT | Mã số TTHC | Tên thủ tục hành chính | Cấp thực hiện | Mức độ DVCTT | Thời hạn giải quyết |
    Phí, lệ phí | Căn cứ pháp lý | Quyết định công bố | Ngày công bố
and the procedures grouped under one row per field ("I. LĨNH VỰC HỘ TỊCH", merged across).
Import reads the same shape: every row is checked first; one bad row means nothing is imported
and every problem is listed with its Excel row number.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.catalog.models import Field, Level, OnlineLevel, Procedure, TimeUnit, current_versions
from motcua.catalog.services import content, in_use, in_use_message, new_version
from motcua.documents.cells import neutralise
from motcua.documents.xlsx_guard import XlsxRefused, limited_rows, open_workbook
from motcua.domain.codes import PROCEDURE_CODE
from motcua.domain.text import fold, nfc

HEADERS = (
    "STT",
    "Mã số TTHC",
    "Tên thủ tục hành chính",
    "Cấp thực hiện",
    "Mức độ DVCTT",
    "Thời hạn giải quyết",
    "Phí, lệ phí",
    "Căn cứ pháp lý",
    "Quyết định công bố",
    "Ngày công bố",
)
WIDTHS = (6, 12, 60, 12, 14, 28, 36, 40, 28, 14)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV")
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FIELD_ROW = re.compile(r"^(?:[IVXLC]+\.\s*)?(?:LĨNH VỰC\s+)?(.+)$", re.IGNORECASE)
_LIMIT = re.compile(r"^\s*(\d+)\s*(ngày làm việc|giờ làm việc|giờ|ngày)\b", re.IGNORECASE)


def time_limit_text(unit: str, value: int) -> str:
    if unit == TimeUnit.SAME_DAY:
        return "Trong ngày (nhận sau 15 giờ: ngày làm việc tiếp theo)"
    words = {
        "working_days": "ngày làm việc",
        "working_hours": "giờ làm việc",
        "calendar_days": "ngày",
    }
    return f"{value:02d} {words[unit]}"


def parse_time_limit(text: str) -> tuple[int, str] | None:
    """ "03 ngày làm việc" → (3, working_days); "Trong ngày…" → (0, same_day); else None."""
    cleaned = nfc(text).strip()
    if fold(cleaned).startswith(("trong ngay", "ngay trong ngay")):
        return 0, TimeUnit.SAME_DAY
    match = _LIMIT.match(cleaned)
    if match is None:
        return None
    unit = {
        "ngày làm việc": TimeUnit.WORKING_DAYS,
        "giờ làm việc": TimeUnit.WORKING_HOURS,
        "giờ": TimeUnit.WORKING_HOURS,
        "ngày": TimeUnit.CALENDAR_DAYS,
    }[match.group(2).lower()]
    return int(match.group(1)), unit


def export_catalog(day: dt.date, title_unit: str = "") -> bytes:
    """The procedures in force on `day`, grouped by field, as an .xlsx file."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Danh mục TTHC"
    last = get_column_letter(len(HEADERS))
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = "DANH MỤC THỦ TỤC HÀNH CHÍNH" + (f" — {title_unit}" if title_unit else "")
    ws["A1"].font = Font(bold=True, size=13)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = f"(Áp dụng tại ngày {day:%d/%m/%Y})"
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.append([])
    ws.append(list(HEADERS))
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    versions = (
        current_versions(day)
        .select_related("procedure", "field")
        .prefetch_related("fees")
        .order_by("field__report_order", "procedure__code")
    )
    current_field = None
    groups = 0
    for number, version in enumerate(versions, start=1):
        if version.field_id != current_field:
            current_field = version.field_id
            index = ROMAN[groups] if groups < len(ROMAN) else str(groups + 1)
            groups += 1
            ws.append([f"{index}. LĨNH VỰC {version.field.name.upper()}"])
            ws.merge_cells(f"A{ws.max_row}:{last}{ws.max_row}")
            ws.cell(ws.max_row, 1).font = Font(bold=True)
        fees = "; ".join(f"{fee.name}: {fee.describe()}" for fee in version.fees.all())
        ws.append(
            [
                number,
                version.procedure.code,
                version.name,
                version.get_level_display(),
                version.get_online_level_display(),
                time_limit_text(version.time_limit_unit, version.time_limit_value),
                fees or "Không",
                "\n".join(version.legal_basis),
                version.publication_decision,
                version.publication_date,
            ]
        )
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = _BORDER
        ws.cell(ws.max_row, 10).number_format = "DD/MM/YYYY"
    for column, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A5"
    neutralise(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ImportRow:
    line: int
    code: str
    name: str
    field: Field
    level: str
    online_level: str
    time_limit: tuple[int, str]
    legal_basis: list[str]
    decision: str
    decision_date: dt.date | None


class SheetError(ValueError):
    """A sheet that cannot be imported; `problems` lists every bad row, in Vietnamese."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _choice(label: str, choices: list[tuple[str, str]]) -> str | None:
    wanted = fold(label)
    for value, text in choices:
        if fold(text) == wanted or value == label.strip():
            return value
    return None


def read_rows(source: BinaryIO) -> list[ImportRow]:
    """Parse and check every row; raise SheetError listing every problem."""
    try:  # documents/xlsx_guard.py: unpacked size, entries, rows and cells bounded
        return _read_rows(source)
    except XlsxRefused as exc:
        raise SheetError([str(exc)]) from exc


def _read_rows(source: BinaryIO) -> list[ImportRow]:
    wb = open_workbook(source, formulas=True)  # formula cells refused (documents/cells.py)
    fields = {fold(f.name): f for f in Field.objects.all()}
    problems: list[str] = []
    rows: list[ImportRow] = []
    header_seen = False
    field: Field | None = None
    for line, values in enumerate(limited_rows(wb, columns=10, problems=problems), start=1):
        cells = ["" if v is None else v for v in (*values, *[None] * 10)[:10]]
        if not header_seen:
            header_seen = fold(str(cells[1])) == fold(HEADERS[1])
            continue
        if all(c == "" for c in cells):
            continue
        if cells[0] != "" and all(c == "" for c in cells[1:]):
            match = _FIELD_ROW.match(nfc(str(cells[0])).strip())
            name = fold(match.group(1)) if match else ""
            field = fields.get(name)
            if field is None:
                problems.append(f"Dòng {line}: không có lĩnh vực “{cells[0]}” trong danh mục.")
            continue
        rows_problems, row = _read_row(line, cells, field)
        problems += rows_problems
        if row is not None:
            rows.append(row)
    wb.close()
    if not header_seen:
        problems.append("Không tìm thấy dòng tiêu đề (cột “Mã số TTHC”).")
    codes = [row.code for row in rows]
    problems += [
        f"Mã {code} xuất hiện nhiều lần." for code in sorted(set(codes)) if codes.count(code) > 1
    ]
    if problems:
        raise SheetError(problems)
    return rows


def _read_row(
    line: int, cells: list[Any], field: Field | None
) -> tuple[list[str], ImportRow | None]:
    where = f"Dòng {line}"
    problems = []
    code = str(cells[1]).strip()
    if not PROCEDURE_CODE.match(code):
        problems.append(f"{where}: mã “{code}” không đúng dạng N.NNNNNN.")
    name = nfc(str(cells[2])).strip()
    if not name:
        problems.append(f"{where}: thiếu tên thủ tục.")
    if field is None:
        problems.append(f"{where}: thủ tục không nằm dưới dòng lĩnh vực nào.")
    level = _choice(str(cells[3]), Level.choices)
    if level is None:
        problems.append(f"{where}: cấp thực hiện “{cells[3]}” không hợp lệ.")
    online = _choice(str(cells[4]), OnlineLevel.choices)
    if online is None:
        problems.append(f"{where}: mức độ DVCTT “{cells[4]}” không hợp lệ.")
    limit = parse_time_limit(str(cells[5]))
    if limit is None:
        problems.append(f"{where}: không hiểu thời hạn “{cells[5]}” (ví dụ: 03 ngày làm việc).")
    decision_date = cells[9]
    if isinstance(decision_date, dt.datetime):
        decision_date = decision_date.date()
    elif decision_date == "":
        decision_date = None
    elif not isinstance(decision_date, dt.date):
        try:
            decision_date = dt.datetime.strptime(str(decision_date).strip(), "%d/%m/%Y").date()
        except ValueError:
            problems.append(f"{where}: ngày công bố “{cells[9]}” không đúng dạng dd/mm/yyyy.")
            decision_date = None
    if problems or field is None or level is None or online is None or limit is None:
        return problems, None
    basis = [nfc(b).strip() for b in str(cells[7]).splitlines() if b.strip()]
    return [], ImportRow(
        line,
        code,
        name,
        field,
        level,
        online,
        limit,
        basis,
        nfc(str(cells[8])).strip(),
        decision_date,
    )


@transaction.atomic
def import_catalog(source: BinaryIO, valid_from: dt.date, *, actor: User | None = None) -> int:
    """Apply the sheet from `valid_from`; returns how many procedures it changed.

    A listed procedure gets a version from `valid_from` (copied from the one in force, with its
    fees, documents and process) carrying the sheet's name, field, level, online level, time limit,
    legal basis and publication. Codes not yet in the catalogue are refused: a new procedure needs
    its documents and process, which a list does not carry (load it from the JSON data).
    """
    rows = read_rows(source)
    in_force = {}
    problems = []
    for row in rows:
        procedure = Procedure.objects.filter(code=row.code).first()
        current = procedure.version_on(valid_from) if procedure is not None else None
        if current is None:
            problems.append(
                f"Dòng {row.line}: mã {row.code} chưa có phiên bản hiệu lực ngày "
                f"{valid_from:%d/%m/%Y}; thủ tục mới cần nạp bằng motcua catalog load."
            )
        elif current.valid_from == valid_from and in_use(current):
            problems.append(f"Dòng {row.line}: {in_use_message(current)}")
        else:
            in_force[row.code] = current
    if problems:
        raise SheetError(problems)
    for row in rows:
        current = in_force[row.code]
        if current.valid_from == valid_from:
            version = current
        else:
            version = new_version(current, valid_from, actor=actor)
        before = content(version)
        version.name, version.field, version.level = row.name, row.field, row.level
        version.online_level = row.online_level
        version.time_limit_value, version.time_limit_unit = row.time_limit
        version.legal_basis = row.legal_basis
        version.publication_decision, version.publication_date = row.decision, row.decision_date
        version.save()
        record(
            actor=actor,
            action="import_procedure_version",
            object_type="procedure_version",
            object_id=version.pk,
            before=before,
            after=content(version),
        )
    return len(rows)
