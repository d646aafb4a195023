import dataclasses
import datetime as dt
import unicodedata

import pytest

from motcua.documents.context import (
    ComponentLine,
    FeeLine,
    Person,
    ReceiptContext,
    check_context,
)
from motcua.documents.formatting import recipients_lines, time_and_date
from motcua.documents.formsets import FormKind, form_for

from .samples import APPLICANT_NAME, APPLICANT_NAME_NFD, at, context_for, fee_receipt


def test_text_given_in_nfd_is_stored_in_nfc() -> None:
    assert APPLICANT_NAME_NFD != APPLICANT_NAME
    person = Person(full_name=APPLICANT_NAME_NFD, address=unicodedata.normalize("NFD", "Ấp Trung"))
    assert person.full_name == APPLICANT_NAME
    assert person.address == "Ấp Trung"
    receipt = context_for(FormKind.RECEIPT, dt.date(2026, 1, 5))
    assert isinstance(receipt, ReceiptContext)
    assert receipt.applicant.full_name == APPLICANT_NAME


def test_lists_become_tuples_and_contexts_are_frozen() -> None:
    receipt = context_for(FormKind.RECEIPT, dt.date(2026, 1, 5))
    assert isinstance(receipt, ReceiptContext)
    nfd_line = ComponentLine(name=unicodedata.normalize("NFD", "Giấy chứng sinh"))
    rebuilt = dataclasses.replace(receipt, components=[nfd_line])  # type: ignore[arg-type]
    assert rebuilt.components == (ComponentLine(name="Giấy chứng sinh"),)
    with pytest.raises(dataclasses.FrozenInstanceError):
        receipt.dossier_code = "x"  # type: ignore[misc]


def test_the_fee_receipt_totals_in_figures_and_in_words() -> None:
    receipt = fee_receipt()
    assert receipt.total == 1_652_000
    assert receipt.total_text == "1.652.000 đồng"
    assert receipt.total_in_words == "Một triệu sáu trăm năm mươi hai nghìn đồng"
    assert receipt.method.label == "Tiền mặt"
    assert FeeLine(description="x", amount=0).kind == "Lệ phí"


def test_a_form_rejects_the_context_of_another_form() -> None:
    day = dt.date(2026, 1, 5)
    with pytest.raises(TypeError, match="needs a RefusalContext, not a ReceiptContext"):
        check_context(form_for("refusal", day), context_for(FormKind.RECEIPT, day))


def test_times_print_in_vietnamese_time_whatever_the_input_zone() -> None:
    utc = at(dt.date(2026, 1, 5), 8, 30)
    assert utc.tzinfo is dt.UTC
    assert utc.hour == 1
    assert time_and_date(utc) == "08 giờ 30 phút, ngày 05 tháng 01 năm 2026"
    naive = dt.datetime(2024, 5, 24, 14, 5)  # naive: already Vietnamese wall-clock time
    assert time_and_date(naive) == "14 giờ 05 phút, ngày 24 tháng 5 năm 2024"


def test_recipients_end_with_a_semicolon_and_the_last_with_a_full_stop() -> None:
    assert recipients_lines(("Như trên", "Lưu: VT;")) == ["- Như trên;", "- Lưu: VT."]
    assert recipients_lines(()) == []
