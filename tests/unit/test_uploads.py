import pytest

from motcua.domain.uploads import UploadError, check_upload, safe_name


@pytest.mark.parametrize(
    ("head", "kind"),
    [(b"%PDF-1.7\n", ".pdf"), (b"\x89PNG\r\n\x1a\n..", ".png"), (b"\xff\xd8\xff\xe0", ".jpg")],
)
def test_files_are_typed_by_their_content(head: bytes, kind: str) -> None:
    assert check_upload(head, 100)[1] == kind


@pytest.mark.parametrize(
    ("head", "size", "message"),
    [
        (b"MZ\x90\x00", 100, "Chỉ nhận tệp PDF, PNG hoặc JPEG"),
        (b"PK\x03\x04", 100, "Chỉ nhận tệp PDF"),  # a zip (or .docx) renamed to .pdf
        (b"", 0, "Tệp rỗng"),
        (b"%PDF-", 11 * 1024 * 1024, "Tệp quá lớn"),
    ],
)
def test_bad_files_are_refused_in_vietnamese(head: bytes, size: int, message: str) -> None:
    with pytest.raises(UploadError, match=message):
        check_upload(head, size)


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Windows\\kết quả đăng ký.PDF", "ket-qua-dang-ky.pdf"),
        ("Giấy khai sinh – bản điện tử.pdf", "Giay-khai-sinh-ban-dien-tu.pdf"),
        ("\u202eexe.pdf", "exe.pdf"),
        ("....", "tep.pdf"),
    ],
)
def test_stored_names_are_harmless(name: str, safe: str) -> None:
    assert safe_name(name, ".pdf") == safe
