"""Every form of both sets rendered to PDF and read back with poppler."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from motcua.documents.context import ReceiptContext, RefusalContext, TrackingBookContext
from motcua.documents.formsets import TT_01_2018, TT_03_2025, FormDefinition, FormKind, form_for
from motcua.documents.render import render_fee_receipt_pdf, render_html, render_pdf

from .pdf_tools import flat, pdffonts, pdfinfo, pdftotext, png_pages, printed_qr_matches
from .samples import APPLICANT_NAME, STATUS_URL, context_for, dossier_code, fee_receipt

DAY_2018 = dt.date(2025, 6, 30)  # a day of the TT 01/2018 set
DAY_2025 = dt.date(2026, 1, 5)
ALL_FORMS = [(DAY_2018, form) for form in TT_01_2018.forms.values()] + [
    (DAY_2025, form) for form in TT_03_2025.forms.values()
]
FORM_IDS = [form.key for _, form in ALL_FORMS]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "forms"

_cache: dict[str, bytes] = {}


def rendered(day: dt.date, form: FormDefinition) -> bytes:
    if form.key not in _cache:
        _cache[form.key] = render_pdf(form, context_for(form.kind, day))
    return _cache[form.key]


def expected_date_line(day: dt.date, kind: FormKind) -> str:
    """Letters are dated two days after acceptance in the samples. NĐ 30: months 1–2 padded."""
    return {
        (DAY_2018, False): "Phú Mỹ, ngày 30 tháng 6 năm 2025",
        (DAY_2018, True): "Phú Mỹ, ngày 02 tháng 7 năm 2025",
        (DAY_2025, False): "Phú Mỹ, ngày 05 tháng 01 năm 2026",
        (DAY_2025, True): "Phú Mỹ, ngày 07 tháng 01 năm 2026",
    }[(day, kind in (FormKind.APOLOGY, FormKind.STOP))]


@pytest.mark.parametrize(("day", "form"), ALL_FORMS, ids=FORM_IDS)
def test_each_form_prints_its_title_code_applicant_date_and_the_national_header(
    day: dt.date, form: FormDefinition
) -> None:
    text = pdftotext(rendered(day, form))
    flat_text = flat(text)
    reading_order = flat(pdftotext(rendered(day, form), layout=False))  # table cells kept whole
    assert form.heading in flat_text
    assert dossier_code(day) in flat_text
    assert APPLICANT_NAME in reading_order  # given in NFD, printed (and extractable) in NFC
    assert expected_date_line(day, form.kind) in text  # on one line, in italics, right column
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert f"Mẫu số {form.number}" in text
    instrument = "01/2018/TT-VPCP" if day == DAY_2018 else "03/2025/TT-VPCP"
    assert f"Thông tư số {instrument}" in flat_text


@pytest.mark.parametrize(("day", "form"), ALL_FORMS, ids=FORM_IDS)
def test_each_form_embeds_its_fonts_with_unicode_maps(day: dt.date, form: FormDefinition) -> None:
    fonts = pdffonts(rendered(day, form))
    assert fonts
    assert all(font["emb"] == "yes" and font["uni"] == "yes" for font in fonts), fonts
    names = " ".join(font["name"] for font in fonts).replace("-", "")
    assert "LiberationSerif" in names or "TimesNewRoman" in names, names


@pytest.mark.parametrize(("day", "form"), ALL_FORMS, ids=FORM_IDS)
def test_each_form_is_a4_dated_from_its_context_and_renders_to_the_same_bytes_twice(
    day: dt.date, form: FormDefinition
) -> None:
    first = rendered(day, form)
    context = context_for(form.kind, day)
    assert render_pdf(form, context) == first
    info = pdfinfo(first)
    size = "841.89 x 595.276" if form.page.landscape else "595.276 x 841.89"
    assert info["Page size"] == f"{size} pts (A4)"
    # Typst writes the day's midnight in UTC ("Z"), WeasyPrint in Vietnam's time zone.
    typst = form.kind is FormKind.TRACKING_BOOK
    zone = "Z" if typst else "+07"
    assert info["CreationDate"] == f"{context.issued_on.isoformat()}T00:00:00{zone}"
    assert info["ModDate"] == info["CreationDate"]
    assert info["Title"].startswith(form.heading)
    assert info["Producer" if not typst else "Creator"].startswith(
        "Typst" if typst else "WeasyPrint"
    )


def test_forms_other_than_the_tracking_book_fit_on_one_page() -> None:
    for day, form in ALL_FORMS:
        if form.kind is not FormKind.TRACKING_BOOK:
            assert pdfinfo(rendered(day, form))["Pages"] == "1", form.key


def test_the_same_bytes_come_out_in_another_process_with_another_hash_seed() -> None:
    script = (
        "import datetime as dt, django, hashlib, json\n"
        "django.setup()\n"
        "from motcua.documents.formsets import FORM_SETS\n"
        "from motcua.documents.render import render_pdf\n"
        "from tests.documents.samples import context_for\n"
        "days = {'TT01_2018': dt.date(2025, 6, 30), 'TT03_2025': dt.date(2026, 1, 5)}\n"
        "print(json.dumps({f.key: hashlib.sha256(render_pdf(f, context_for(f.kind, "
        "days[s.code]))).hexdigest() for s in FORM_SETS for f in s.forms.values()}))\n"
    )
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONHASHSEED": "12345", "TZ": "America/New_York"}
    env["DJANGO_SETTINGS_MODULE"] = "motcua.settings"
    command = [sys.executable, "-c", script]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=root, env=env)
    elsewhere = json.loads(result.stdout.strip().splitlines()[-1])
    here = {form.key: hashlib.sha256(rendered(day, form)).hexdigest() for day, form in ALL_FORMS}
    assert elsewhere == here


def test_the_active_time_zone_does_not_change_the_printed_times() -> None:
    form = form_for(FormKind.RECEIPT, DAY_2025)
    with timezone.override("Europe/Paris"):
        assert render_pdf(form, context_for(FormKind.RECEIPT, DAY_2025)) == rendered(DAY_2025, form)
    text = pdftotext(rendered(DAY_2025, form))
    assert "4. Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 05 tháng 01 năm 2026" in text


def test_the_receipt_lists_components_times_and_the_book_entry() -> None:
    form = form_for(FormKind.RECEIPT, DAY_2025)
    text = flat(pdftotext(rendered(DAY_2025, form)))
    assert "Bộ phận Một cửa: Ủy ban nhân dân thị trấn Phú Mỹ" in text
    assert "Giấy tờ chứng minh nơi cư trú Bản sao chứng thực 02" in text
    assert "2. Số lượng hồ sơ: 01 (bộ)" in text
    assert "3. Thời gian giải quyết hồ sơ theo quy định là: 03 ngày làm việc" in text
    assert "5. Thời gian trả kết quả giải quyết hồ sơ: 08 giờ 30 phút, ngày 08 tháng 01 năm" in text
    assert "Quyển số: 01 Số thứ tự: 0007" in text
    assert "NGƯỜI NỘP HỒ SƠ NGƯỜI TIẾP NHẬN HỒ SƠ" in text
    old = flat(pdftotext(rendered(DAY_2018, form_for(FormKind.RECEIPT, DAY_2018))))
    assert "Bộ phận tiếp nhận và trả kết quả: Ủy ban nhân dân thị trấn Phú Mỹ" in old


def test_the_receipt_qr_code_prints_the_status_url_module_for_module() -> None:
    form = form_for(FormKind.RECEIPT, DAY_2025)
    context = context_for(FormKind.RECEIPT, DAY_2025)
    assert isinstance(context, ReceiptContext)
    assert context.status_url == STATUS_URL
    assert printed_qr_matches(rendered(DAY_2025, form), render_html(form, context), STATUS_URL)
    assert not printed_qr_matches(rendered(DAY_2025, form), render_html(form, context), "other")


def test_the_receipt_qr_code_decodes_with_zbar(tmp_path: Path) -> None:
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.skip("zbarimg is not installed (the module-by-module check above still runs)")
    pages = png_pages(rendered(DAY_2025, form_for("receipt", DAY_2025)), tmp_path / "r", 200)
    command = [zbarimg, "--raw", "-q", str(pages[0])]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.stdout.strip() == STATUS_URL


def test_letters_carry_the_reason_the_dates_and_the_signature_block() -> None:
    apology = flat(pdftotext(rendered(DAY_2025, form_for(FormKind.APOLOGY, DAY_2025))))
    assert "Kính gửi: Bà Nguyễn Thị Ngọc Ánh." in apology
    assert "Lý do: Cần xác minh thông tin cư trú với Công an xã Tân Hòa." in apology
    assert "gia hạn thời gian giải quyết hồ sơ đến 08 giờ 30 phút, ngày 10 tháng 01 năm 2026" in (
        apology
    )
    assert "Số: 15/TB-UBND" in apology
    assert "Trần Văn Hùng" in apology
    assert "Nơi nhận: TM. ỦY BAN NHÂN DÂN - Như trên; KT. CHỦ TỊCH - Lưu: VT. PHÓ CHỦ TỊCH" in (
        apology
    )
    old = flat(pdftotext(rendered(DAY_2018, form_for(FormKind.APOLOGY, DAY_2018))))
    assert "sẽ trả kết quả giải quyết hồ sơ cho Bà vào 08 giờ 30 phút, ngày 05 tháng 7" in old
    stop = flat(pdftotext(rendered(DAY_2025, form_for(FormKind.STOP, DAY_2025))))
    assert "Lý do dừng giải quyết hồ sơ: Người yêu cầu đề nghị dừng giải quyết" in stop


def test_the_control_slip_lists_each_hand_over_and_blank_rows_to_fill_in() -> None:
    text = flat(pdftotext(rendered(DAY_2025, form_for(FormKind.CONTROL_SLIP, DAY_2025))))
    for header in ("TÊN CƠ QUAN", "THỜI GIAN GIAO, NHẬN", "KẾT QUẢ GIẢI", "GHI CHÚ"):
        assert header in text
    assert "1. Giao: Bộ phận Một cửa" in text
    assert "08 giờ 50 phút, ngày 05 tháng 01" in text
    assert "Trước hạn" in text
    assert "Đúng hạn" in text
    assert text.count("Người giao") == 4  # two hand-overs and two blank rows (min_rows=4)
    assert "hóa đơn của cơ quan bưu chính" in text


def test_a_long_tracking_book_repeats_its_header_on_every_page() -> None:
    form = form_for(FormKind.TRACKING_BOOK, DAY_2025)
    book = context_for(FormKind.TRACKING_BOOK, DAY_2025)
    assert isinstance(book, TrackingBookContext)
    long_book = dataclasses.replace(book, rows=book.rows * 8)
    pdf = render_pdf(form, long_book)
    pages = pdftotext(pdf).split("\f")
    assert int(pdfinfo(pdf)["Pages"]) >= 2
    assert all("Mã hồ sơ" in page and "Ngày, tháng, năm" in page for page in pages if page.strip())


def test_text_is_escaped_not_interpreted_as_html() -> None:
    form = form_for(FormKind.REFUSAL, DAY_2025)
    refusal = context_for(FormKind.REFUSAL, DAY_2025)
    assert isinstance(refusal, RefusalContext)
    hostile = dataclasses.replace(refusal, reasons=("<b>Thiếu</b> & sai",))
    html = render_html(form, hostile)
    assert "&lt;b&gt;Thiếu&lt;/b&gt; &amp; sai" in html
    assert "1. <b>Thiếu</b> & sai" in pdftotext(render_pdf(form, hostile))


def test_the_fee_receipt_shows_the_total_in_figures_and_in_words_on_a5() -> None:
    pdf = render_fee_receipt_pdf(fee_receipt())
    assert pdf == render_fee_receipt_pdf(fee_receipt())
    text = flat(pdftotext(pdf))
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    assert "Tổng cộng 1.652.000 đồng" in text
    assert "Số tiền bằng chữ: Một triệu sáu trăm năm mươi hai nghìn đồng" in text
    assert "Hình thức thanh toán: Tiền mặt" in text
    assert "Ký hiệu: AG-26" in text
    assert "Số: 0000123" in text
    assert "Họ và tên người nộp: Nguyễn Thị Ngọc Ánh" in text
    info = pdfinfo(pdf)
    assert info["Page size"] == "595.276 x 419.528 pts"  # A5 landscape (148 × 210 mm)
    assert info["Pages"] == "1"


def test_screenshots_of_a_receipt_and_a_control_slip_for_a_human_to_look_at() -> None:
    for kind in (FormKind.RECEIPT, FormKind.CONTROL_SLIP):
        form = form_for(kind, DAY_2025)
        pages = png_pages(rendered(DAY_2025, form), SCREENSHOTS / f"{form.set_code}-{kind}")
        assert len(pages) == 1
        assert pages[0].stat().st_size > 10_000
