"""Every document kind printed both ways: our PDF (WeasyPrint) and the Word/Excel file through
LibreOffice headless. Checked from the printed pages (pdfinfo, pdftotext -layout), not from our
own objects: the page count, the quốc hiệu on one line, the signature block on the page of the
text above it, the widest column's text unwrapped. The PNGs go to test-output/layout/."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from motcua.control.narrative import build_context
from motcua.control.narrative_render import render_narrative_docx, render_narrative_pdf
from motcua.documents.context import ComponentLine, ReceiptContext
from motcua.documents.formsets import FormKind, form_for
from motcua.documents.render import (
    render_docx,
    render_fee_receipt_pdf,
    render_pdf,
    render_tracking_book_xlsx,
)
from motcua.documents.wording import letter_paragraphs
from motcua.dossiers.models import Dossier
from motcua.reports.ii06a import ii06a
from motcua.reports.ii06a_print import PrintOptions, render_ii06a_docx, render_ii06a_pdf
from motcua.reports.ii06a_xlsx import render_xlsx
from motcua.reports.ii07b import ii07b, render_ii07b_xlsx
from motcua.reports.ii07b_print import render_ii07b_docx, render_ii07b_pdf
from motcua.results.document import render_result_pdf
from motcua.units.models import Unit

from .office import (
    HAVE_SOFFICE,
    NATION,
    libreoffice_pdfs,
    on_one_line,
    page_count,
    page_of,
    pages,
    save_pngs,
)
from .samples import context_for, fee_receipt

pytestmark = [
    pytest.mark.office,
    pytest.mark.skipif(not HAVE_SOFFICE, reason="LibreOffice (soffice) is not installed"),
]
DAY_2018 = dt.date(2025, 6, 30)
DAY_2025 = dt.date(2026, 1, 5)
START, END = dt.date(2023, 12, 15), dt.date(2024, 5, 19)


@dataclasses.dataclass
class Printed:
    """One document, one way of printing it, and what its pages must show."""

    name: str
    data: bytes  # PDF, or the .docx/.xlsx LibreOffice prints
    pages: int | None = None  # exact page count
    together: tuple[str, ...] = ()  # texts that must share a page (the last text above first)
    lines: tuple[str, ...] = ()  # texts that must each print on one line
    nation: bool = True  # carries the NĐ 30 header

    @property
    def office(self) -> bool:
        return self.name.endswith((".docx", ".xlsx"))


def check(documents: list[Printed]) -> list[str]:
    """Print every document (one LibreOffice run for the office files) and list what is wrong."""
    converted = libreoffice_pdfs({d.name: d.data for d in documents if d.office})
    problems = []
    for document in documents:
        pdf = converted.get(document.name, document.data)
        label = document.name.replace(".", "-")
        save_pngs(pdf, label)
        texts = pages(pdf)
        count = page_count(pdf)
        if document.pages is not None and count != document.pages:
            problems.append(f"{document.name}: {count} pages, expected {document.pages}")
        if document.nation and not on_one_line(texts, NATION):
            problems.append(f"{document.name}: the quốc hiệu wraps")
        for text in document.lines:
            if not on_one_line(texts, text):
                problems.append(f"{document.name}: {text!r} wraps")
        if document.together:
            where = [page_of(texts, text, last=True) for text in document.together]
            if -1 in where or len(set(where)) != 1:
                problems.append(f"{document.name}: pages {where} for {document.together}")
    return problems


def test_the_forms_print_the_same_in_libreoffice_and_in_our_pdf() -> None:
    documents = []
    for day, circular in ((DAY_2018, "tt01"), (DAY_2025, "tt03")):
        agency_line = "THỊ TRẤN PHÚ MỸ"  # "ỦY BAN NHÂN DÂN" above it, as NĐ 30 breaks it
        for kind in FormKind:
            if kind is FormKind.STOP and day == DAY_2018:
                continue
            form, ctx = form_for(kind, day), context_for(kind, day)
            name = f"{circular}-{kind.value}"
            sign: tuple[str, ...] = ()
            if kind in (FormKind.APOLOGY, FormKind.STOP):
                assert not isinstance(ctx, dict)
                last = letter_paragraphs(form, ctx)[-1][-40:]  # type: ignore[arg-type]
                sign = (last, "Nơi nhận:", "Trần Văn Hùng")
            pages_wanted = None if kind is FormKind.TRACKING_BOOK else 1
            documents.append(
                Printed(f"{name}.pdf", render_pdf(form, ctx), pages_wanted, sign, (agency_line,))
            )
            if kind in (FormKind.APOLOGY, FormKind.STOP, FormKind.TRACKING_BOOK):
                docx = render_docx(form, ctx)
                documents.append(Printed(f"{name}.docx", docx, pages_wanted, sign, (agency_line,)))
            if kind is FormKind.TRACKING_BOOK:
                xlsx = render_tracking_book_xlsx(form, ctx)  # type: ignore[arg-type]
                documents.append(Printed(f"{name}.xlsx", xlsx, None, (), (agency_line,)))
    documents.append(Printed("fee-receipt.pdf", render_fee_receipt_pdf(fee_receipt()), 1))
    documents.append(Printed("tt03-receipt-long.pdf", long_receipt(), 1, ("Ghi chú:",)))
    problems = check(documents)
    assert not problems, "\n".join(problems)


def long_receipt() -> bytes:
    """A receipt with nine components (long names) and the notes and QR code: one page."""
    form, ctx = form_for(FormKind.RECEIPT, DAY_2025), context_for(FormKind.RECEIPT, DAY_2025)
    assert isinstance(ctx, ReceiptContext)
    line = ComponentLine(
        name="Văn bản ủy quyền có chứng thực theo quy định của pháp luật về chứng thực",
        copy_kind="Bản sao chứng thực",
    )
    return render_pdf(form, dataclasses.replace(ctx, components=ctx.components + (line,) * 6))


def test_the_reports_and_results_print_the_same_in_libreoffice_and_in_our_pdf(
    demo: None,
) -> None:
    unit = Unit.objects.get(code="30406")
    signed_on = dt.date(2024, 5, 24)
    report = ii06a(unit, START, END)
    options = PrintOptions(signed_on=signed_on, preparer="Nguyễn Văn An", head="Lê Văn Cường")
    fields = tuple(row.field_name for row in report.rows if len(row.field_name) <= 30)
    ii06a_sign = ("TỔNG CỘNG", "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ")
    sign = ("TỔNG CỘNG", "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "Phú Mỹ, ngày 24 tháng 5 năm 2024")
    counted = ii07b(unit, signed_on)
    ctx = build_context(unit, START, END)
    committee = ctx.committee.upper().removeprefix("ỦY BAN NHÂN DÂN ")
    narrative_sign = ("Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    dossier = Dossier.objects.filter(competent_unit=unit).exclude(code="").first()
    assert dossier is not None
    result = render_result_pdf(
        dossier,
        title="Giấy xác nhận",
        number="15/GXN-UBND",
        body="Ủy ban nhân dân xác nhận nội dung đề nghị của ông/bà là đúng sự thật.",
        issued_on=signed_on,
        signer_title="CHỦ TỊCH",
        signer_name="Lê Văn Cường",
    )
    documents = [
        # II.06a runs onto a second page: the last rows go there with the signatures, under
        # the repeated header. The Excel sheets carry no NĐ 30 header block (the forms have
        # none); they end with the same signatures as the Word and PDF versions.
        Printed("ii06a.pdf", render_ii06a_pdf(report, options), 2, ii06a_sign, fields),
        Printed("ii06a.docx", render_ii06a_docx(report, options), 2, ii06a_sign, fields),
        Printed("ii06a.xlsx", render_xlsx(report, "", options), 1, ii06a_sign, fields, False),
        Printed("ii07b.pdf", render_ii07b_pdf(counted, "", signed_on, "An"), 1),
        Printed("ii07b.docx", render_ii07b_docx(counted, "", signed_on, "An"), 1),
        Printed("ii07b.xlsx", render_ii07b_xlsx(counted, "", signed_on, "An"), 1, sign, (), False),
        Printed("narrative.pdf", render_narrative_pdf(ctx), None, narrative_sign, (committee,)),
        Printed("narrative.docx", render_narrative_docx(ctx), None, narrative_sign, (committee,)),
        Printed("result.pdf", result, 1, ("đúng sự thật", "CHỦ TỊCH", "Lê Văn Cường")),
    ]
    problems = check(documents)
    assert not problems, "\n".join(problems)
