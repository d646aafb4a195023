from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import Settings

from motcua.accounts.models import User
from motcua.core.privacy import mask_person_name
from motcua.dossiers.models import Dossier
from motcua.results.models import IssuedResult
from motcua.results.services import issue_electronic_result
from motcua.results.testca import make_test_ca
from motcua.results.verification import verify_document
from motcua.results.views import ATTEMPTS
from tests.results.helpers import flipped, stored

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse


@pytest.fixture
def issued(for_approval: Dossier, leader: User) -> IssuedResult:
    return issue_electronic_result(
        for_approval, actor=leader, title="Giấy chứng nhận kết hôn", number="12/2024", body="…"
    )


def _upload(client: Client, data: bytes, name: str = "van-ban.pdf") -> _MonkeyPatchedWSGIResponse:
    return client.post("/xac-minh/", {"tep": SimpleUploadedFile(name, data, "application/pdf")})


def _private_data_absent(html: str, dossier: Dossier) -> None:
    assert dossier.code is not None
    assert dossier.applicant_name not in html
    assert dossier.code not in html
    assert dossier.applicant_id_number not in html
    assert "0912" not in html


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Nguyễn Văn An", "Nguyễn V*** A***"),
        ("Nguyễn Thị Ngọc Ánh", "Nguyễn T*** N*** Á***"),
        ("Hùng", "H***"),
        ("", ""),
    ],
)
def test_the_holder_name_is_masked(name: str, masked: str) -> None:
    assert mask_person_name(name) == masked


@given(
    st.lists(
        st.text(min_size=1).filter(lambda w: w.strip() == w and " " not in w and w.split() == [w]),
        min_size=2,
        max_size=6,
    )
)
def test_masking_keeps_the_family_name_and_only_initials(words: list[str]) -> None:
    masked = mask_person_name(" ".join(words)).split(" ")
    assert masked[0] == words[0]
    assert masked[1:] == [word[0] + "***" for word in words[1:]]


def test_the_qr_page_says_genuine_with_a_masked_name_and_no_dossier_data(
    client: Client, issued: IssuedResult
) -> None:
    response = client.get(f"/xac-minh/{issued.token}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Văn bản hợp lệ" in html
    assert "Nguyễn T*** N*** Á***" in html
    assert "Thị trấn Phú Mỹ" in html
    assert "12/2024" in html
    assert "04/03/2024" in html
    _private_data_absent(html, issued.dossier)


def test_an_unknown_code_is_404(client: Client, db: None) -> None:
    response = client.get("/xac-minh/AAAAAAAAAAAAAAAAAAAAAA/")
    assert response.status_code == 404
    assert "Không tìm thấy văn bản điện tử" in response.content.decode()


def test_a_pasted_address_leads_to_its_page(client: Client, issued: IssuedResult) -> None:
    pasted = f"  https://motcua.example.vn/xac-minh/{issued.token}/ "
    response = client.post("/xac-minh/", {"ma": pasted})
    assert response.status_code == 302
    assert response["Location"] == f"/xac-minh/{issued.token}/"
    assert client.post("/xac-minh/", {"ma": "<script>"}).status_code == 400


def test_the_issued_pdf_uploaded_is_genuine(client: Client, issued: IssuedResult) -> None:
    response = _upload(client, stored(issued))
    html = response.content.decode()
    assert "Văn bản hợp lệ" in html
    assert "Nguyễn T*** N*** Á***" in html
    # The certificate's holder in Vietnamese words, not the library's English field names.
    assert "Quốc gia: VN" in html
    assert "Common Name" not in html
    assert "Organization" not in html
    _private_data_absent(html, issued.dossier)


@pytest.mark.parametrize("where", ["content", "signature", "end"])
def test_a_pdf_with_one_byte_changed_is_not_genuine(
    client: Client, issued: IssuedResult, where: str
) -> None:
    data = stored(issued)
    position = {
        "content": data.index(b"/ByteRange") // 2,
        "signature": data.index(b"/Contents <") + 400,
        "end": len(data) - 20,
    }[where]
    tampered = flipped(data, position)
    assert verify_document(tampered).genuine is False
    response = _upload(client, tampered)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Văn bản không hợp lệ" in html
    assert "Văn bản hợp lệ" not in html


def test_garbage_uploads_get_a_clear_message(client: Client, db: None) -> None:
    not_pdf = _upload(client, b"hello, this is not a PDF", "x.pdf")
    assert not_pdf.status_code == 400
    assert "không phải PDF" in not_pdf.content.decode()
    broken = _upload(client, b"%PDF-1.7\n" + bytes(range(256)) * 20)
    assert broken.status_code == 200
    assert "Văn bản không hợp lệ" in broken.content.decode()
    empty = client.post("/xac-minh/", {})
    assert empty.status_code == 400
    assert "Nhập mã xác minh" in empty.content.decode()


def test_an_unsigned_pdf_is_reported_as_unsigned(client: Client, db: None) -> None:
    from motcua.results.document import image_to_pdf

    unsigned = image_to_pdf(b"", "image/png", "trống")
    assert "không có chữ ký số" in _upload(client, unsigned).content.decode()


def test_a_signature_from_an_untrusted_authority_is_not_genuine(
    for_approval: Dossier, leader: User, settings: Settings, tmp_path: Path
) -> None:
    trusted_roots = settings.SIGNING_TRUST_ROOTS
    make_test_ca("30406", "Thị trấn Phú Mỹ", tmp_path)  # another root, not in the trust list
    settings.SIGNING_DIR = tmp_path
    issued = issue_electronic_result(for_approval, actor=leader, title="Kết quả", body="…")
    settings.SIGNING_TRUST_ROOTS = trusted_roots
    verification = verify_document(stored(issued))
    assert verification.genuine is False
    assert "không thuộc danh sách tin cậy" in verification.reason


def test_a_valid_signature_on_a_file_not_in_the_register_is_not_genuine(
    issued: IssuedResult,
) -> None:
    data = stored(issued)
    IssuedResult.objects.filter(pk=issued.pk).update(sha256="0" * 64)
    verification = verify_document(data)
    assert verification.genuine is False
    assert "không có trong sổ đăng ký" in verification.reason


def test_verification_is_rate_limited(client: Client, db: None) -> None:
    for _ in range(ATTEMPTS):
        client.get("/xac-minh/AAAAAAAAAAAAAAAAAAAAAA/")
    assert client.get("/xac-minh/AAAAAAAAAAAAAAAAAAAAAA/").status_code == 429
    assert client.post("/xac-minh/", {"ma": "x"}).status_code == 429
