"""Bodies no database can store as text (NUL, lone surrogates) are refused with 400 and a
Vietnamese message before any view runs; uploads may carry any byte (found by the API fuzzer)."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import DossierError, receive_dossier
from tests.dossiers.conftest import in_march_2024, intake, reference

__all__ = ["in_march_2024", "reference"]


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        ('{"procedure_code": "\\u0000>"}', True),
        ('{"name": "a\\udaa3b"}', True),  # a high surrogate with no low one
        ('{"name": "\\ude00"}', True),  # a low surrogate alone
        ('{"name": "\\ud83d\\ude00"}', False),  # a proper pair (an emoji) is text
        ('{"name": "Nguyễn %00 Ánh"}', False),  # "%00" is only text in JSON
    ],
)
def test_json_bodies(client: Client, body: str, refused: bool) -> None:
    answer = client.post("/api/v1/dossiers/", body, content_type="application/json")
    assert (answer.status_code == 400) is refused
    if refused:
        assert "ký tự không hợp lệ" in answer.json()["detail"]


@pytest.mark.django_db
def test_a_form_with_an_encoded_nul_is_refused_and_a_file_with_nul_bytes_is_not(
    client: Client,
) -> None:
    form = client.post(
        "/tra-cuu/", "ma=H01%00&so=1234", content_type="application/x-www-form-urlencoded"
    )
    assert form.status_code == 400
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n\x00\x00\n%%EOF", "application/pdf")
    upload = client.post("/xac-minh/", {"tep": pdf})  # multipart: binary is not text
    assert "ký tự không hợp lệ (ký tự NUL" not in upload.content.decode()
    assert "Xác minh văn bản điện tử" in upload.content.decode()


@pytest.mark.usefixtures("reference")
def test_the_intake_service_refuses_control_characters_too(receiving_officer: User) -> None:
    base = intake()
    bad = dataclasses.replace(base, applicant=dataclasses.replace(base.applicant, name="Ánh\x00"))
    with pytest.raises(DossierError, match="ký tự điều khiển"):
        receive_dossier(bad, actor=receiving_officer)
    assert not Dossier.objects.exists()
