"""Result uploads: bad files are refused with a Vietnamese message and nothing is stored."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.domain.uploads import MAX_BYTES
from motcua.dossiers import processing
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import DossierError, accept_dossier, receive_dossier
from tests.dossiers.conftest import intake

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.pdf", b"\0" * (20 * 1024 * 1024))
    return buffer.getvalue()


BAD = {
    "wrong magic (HTML named .pdf)": ("ket-qua.pdf", b"<html><script>alert(1)</script></html>"),
    "zip bomb": ("ket-qua.pdf", _zip_bomb()),
    "empty": ("ket-qua.pdf", b""),
    "oversize": ("ket-qua.pdf", PDF + b"\0" * MAX_BYTES),
    "executable": ("ket-qua.pdf", b"MZ\x90\x00" + b"\0" * 100),
    "svg with script": ("ket-qua.png", b"<svg onload=alert(1)>"),
}


@pytest.fixture
def in_progress(reference: None, receiving_officer: User) -> Dossier:
    from motcua.units.models import Unit

    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    dossier = accept_dossier(
        receive_dossier(intake(), actor=receiving_officer), actor=receiving_officer
    )
    return processing.hand_over(dossier, actor=receiving_officer, to_user=receiving_officer).dossier


def _stored() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "ket-qua"
    return set(root.rglob("*")) if root.exists() else set()


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_result_files_are_refused(
    case: str, in_progress: Dossier, receiving_officer: User
) -> None:
    name, content = BAD[case]
    before_files, before_events = _stored(), AuditEvent.objects.count()
    with pytest.raises(DossierError) as refused:
        processing.approve(
            in_progress, actor=receiving_officer, result=SimpleUploadedFile(name, content)
        )
    assert "Tệp" in str(refused.value) or "Chỉ nhận" in str(refused.value)
    in_progress.refresh_from_db()
    assert in_progress.status == "in_progress"
    assert not in_progress.result_file
    assert _stored() == before_files
    assert AuditEvent.objects.count() == before_events


@pytest.mark.parametrize(
    "name",
    [
        "../../../etc/passwd.pdf",
        "..\\..\\win.ini.pdf",
        "kết quả\u202egnp.pdf",
        "\u0000.pdf",
        "ﬁ𝔘.pdf",
    ],
)
def test_hostile_names_are_stored_under_a_safe_name(
    name: str, in_progress: Dossier, receiving_officer: User
) -> None:
    done = processing.approve(
        in_progress, actor=receiving_officer, result=SimpleUploadedFile(name, PDF)
    )
    stored = done.result_file.name
    assert stored.startswith("ket-qua/")
    assert ".." not in stored
    assert "\\" not in stored
    assert "\u202e" not in stored
    assert stored.isascii()
    assert stored.endswith(".pdf")
    path = Path(done.result_file.path).resolve()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert path.read_bytes() == PDF
