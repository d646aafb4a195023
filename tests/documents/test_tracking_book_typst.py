"""The tracking book set by Typst (typst_book.py): the pages, words and fonts of the HTML
layout it replaces, read back with poppler."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from weasyprint import HTML

from motcua.documents import typst_book
from motcua.documents.context import TrackingBookContext, TrackingRow
from motcua.documents.formsets import FormKind, form_for
from motcua.documents.render import render_html, render_pdf
from motcua.documents.typst_book import ZERO_WIDTH_SPACE, tracking_book_data

from .pdf_tools import flat, pdffonts, pdfinfo, pdftotext, png_pages
from .samples import APPLICANT_NAME, context_for

DAY = dt.date(2026, 1, 5)
FORM = form_for(FormKind.TRACKING_BOOK, DAY)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "forms"


def book(copies: int = 1) -> TrackingBookContext:
    sample = context_for(FormKind.TRACKING_BOOK, DAY)
    assert isinstance(sample, TrackingBookContext)
    rows = tuple(
        dataclasses.replace(row, dossier_code=f"H01.56.14-260105-{number:04d}")
        for number, row in enumerate(sample.rows * copies, start=1)
    )
    return dataclasses.replace(sample, rows=rows)


@pytest.fixture(scope="module")
def long_book() -> tuple[TrackingBookContext, bytes]:
    context = book(copies=8)  # 56 rows
    return context, render_pdf(FORM, context)


def test_every_row_prints_once_in_order_with_its_vietnamese_text(
    long_book: tuple[TrackingBookContext, bytes],
) -> None:
    context, pdf = long_book
    text = pdftotext(pdf, layout=False)
    codes = [row.dossier_code for row in context.rows]
    positions = [text.find(code) for code in codes]
    assert -1 not in positions
    assert positions == sorted(positions)
    assert all(text.count(code) == 1 for code in codes)
    flat_text = flat(text)
    assert flat_text.count(APPLICANT_NAME) == 8  # NFD in the sample, NFC in the PDF
    for phrase in ("SỔ THEO DÕI HỒ SƠ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                   "Độc lập - Tự do - Hạnh phúc", "Ấp Trung 1, thị",
                   "Từ ngày 01/01/2026 đến ngày 05/01/2026", "Quyển số: 01",
                   "Phú Mỹ, ngày 05 tháng 01 năm 2026"):  # fmt: skip
        assert phrase in flat_text, phrase


def test_the_header_rows_and_the_page_number_repeat_on_every_page(
    long_book: tuple[TrackingBookContext, bytes],
) -> None:
    _, pdf = long_book
    pages = [page for page in pdftotext(pdf).split("\f") if page.strip()]
    assert len(pages) == int(pdfinfo(pdf)["Pages"]) >= 5
    for number, page in enumerate(pages, start=1):
        assert "Mã hồ sơ" in page
        assert "Ngày, tháng, năm" in page
        assert "(14)" in page
        first_line = page.strip().splitlines()[0].strip()
        assert first_line == (str(number) if number > 1 else "Mẫu số 07")  # NĐ 30: from page 2


def test_the_pages_break_where_the_html_layout_breaks_them(
    long_book: tuple[TrackingBookContext, bytes],
) -> None:
    context, pdf = long_book
    html_pdf = HTML(string=render_html(FORM, context)).render().write_pdf()
    assert isinstance(html_pdf, bytes)
    assert pdfinfo(pdf)["Pages"] == pdfinfo(html_pdf)["Pages"]
    ours = [page.split() for page in pdftotext(pdf).split("\f")]
    theirs = [page.split() for page in pdftotext(html_pdf).split("\f")]
    last_codes = [[w for w in words if w.startswith("H01.")][-1:] for words in ours]
    assert last_codes == [[w for w in words if w.startswith("H01.")][-1:] for words in theirs]


def test_only_liberation_serif_is_embedded_no_fallback_for_vietnamese_letters(
    long_book: tuple[TrackingBookContext, bytes],
) -> None:
    _, pdf = long_book
    names = {font["name"].split("+")[-1] for font in pdffonts(pdf)}
    assert names <= {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic"}, names
    assert all(font["emb"] == "yes" and font["uni"] == "yes" for font in pdffonts(pdf))


def test_what_a_person_typed_is_printed_not_read_as_typst_markup() -> None:
    context = book()
    typed = '*đậm* _nghiêng_ #set page(width: 1cm) $x$ <b>Thiếu</b> & \\ "q" @ref // [x]'
    row = dataclasses.replace(context.rows[0], applicant_name=typed, note="#pagebreak()")
    pdf = render_pdf(FORM, dataclasses.replace(context, rows=(row,)))
    text = pdftotext(pdf, layout=False).replace(ZERO_WIDTH_SPACE, "")
    words = text.split()
    assert all(word in words for word in typed.split())  # the cell wraps: word by word
    assert "#pagebreak()" in "".join(text.split())  # broken in its 10 mm column
    assert pdfinfo(pdf)["Pages"] == "1"
    assert pdfinfo(pdf)["Page size"] == "841.89 x 595.276 pts (A4)"


def test_a_word_wider_than_its_column_breaks_inside_it() -> None:
    long_word = "Số1234567890ĐườngDàiKhôngCóDấuCáchNàoCả"
    row = TrackingRow(
        dossier_code="H01.56.14-260105-0001",
        procedure_name="Đăng ký khai sinh",
        applicant_name="Trần Văn Bình",
        applicant_address=long_word,
        received_at=dt.datetime(2026, 1, 5, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=7))),
    )
    context = dataclasses.replace(book(), rows=(row,))
    cells = tracking_book_data(FORM, context)["rows"][0]
    assert cells[5].replace(ZERO_WIDTH_SPACE, "") == long_word
    assert ZERO_WIDTH_SPACE in cells[5]
    assert ZERO_WIDTH_SPACE not in cells[1] + cells[2]  # words that fit are left whole
    text = pdftotext(render_pdf(FORM, context)).replace(ZERO_WIDTH_SPACE, "")
    assert long_word not in text  # not on one line across the next columns
    assert long_word in "".join(text.split()) or long_word[:10] in text


def test_screenshots_of_the_first_two_pages_for_a_human_to_look_at(
    long_book: tuple[TrackingBookContext, bytes],
) -> None:
    _, pdf = long_book
    pages = png_pages(pdf, SCREENSHOTS / "tracking-book-typst")
    assert len(pages) >= 5
    assert all(page.stat().st_size > 10_000 for page in pages[:2])


def test_a_typst_error_is_raised_with_its_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.typ"
    broken.write_text("#let x = (", encoding="utf-8")
    monkeypatch.setattr(typst_book, "TEMPLATE", broken)
    with pytest.raises(RuntimeError, match="typst: unclosed delimiter"):
        render_pdf(FORM, book())
