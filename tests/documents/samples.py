"""Sample contexts for the forms: a civil-status dossier at the Phú Mỹ desk (An Giang).

The applicant's name is given decomposed (NFD), as some keyboards type it, to prove the contexts
normalise to NFC.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from motcua.documents.context import (
    Agency,
    ApologyContext,
    ComponentLine,
    ControlSlipContext,
    FeeLine,
    FeeReceiptContext,
    FormContext,
    HandOver,
    PaymentMethod,
    Person,
    ReceiptContext,
    RefusalContext,
    StopContext,
    SupplementContext,
    SupplementItem,
    TrackingBookContext,
    TrackingRow,
)
from motcua.documents.formsets import FormKind

APPLICANT_NAME = "Nguyễn Thị Ngọc Ánh"
APPLICANT_NAME_NFD = unicodedata.normalize("NFD", APPLICANT_NAME)
STATUS_URL = "https://motcua.angiang.gov.vn/tra-cuu/?ma=H01.56.14-260105-0007"
VIETNAM = dt.timezone(dt.timedelta(hours=7))


def agency() -> Agency:
    return Agency(
        parent_name="ỦY BAN NHÂN DÂN THỊ TRẤN PHÚ MỸ",
        name="BỘ PHẬN MỘT CỬA",
        name_in_text="Ủy ban nhân dân thị trấn Phú Mỹ",
        place_name="Phú Mỹ",
        phone="0296 3826 123",
    )


def resolving_agency() -> Agency:
    """The People's Committee signs the letters: its name on two lines, no parent line."""
    return Agency(
        name="ỦY BAN NHÂN DÂN\nTHỊ TRẤN PHÚ MỸ",
        name_in_text="Ủy ban nhân dân thị trấn Phú Mỹ",
        place_name="Phú Mỹ",
    )


