"""II.06a by SQL aggregation equals a row-by-row oracle, and always satisfies its identities."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import load_catalog
from motcua.domain.report_checks import COLUMNS, check_report
from motcua.domain.vntime import VN
from motcua.dossiers.models import Dossier
from motcua.reports.ii06a import ii06a
from motcua.reports.rebuild import rebuild
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog

START, END = dt.date(2024, 1, 1), dt.date(2024, 1, 31)
DAYS = st.integers(min_value=-20, max_value=50)  # days after 2023-12-20


def _at(offset: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2023, 12, 20, hour, tzinfo=VN) + dt.timedelta(days=offset)


@dataclass(frozen=True)
class Spec:
    accepted: int
    due: int | None
    outcome: str
    finish: int
    online: bool
    field: str
    hour: int


@st.composite
def dossier_specs(draw: st.DrawFn) -> Spec:
    accepted = draw(DAYS)
    due = draw(st.one_of(st.none(), st.integers(0, 20).map(lambda d: accepted + d)))
    outcome = draw(st.sampled_from(["open", "resolved", "ended"]))
    finish = accepted + draw(st.integers(0, 40))
    return Spec(
        accepted,
        due,
        outcome,
        finish,
        draw(st.booleans()),
        draw(st.sampled_from(["CT", "HT"])),
        draw(st.sampled_from([0, 9, 23])),
    )


def _oracle(specs: list[Spec]) -> dict[str, dict[str, int]]:
    """Row by row, with plain dates, as the counting policy reads."""
    rows: dict[str, dict[str, int]] = {}
    for s in specs:
        row = rows.setdefault(s.field, dict.fromkeys((*COLUMNS, "closed"), 0))
        accepted = _at(s.accepted, s.hour).date()
        due = _at(s.due, 17).date() if s.due is not None else None
        finish = _at(s.finish, s.hour).date()
        resolved = finish if s.outcome == "resolved" else None
        ended = finish if s.outcome == "ended" else None
        done = resolved or ended
        if START <= accepted <= END:
            row["c4" if s.online else "c5"] += 1
        if accepted < START and (done is None or done >= START):
            row["c6"] += 1
        if resolved is not None and START <= resolved <= END:
            row["c8" if due and resolved < due else "c10" if due and resolved > due else "c9"] += 1
        if ended is not None and START <= ended <= END:
            row["closed"] += 1
        if accepted <= END and (done is None or done > END):
            row["c12" if due is None or due >= END else "c13"] += 1
    for row in rows.values():
        row["c3"] = row["c4"] + row["c5"] + row["c6"]
        row["c7"] = row["c8"] + row["c9"] + row["c10"]
        row["c11"] = row["c12"] + row["c13"]
    return {k: v for k, v in rows.items() if any(v.values())}


@pytest.fixture
def world(db: None) -> tuple[Unit, dict[str, ProcedureVersion]]:
    load_reference_units()
    load_catalog(catalog())
    versions = {
        "CT": ProcedureVersion.objects.get(procedure__code="2.000815"),
        "HT": ProcedureVersion.objects.get(procedure__code="1.000894"),
    }
    return Unit.objects.get(code="30406"), versions


def _make(unit: Unit, versions: dict[str, ProcedureVersion], specs: list[Spec]) -> None:
    Dossier.objects.all().delete()
    rows = []
    for i, s in enumerate(specs):
        hour = s.hour
        finish = _at(s.finish, hour)
        rows.append(
            Dossier(
                code=f"T-{i}",
                procedure_version=versions[s.field],
                receiving_unit=unit,
                competent_unit=unit,
                channel="online" if s.online else "counter",
                status="returned" if s.outcome == "resolved" else "in_progress",
                applicant_name="A",
                applicant_name_fold="a",
                received_at=_at(s.accepted, hour),
                accepted_at=_at(s.accepted, hour),
                due_at=_at(s.due, 17) if s.due is not None else None,
                resolved_at=finish if s.outcome == "resolved" else None,
                ended_at=finish if s.outcome == "ended" else None,
            )
        )
    Dossier.objects.bulk_create(rows)
    rebuild()  # rows written in bulk, as the importer and the generator do


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(dossier_specs(), max_size=30))
def test_the_sql_aggregation_equals_the_oracle_and_reconciles(
    world: tuple[Unit, dict[str, ProcedureVersion]], specs: list[Spec]
) -> None:
    unit, versions = world
    _make(unit, versions, specs)
    report = ii06a(unit, START, END)
    assert {r.field_code: r.counts for r in report.rows} == _oracle(specs)
    from_rows = ii06a(unit, START, END, source="rows")
    assert {r.field_code: r.counts for r in from_rows.rows} == _oracle(specs)
    labelled = [(r.field_name, {**r.counts}) for r in report.rows]
    assert check_report(labelled, report.total) == []


@pytest.mark.django_db
def test_the_cli_writes_the_exact_json_shape_and_check_passes_it(
    world: tuple[Unit, dict[str, ProcedureVersion]], tmp_path: Path
) -> None:
    unit, versions = world
    _make(unit, versions, [Spec(15, 18, "resolved", 16, True, "HT", 9)])
    out = tmp_path / "ii06a.json"
    call_command(
        "report",
        "ii06a",
        "--unit",
        "30406",
        "--from",
        "2024-01-01",
        "--to",
        "2024-01-31",
        "-o",
        str(out),
        stdout=io.StringIO(),
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["form"] == "II.06a/VPCP/KSTT"
    assert data["unit"] == {"code": "30406", "name": "Thị trấn Phú Mỹ"}
    assert data["period"] == {"from": "2024-01-01", "to": "2024-01-31"}
    assert data["rows"] == [
        {
            "field": {"code": "HT", "name": "Hộ tịch"},
            "level": {"code": "commune", "name": "Cấp xã"},
            "c3": 1,
            "c4": 1,
            "c5": 0,
            "c6": 0,
            "c7": 1,
            "c8": 1,
            "c9": 0,
            "c10": 0,
            "c11": 0,
            "c12": 0,
            "c13": 0,
        }
    ]
    assert data["total"]["c8"] == 1
    result = io.StringIO()
    call_command("report", "check", str(out), stdout=result)
    assert "khớp mọi đẳng thức" in result.getvalue()


@pytest.mark.django_db
def test_report_check_flags_the_seed_and_exits_1(tmp_path: Path) -> None:
    from tests.unit.test_report_checks import SEED, SEED_TOTAL

    rows = [
        {"field": {"code": str(i), "name": name}, **dict(zip(COLUMNS, values, strict=True))}
        for i, (name, values) in enumerate(SEED)
    ]
    path = tmp_path / "seed.json"
    path.write_text(
        json.dumps({"rows": rows, "total": dict(zip(COLUMNS, SEED_TOTAL, strict=True))})
    )
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command("report", "check", str(path), stdout=out)
    assert exit_code.value.code == 1
    assert "Lĩnh vực BTXH: (3) ≠ (4)+(5)+(6) — 14 ≠ 0 + 0 + 0" in out.getvalue()
    assert "Tổng cộng: cột (4) ≠ tổng các dòng — 1.640 ≠ 1.620" in out.getvalue()


@pytest.mark.django_db
def test_the_excel_file_has_the_official_layout_and_checks_clean(
    world: tuple[Unit, dict[str, ProcedureVersion]], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    unit, versions = world
    _make(
        unit,
        versions,
        [Spec(15, 18, "resolved", 16, True, "HT", 9), Spec(16, 17, "open", 16, False, "CT", 9)],
    )
    out = tmp_path / "ii06a.xlsx"
    call_command(
        "report",
        "ii06a",
        "--unit",
        "30406",
        "--from",
        "2024-01-01",
        "--to",
        "2024-01-31",
        "--format",
        "xlsx",
        "-o",
        str(out),
        stdout=io.StringIO(),
    )
    workbook = load_workbook(out)
    ws = workbook.active
    assert ws is not None
    assert ws["K1"].value == "Biểu số II.06a/VPCP/KSTT"
    assert ws["A3"].value == "Kỳ báo cáo: (Từ ngày 01/01/2024 đến ngày 31/01/2024)"
    assert ws["A5"].value == "- Đơn vị nhận báo cáo: Huyện Phú Tân"
    assert ws["A6"].value == "Đơn vị tính: Số hồ sơ TTHC."
    assert ws["C9"].value == "Số lượng hồ sơ tiếp nhận"
    assert "C9:F9" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["C12"].value == "(3)=(4)+(5)+(6)"
    assert ws["B13"].value == "Lĩnh vực Chứng thực"
    assert ws["C13"].value == 1  # numbers as numbers
    assert ws["A15"].value == "TỔNG CỘNG"
    assert ws["C15"].value == 2
    result = io.StringIO()
    call_command("report", "check", str(out), stdout=result)
    assert "khớp mọi đẳng thức" in result.getvalue()
    ws["D15"] = 5  # tamper with the total of column (4)
    workbook.save(out)
    with pytest.raises(SystemExit):
        call_command("report", "check", str(out), stdout=io.StringIO())


@pytest.mark.django_db
def test_a_period_preset_gives_the_same_report_as_its_dates(
    world: tuple[Unit, dict[str, ProcedureVersion]],
) -> None:
    unit, versions = world
    _make(unit, versions, [Spec(40, 41, "resolved", 41, True, "HT", 9)])
    by_period, by_dates = io.StringIO(), io.StringIO()
    call_command("report", "ii06a", "--unit", "30406", "--period", "2024-Q1", stdout=by_period)
    call_command(
        "report",
        "ii06a",
        "--unit",
        "30406",
        "--from",
        "2023-12-15",
        "--to",
        "2024-03-14",
        stdout=by_dates,
    )
    assert json.loads(by_period.getvalue()) == json.loads(by_dates.getvalue())
    assert json.loads(by_period.getvalue())["total"]["c3"] == 1
