import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from motcua.audit.models import AuditEvent
from motcua.catalog.services import load_catalog
from motcua.dossiers.models import Dossier
from motcua.reports.ii06a import ii06a
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog

pytestmark = pytest.mark.django_db
HEADER = (
    "MaHoSo,MaTTHC,KenhThucHien,MucDo,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,NgayTra,"
    "TrangThaiHoSo,ChuHoSo,DuocThanhToanTrucTuyen,PhiLePhi"
)
GOOD = [
    "H01-240110-0001,2.000815,2,3,20240110080000,20240110170000,20240110100000,20240110110000,"
    "10,Lê Văn A,1,4000",
    "H01-240111-0001,1.000894,1,,2024-01-11T09:00:00,,20240112090000,,9,Trần Thị B,0,0",
    "H01-231214-0001,1.000894,3,,20231214090000,20231219170000,,,4,Phạm C,0,0",
]


@pytest.fixture(autouse=True)
def reference() -> None:
    load_reference_units()
    load_catalog(catalog())


def _csv(tmp_path: Path, lines: list[str], name: str = "ho-so.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def _import(path: Path, *extra: str) -> str:
    out = io.StringIO()
    call_command("dossiers", "import", str(path), "--unit", "30406", *extra, stdout=out)
    return out.getvalue()


def test_a_portal_export_imports_and_reports(tmp_path: Path) -> None:
    assert "Đã nhập 3 hồ sơ mới" in _import(_csv(tmp_path, GOOD))
    online = Dossier.objects.get(code="H01-240110-0001")
    assert (online.channel, online.online_level, online.paid_online) == ("online", "partial", True)
    assert online.fees_collected == 4000
    assert online.status == "returned"
    # No NgayHenTra: computed (3 working days from Thu 11/01/2024 → Tue 16/01/2024).
    computed = Dossier.objects.get(code="H01-240111-0001")
    assert computed.due_at is not None
    assert computed.due_at.date() == dt.date(2024, 1, 16)
    report = ii06a(Unit.objects.get(code="30406"), dt.date(2023, 12, 15), dt.date(2024, 1, 31))
    assert report.total["c4"] == 1
    assert report.total["c5"] == 1
    assert report.total["c6"] == 1  # accepted 14/12/2023, the day before the period
    assert report.total["c7"] == 2
    assert report.total["c11"] == 1
    assert report.total["c13"] == 1  # the postal one is still open, due 19/12/2023
    assert AuditEvent.objects.filter(action="import_dossiers").count() == 1


def test_reimporting_updates_and_never_duplicates(tmp_path: Path) -> None:
    _import(_csv(tmp_path, GOOD))
    changed = [GOOD[2].replace(",,,4,", ",20231220100000,,9,")]
    assert "cập nhật 1 hồ sơ" in _import(_csv(tmp_path, changed, "lai.csv"))
    assert Dossier.objects.count() == 3
    assert Dossier.objects.get(code="H01-231214-0001").status == "resolved"


def test_bad_rows_stop_the_import_and_are_all_listed(tmp_path: Path) -> None:
    bad = [
        *GOOD,
        "X-1,9.999999,1,,20240110080000,,,,2,Ai đó,0,0",
        "X-2,1.000894,7,,20240110080000,,,,2,Ai đó,0,0",
        "X-3,1.000894,1,,10/01/2024,,,,2,Ai đó,0,0",
        "X-4,1.000894,1,,20240110080000,,,,11,Ai đó,0,0",
        GOOD[0],
    ]
    with pytest.raises(CommandError) as error:
        _import(_csv(tmp_path, bad))
    message = str(error.value)
    assert "Không nhập hồ sơ nào: 5 dòng sai" in message
    assert "Dòng 5 (X-1): mã TTHC “9.999999” không có trong danh mục" in message
    assert "Dòng 6 (X-2): KenhThucHien phải là 1, 2 hoặc 3" in message
    assert "Dòng 7 (X-3): ngày không đúng dạng" in message
    assert "Dòng 8 (X-4): TrangThaiHoSo phải từ 1 đến 10" in message
    assert "Dòng 9 (H01-240110-0001): trùng MaHoSo với dòng 2" in message
    assert not Dossier.objects.exists()
    assert "Đã nhập 3 hồ sơ mới, cập nhật 0 hồ sơ, bỏ qua 5 dòng sai" in _import(
        _csv(tmp_path, bad, "bo-qua.csv"), "--skip-invalid"
    )


def test_json_lines_and_excel_are_read_too(tmp_path: Path) -> None:
    keys = HEADER.split(",")
    jsonl = tmp_path / "ho-so.jsonl"
    jsonl.write_text(
        "\n".join(
            json.dumps(dict(zip(keys, line.split(","), strict=True)), ensure_ascii=False)
            for line in GOOD[:2]
        ),
        encoding="utf-8",
    )
    assert "Đã nhập 2 hồ sơ mới" in _import(jsonl)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(keys)
    sheet.append(GOOD[2].split(","))
    xlsx = tmp_path / "ho-so.xlsx"
    workbook.save(xlsx)
    assert "Đã nhập 1 hồ sơ mới" in _import(xlsx)
    assert Dossier.objects.count() == 3


def test_a_new_acceptance_continues_after_imported_codes(tmp_path: Path) -> None:
    from motcua.accounts.roles import Role
    from motcua.accounts.services import create_or_update_staff
    from motcua.dossiers.services import accept_dossier, receive_dossier
    from tests.dossiers.conftest import intake, vn

    row = GOOD[1].replace("H01-240111-0001", "H01.10.01-240111-0007")
    _import(_csv(tmp_path, [row]))
    officer = create_or_update_staff(username="tn", full_name="Lan", role=Role.RECEIVING_OFFICER)
    dossier = receive_dossier(intake(), actor=officer, at=vn(2024, 1, 11, 10, 0))
    accepted = accept_dossier(dossier, actor=officer, at=vn(2024, 1, 11, 10, 0))
    assert accepted.code == "000.01.10.H01-240111-0008"  # the short form counts
