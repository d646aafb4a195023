"""The Word and Excel versions: open with python-docx / openpyxl, NĐ 30 page, same bytes twice."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import openpyxl
import pytest
from docx.shared import Length

from motcua.documents.formsets import FormDefinition, FormKind, form_for
from motcua.documents.render import render_docx, render_tracking_book_xlsx
from motcua.documents.word import NoWordVersionError

from .samples import APPLICANT_NAME, context_for, dossier_code

DAY_2018 = dt.date(2025, 6, 30)
DAY_2025 = dt.date(2026, 1, 5)
WORD_FORMS = [
    (DAY_2018, form_for(FormKind.APOLOGY, DAY_2018)),
    (DAY_2018, form_for(FormKind.TRACKING_BOOK, DAY_2018)),
    (DAY_2025, form_for(FormKind.APOLOGY, DAY_2025)),
    (DAY_2025, form_for(FormKind.STOP, DAY_2025)),
    (DAY_2025, form_for(FormKind.TRACKING_BOOK, DAY_2025)),
]


def all_text(document: docx.document.Document) -> str:
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def mm(*lengths: Length | None) -> tuple[float, ...]:
    """Word stores lengths in twips: compare millimetres to 0.1 mm."""
    assert all(length is not None for length in lengths)
    return tuple(round(length.mm, 1) for length in lengths if length is not None)


def assert_reproducible_zip(data: bytes, day: dt.date) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        stamps = {info.date_time for info in archive.infolist()}
    assert stamps == {(day.year, day.month, day.day, 0, 0, 0)}


@pytest.mark.parametrize(("day", "form"), WORD_FORMS, ids=[f.key for _, f in WORD_FORMS])
def test_word_versions_open_hold_the_text_and_use_the_nd30_page(
    day: dt.date, form: FormDefinition
) -> None:
    context = context_for(form.kind, day)
    data = render_docx(form, context)
    assert render_docx(form, context) == data
    assert_reproducible_zip(data, context.issued_on)
    document = docx.Document(io.BytesIO(data))
    text = all_text(document)
    assert form.heading in text
    assert dossier_code(day) in text
    assert APPLICANT_NAME in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert f"Phú Mỹ, ngày {context.issued_on.day:02d} tháng" in text
    section = document.sections[0]
    landscape = form.kind is FormKind.TRACKING_BOOK
    assert mm(section.page_width, section.page_height) == ((297, 210) if landscape else (210, 297))
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert mm(*margins) == (20, 20, 30, 15)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size is not None
    assert normal.font.size.pt == 14
    properties = document.core_properties
    assert properties.created == dt.datetime.combine(context.issued_on, dt.time(), tzinfo=dt.UTC)
    assert properties.title == form.heading


def test_the_letter_in_word_has_the_same_paragraphs_as_the_pdf() -> None:
    form = form_for(FormKind.APOLOGY, DAY_2025)
    document = docx.Document(io.BytesIO(render_docx(form, context_for(form.kind, DAY_2025))))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "Kính gửi: Bà Nguyễn Thị Ngọc Ánh." in texts
    assert any(text.startswith("Tuy nhiên, đến nay Ủy ban nhân dân thị trấn") for text in texts)
    signature = document.tables[-1].rows[0].cells[1].text
    # NĐ 30, Phụ lục I: the committee decides as a collective, the deputy signs for the chairman
    assert signature.startswith("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    assert signature.endswith("Trần Văn Hùng")


def test_forms_issued_only_as_pdf_have_no_word_version() -> None:
    form = form_for(FormKind.RECEIPT, DAY_2025)
    with pytest.raises(NoWordVersionError, match="TT03_2025/01"):
        render_docx(form, context_for(FormKind.RECEIPT, DAY_2025))


def test_the_tracking_book_in_word_has_a_merged_dates_header_and_one_row_per_dossier() -> None:
    form = form_for(FormKind.TRACKING_BOOK, DAY_2025)
    document = docx.Document(io.BytesIO(render_docx(form, context_for(form.kind, DAY_2025))))
    table = document.tables[-1]
    assert len(table.rows) == 3 + 7
    top = [cell.text for cell in table.rows[0].cells]
    assert top[7:12] == ["Ngày, tháng, năm"] * 5  # one merged cell seen from five columns
    assert top[1] == table.rows[1].cells[1].text == "Mã hồ sơ"  # merged over two rows
    assert [cell.text for cell in table.rows[2].cells][:2] == ["(1)", "(2)"]
    assert table.rows[-1].cells[1].text == dossier_code(DAY_2025)


def test_the_tracking_book_in_excel_has_real_dates_and_prints_on_landscape_a4() -> None:
    form = form_for(FormKind.TRACKING_BOOK, DAY_2025)
    context = context_for(form.kind, DAY_2025)
    data = render_tracking_book_xlsx(form, context)  # type: ignore[arg-type]
    assert render_tracking_book_xlsx(form, context) == data  # type: ignore[arg-type]
    assert_reproducible_zip(data, DAY_2025)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet is not None
    assert sheet["A5"].value == "SỔ THEO DÕI HỒ SƠ"
    assert sheet["G3"].value == "Phú Mỹ, ngày 05 tháng 01 năm 2026"
    assert sheet["H8"].value == "Ngày, tháng, năm"
    assert "H8:L8" in {str(cells) for cells in sheet.merged_cells.ranges}
    last = sheet.max_row
    assert sheet.cell(row=last, column=2).value == dossier_code(DAY_2025)
    assert sheet.cell(row=last, column=5).value == APPLICANT_NAME
    assert sheet.cell(row=last, column=8).value == dt.datetime(2026, 1, 5, 8, 30)
    assert sheet.cell(row=last, column=8).number_format == "hh:mm dd/mm/yyyy"
    assert sheet.cell(row=last, column=12).number_format == "dd/mm/yyyy"
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize or 0) == int(sheet.PAPERSIZE_A4)
    assert sheet.print_title_rows == "$8:$10"
    assert workbook.properties.created == dt.datetime(2026, 1, 5)
