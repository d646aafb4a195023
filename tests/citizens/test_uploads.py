"""Hostile and broken files are refused with a Vietnamese message, and NOTHING is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from pytest_django import Settings

from motcua.citizens.models import CitizenDocument, CitizenProfile, Draft, DraftItem
from motcua.citizens.services import CitizenError, checked, start_draft
from motcua.domain.uploads import UploadError, check_name
from tests.citizens.conftest import JPEG, PDF, PNG, stored_files, stream, upload

pytestmark = pytest.mark.django_db

HOSTILE = [
    # (name the browser sends, content, what the citizen is told)
    ("../../etc/passwd", PDF, "đuôi .pdf"),  # Django strips the path → "passwd": no extension
    ("a\u202egnp.exe", PNG, "đuôi .png"),  # the override is dropped → "agnp.exe"
    ("x" * 200 + ".pdf", PDF, "quá dài"),
    ("to-khai.pdf", b"", "rỗng"),
    ("to-khai.pdf", b"MZ\x90\x00 a Windows program", "Chỉ nhận tệp PDF, PNG hoặc JPEG"),
    ("anh.png", PDF, "đuôi .pdf"),  # a PDF that claims to be a picture
    ("to-khai.pdf", b"<html><script>alert(1)</script>", "Chỉ nhận tệp PDF"),
]


@pytest.fixture
def client(citizen: CitizenProfile) -> Client:
    client = Client()
    client.force_login(citizen.user)
    return client


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE)
def test_a_hostile_upload_to_a_draft_is_refused_and_nothing_is_stored(
    client: Client, citizen: CitizenProfile, media: Path, name: str, content: bytes, message: str
) -> None:
    draft = start_draft(citizen, "1.001193")
    component = draft.procedure_version.components.first()
    assert component is not None
    response = client.post(
        f"/cong-dan/ho-so-nhap/{draft.pk}/",
        {"action": "save", f"file-{component.pk}": upload(name, content), "note": "thử"},
        follow=True,
    )
    assert message in response.content.decode()
    assert not CitizenDocument.objects.exists()
    assert not DraftItem.objects.exists()
    assert stored_files(media) == []
    assert Draft.objects.get(pk=draft.pk).data == draft.data  # the form was not saved either


def test_one_bad_file_among_good_ones_keeps_all_of_them_out(
    client: Client, citizen: CitizenProfile, media: Path
) -> None:
    draft = start_draft(citizen, "1.001193")
    first, second = list(draft.procedure_version.components.all())[:2]
    response = client.post(
        f"/cong-dan/ho-so-nhap/{draft.pk}/",
        {
            "action": "save",
            f"file-{first.pk}": upload("to-khai.pdf", PDF),
            f"file-{second.pk}": upload("giay-chung-sinh.pdf", b"not a pdf"),
        },
        follow=True,
    )
    assert "giay-chung-sinh.pdf" in response.content.decode()
    assert not CitizenDocument.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_the_size_setting_is_refused(
    client: Client, citizen: CitizenProfile, media: Path, settings: Settings
) -> None:
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024 * 1024
    response = client.post(
        "/cong-dan/kho-du-lieu/",
        {"title": "Bản scan lớn", "file": upload("scan.pdf", PDF + b"0" * (1024 * 1024))},
        follow=True,
    )
    assert "Tệp quá lớn: tối đa 1 MB" in response.content.decode()
    assert not CitizenDocument.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../../etc/passwd", "đường dẫn"),
        ("..\\..\\boot.ini", "đường dẫn"),
        ("C:giay.pdf", "đường dẫn"),
        (".htaccess", "dấu chấm"),
        ("a\u202egnp.exe", "đảo chiều"),
        ("giay\u200b.pdf", "ký tự ẩn"),
        ("giay\x00.pdf", "ký tự ẩn"),
        ("a" * 151, "quá dài"),
        ("", "không có tên"),
    ],
)
def test_raw_hostile_names_are_refused_by_the_name_check(name: str, message: str) -> None:
    with pytest.raises(UploadError, match=message):
        check_name(name)


def test_good_files_are_named_by_their_content(citizen: CitizenProfile) -> None:
    assert checked("Giấy chứng sinh.PDF", stream(PDF)).stored_name == "Giay-chung-sinh.pdf"
    assert checked("ảnh.jpeg", stream(JPEG)).content_type == "image/jpeg"
    assert checked("anh.png", stream(PNG)).stored_name == "anh.png"
    with pytest.raises(CitizenError, match=r"“anh\.jpg”"):
        checked("anh.jpg", stream(PNG))


def test_a_good_file_goes_to_the_data_store(
    client: Client, citizen: CitizenProfile, media: Path
) -> None:
    response = client.post(
        "/cong-dan/kho-du-lieu/",
        {"title": "Giấy chứng sinh", "file": upload("giay chung sinh.pdf", PDF)},
        follow=True,
    )
    assert "Đã lưu giấy tờ vào kho dữ liệu" in response.content.decode()
    document = CitizenDocument.objects.get()
    assert document.in_store
    assert document.size == len(PDF)
    assert document.citizen == citizen
    assert [p.name for p in stored_files(media)] == ["giay-chung-sinh.pdf"]
    assert client.get(f"/cong-dan/kho-du-lieu/{document.pk}/").content == PDF