def applicant() -> Person:
    return Person(
        full_name=APPLICANT_NAME_NFD,
        salutation="Bà",
        address="Ấp Trung 1, thị trấn Phú Mỹ, huyện Phú Tân, tỉnh An Giang",
        phone="0912 345 678",
        email="ngocanh@example.vn",
        personal_id="089190001234",
    )


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware datetime in UTC for a Vietnamese wall-clock time (as the database stores it)."""
    local = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=VIETNAM)
    return local.astimezone(dt.UTC)


def dossier_code(accepted_on: dt.date) -> str:
    return f"H01.56.14-{accepted_on:%y%m%d}-0007"


def context_for(kind: FormKind, accepted_on: dt.date) -> FormContext:
    """A full context of the kind, for a dossier accepted on ``accepted_on`` at 08:30."""
    common: dict[str, Any] = {
        "agency": agency(),
        "dossier_code": dossier_code(accepted_on),
        "applicant": applicant(),
        "procedure_name": "Đăng ký khai sinh",
        "issued_on": accepted_on,
    }
    received = at(accepted_on, 8, 30)
    due = received + dt.timedelta(days=3)
    letter: dict[str, Any] = {
        "agency": resolving_agency(),
        "document_number": "15/TB-UBND",
        "signer_title": "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        "signer_name": "Trần Văn Hùng",
        "received_at": received,
        "issued_on": accepted_on + dt.timedelta(days=2),
    }
    if kind is FormKind.RECEIPT:
        return ReceiptContext(
            **common,
            components=(
                ComponentLine(name="Tờ khai đăng ký khai sinh", copy_kind="Bản chính"),
                ComponentLine(name="Giấy chứng sinh", copy_kind="Bản chính"),
                ComponentLine(
                    name="Giấy tờ chứng minh nơi cư trú", copy_kind="Bản sao chứng thực", count=2
                ),
            ),
            time_limit_text="03 ngày làm việc",
            received_at=received,
            due_at=due,
            result_delivery="Bộ phận Một cửa thị trấn Phú Mỹ",
            book_volume="01",
            book_number="0007",
            officer_name="Nguyễn Thị Lan",
            status_url=STATUS_URL,
        )
    if kind is FormKind.SUPPLEMENT:
        return SupplementContext(
            **common,
            items=(
                SupplementItem(name="Giấy chứng sinh", reason="Bản nộp là bản photo không rõ"),
                SupplementItem(name="Văn bản ủy quyền", reason="Người nộp không phải cha, mẹ"),
            ),
            contact_officer="Nguyễn Thị Lan",
            contact_phone="0296 3826 123",
            officer_name="Nguyễn Thị Lan",
        )
    if kind is FormKind.REFUSAL:
        return RefusalContext(
            **common,
            reasons=("Việc khai sinh đã được đăng ký tại Ủy ban nhân dân xã Tân Hòa.",),
            officer_name="Nguyễn Thị Lan",
        )
    if kind is FormKind.APOLOGY:
        return ApologyContext(
            **{**common, **letter},
            time_limit_text="03 ngày làm việc",
            reason="Cần xác minh thông tin cư trú với Công an xã Tân Hòa",
            original_due=due,
            new_due=due + dt.timedelta(days=2),
        )
    if kind is FormKind.STOP:
        return StopContext(
            **{**common, **letter},
            reason="Người yêu cầu đề nghị dừng giải quyết để bổ sung giấy tờ khác",
            requested_on=accepted_on + dt.timedelta(days=1),
        )
    if kind is FormKind.CONTROL_SLIP:
        return ControlSlipContext(
            **common,
            received_at=received,
            due_at=due,
            lead_unit="Công chức Tư pháp - Hộ tịch",
            rows=(
                HandOver(
                    from_unit="Bộ phận Một cửa",
                    to_unit="Công chức Tư pháp - Hộ tịch",
                    at=received + dt.timedelta(minutes=20),
                    step_due_at=received + dt.timedelta(days=2),
                    result="Trước hạn",
                    from_person="Nguyễn Thị Lan",
                    to_person="Lê Minh Tâm",
                ),
                HandOver(
                    from_unit="Công chức Tư pháp - Hộ tịch",
                    to_unit="Lãnh đạo UBND thị trấn",
                    at=received + dt.timedelta(days=1, hours=2),
                    step_due_at=received + dt.timedelta(days=2, hours=4),
                    result="Đúng hạn",
                    note="Trình ký",
                ),
            ),
        )
    if kind is FormKind.TRACKING_BOOK:
        return TrackingBookContext(
            agency=agency(),
            unit_name="Bộ phận Một cửa thị trấn Phú Mỹ",
            period_from=accepted_on.replace(day=1),
            period_to=accepted_on,
            volume="01",
            rows=tuple(
                TrackingRow(
                    dossier_code=dossier_code(accepted_on)[:-1] + str(index),
                    procedure_name="Đăng ký khai sinh",
                    applicant_name=APPLICANT_NAME_NFD if index == 7 else "Trần Văn Bình",
                    applicant_address="Ấp Trung 1, thị trấn Phú Mỹ",
                    applicant_phone="0912 345 678",
                    lead_unit="UBND thị trấn Phú Mỹ",
                    received_at=received,
                    due_at=due,
                    forwarded_on=accepted_on,
                    result_received_on=accepted_on + dt.timedelta(days=2),
                    returned_on=accepted_on + dt.timedelta(days=3),
                )
                for index in range(1, 8)
            ),
            issued_on=accepted_on,
        )
    raise AssertionError(kind)


def fee_receipt() -> FeeReceiptContext:
    return FeeReceiptContext(
        agency=agency(),
        receipt_number="0000123",
        series="AG-26",
        payer=applicant(),
        dossier_code=dossier_code(dt.date(2026, 1, 5)),
        lines=(
            FeeLine(
                description="Chứng thực bản sao từ bản chính",
                quantity_note="10 bản",
                kind="Lệ phí",
                amount=1_600_000,
            ),
            FeeLine(description="Chứng thực chữ ký", kind="Lệ phí", amount=50_000),
            FeeLine(description="Cấp bản sao trích lục", kind="Lệ phí", amount=2_000),
        ),
        method=PaymentMethod.CASH,
        issued_on=dt.date(2026, 1, 5),
        collector_name="Nguyễn Thị Lan",
    )
