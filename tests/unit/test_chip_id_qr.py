import datetime as dt

import pytest

from motcua.domain.chip_id_qr import ChipIdQr, ChipIdQrError, parse_chip_id_qr

SCANNED = "089190000123|352123456|Nguyễn  Thị Ngọc Ánh|02031990|Nữ|Khóm Trung 3, Phú Mỹ|10052021"


def test_a_scanned_card_gives_every_field() -> None:
    assert parse_chip_id_qr(SCANNED + "\r\n") == ChipIdQr(
        id_number="089190000123",
        old_id_number="352123456",
        full_name="Nguyễn Thị Ngọc Ánh",
        birth_date=dt.date(1990, 3, 2),
        sex="Nữ",
        address="Khóm Trung 3, Phú Mỹ",
        issued_on=dt.date(2021, 5, 10),
    )


def test_a_card_without_old_number_or_issue_date_and_with_extra_fields() -> None:
    parsed = parse_chip_id_qr("089090000123||Trần Văn Bền|15081990|nam|Ấp Phú Hòa||extra|x")
    assert parsed.old_id_number == ""
    assert parsed.sex == "Nam"
    assert parsed.issued_on is None


def test_decomposed_unicode_from_a_scanner_is_normalised() -> None:
    import unicodedata

    parsed = parse_chip_id_qr(unicodedata.normalize("NFD", SCANNED))
    assert parsed.full_name == "Nguyễn Thị Ngọc Ánh"
    assert parsed.sex == "Nữ"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Chưa có nội dung mã QR"),
        ("089190000123|352123456|Nguyễn Thị Ngọc Ánh", "có 3 trường, cần đủ 7"),
        (SCANNED.replace("089190000123", "08919000012"), "đúng 12 chữ số"),
        (SCANNED.replace("02031990", "02031991"), "không khớp với năm sinh"),
        (SCANNED.replace("02031990", "1990-03-02"), "8 chữ số ngàythángnăm"),
        (SCANNED.replace("02031990", "31021990"), "31/02/1990"),
        (SCANNED.replace("|Nữ|", "|F|"), "“Nam” hoặc “Nữ”"),
        (SCANNED.replace("|Nữ|", "|Nam|"), "không khớp với số căn cước"),
        (SCANNED.replace("352123456", "35212"), "Số CMND cũ"),
        (SCANNED.replace("Nguyễn  Thị Ngọc Ánh", ""), "Họ tên trong mã QR"),
        (SCANNED.replace("10052021", "1005202"), "Ngày cấp"),
        (SCANNED.replace("Khóm", "Kh\x00óm"), "ký tự không hợp lệ"),
        ("x" * 1001, "quá dài"),
    ],
)
def test_malformed_text_is_refused_with_a_vietnamese_reason(text: str, message: str) -> None:
    with pytest.raises(ChipIdQrError, match=message) as caught:
        parse_chip_id_qr(text)
    assert "Xin quét lại mã QR" in str(caught.value)
