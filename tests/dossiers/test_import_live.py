"""The historical import never rewrites a dossier of motcua's own acts."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.dossiers.importer import ImportProblems, import_dossiers
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.units.models import Unit
from tests.dossiers.conftest import intake, vn

pytestmark = pytest.mark.django_db
HEADER = "MaHoSo,MaTTHC,KenhThucHien,NgayTiepNhan,NgayHenTra,TrangThaiHoSo,ChuHoSo"


def _row(code: str | None, name: str = "Người Nhập Đè", status: int = 10) -> dict[str, str]:
    assert code is not None
    values = [code, "1.000894", "1", "20240110080000", "20240115170000", str(status), name]
    return dict(zip(HEADER.split(","), values, strict=True))


@pytest.fixture
def live(reference: None, receiving_officer: User) -> Dossier:
    dossier = receive_dossier(intake(), actor=receiving_officer, at=vn(2024, 3, 4, 8, 0))
    return accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 3, 4, 8, 0))


def test_an_import_naming_a_live_dossier_is_refused_with_the_line_and_changes_nothing(
    live: Dossier,
) -> None:
    before = Dossier.objects.get(pk=live.pk)
    events = AuditEvent.objects.count()
    rows = [(2, _row("H01-240110-0009")), (3, _row(live.code))]
    with pytest.raises(ImportProblems) as refused:
        import_dossiers(rows, actor=None, default_unit=Unit.objects.get(code="30406"))
    assert refused.value.problems == [
        f"Dòng 3 ({live.code}): mã hồ sơ này thuộc một hồ sơ đang được tiếp nhận, giải quyết "
        "trên hệ thống (không phải hồ sơ nhập từ dữ liệu cũ); việc nhập không được ghi đè hồ sơ đó."
    ]
    after = Dossier.objects.get(pk=live.pk)
    assert (after.status, after.applicant_name, after.imported) == (
        before.status,
        before.applicant_name,
        False,
    )
    assert not Dossier.objects.filter(code="H01-240110-0009").exists()
    assert AuditEvent.objects.count() == events


def test_skipping_invalid_rows_skips_the_live_code_and_imports_the_rest(live: Dossier) -> None:
    rows = [(2, _row("H01-240110-0009")), (3, _row(live.code))]
    result = import_dossiers(
        rows, actor=None, default_unit=Unit.objects.get(code="30406"), skip_invalid=True
    )
    assert (result.created, result.updated) == (1, 0)
    assert result.skipped[0].startswith(f"Dòng 3 ({live.code}):")
    assert Dossier.objects.get(pk=live.pk).status == live.status


def test_the_command_names_the_refused_row(live: Dossier, tmp_path: Path) -> None:
    path = tmp_path / "ho-so.csv"
    path.write_text(f"{HEADER}\n" + ",".join(_row(live.code).values()) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("dossiers", "import", str(path), "--unit", "30406", stdout=io.StringIO())
    assert f"Dòng 2 ({live.code})" in str(refused.value)
    assert Dossier.objects.get(pk=live.pk).applicant_name == live.applicant_name


def test_a_re_import_still_updates_what_an_import_created(reference: None) -> None:
    unit = Unit.objects.get(code="30406")
    import_dossiers([(2, _row("H01-240110-0009", status=4))], actor=None, default_unit=unit)
    result = import_dossiers([(2, _row("H01-240110-0009"))], actor=None, default_unit=unit)
    assert (result.created, result.updated) == (0, 1)
    assert Dossier.objects.get(code="H01-240110-0009").status == "returned"
