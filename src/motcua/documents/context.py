"""What each official form needs, independent of any model.

Pure, frozen dataclasses: the dossier app builds one from its rows at the moment of the legal act
and hands it to the renderer; the bytes it gets back are stored unchanged. Every text field is
normalised to NFC on construction (input typed on a decomposing keyboard prints and compares the
same). Date-times may be naive (Vietnamese wall-clock time) or aware (converted to Vietnamese time
when printed). Nothing here reads the clock: the date printed on a form is ``issued_on``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import StrEnum
from typing import Any

from motcua.documents.formsets import FormDefinition, FormKind
from motcua.domain.text import nfc
from motcua.domain.vnformat import amount_in_words, format_money


def _normalised(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list | tuple):
        return tuple(_normalised(item) for item in value)
    return value


class _Normalised:
    """NFC for every str field (also inside tuples); lists become tuples (frozen means frozen)."""

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, field.name)
            normalised = _normalised(value)
            if normalised is not value:
                object.__setattr__(self, field.name, normalised)


# --- the parts --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class Agency(_Normalised):
    """The issuing body as NĐ 30/2020 prints it in the header's left column."""

    name: str  # "BỘ PHẬN MỘT CỬA" / "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG" (bold line)
    parent_name: str = ""  # "ỦY BAN NHÂN DÂN THỊ TRẤN PHÚ MỸ" (the line above it)
    place_name: str  # "Phú Mỹ" in "Phú Mỹ, ngày 05 tháng 01 năm 2026"
    name_in_text: str = ""  # "Ủy ban nhân dân thị trấn Phú Mỹ" in running text; default: name
    phone: str = ""

    @property
    def text_name(self) -> str:
        return self.name_in_text or self.name.capitalize()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Person(_Normalised):
    full_name: str
    salutation: str = "Ông/Bà"  # "Ông", "Bà", or "" for an organisation
    address: str = ""
    phone: str = ""
    email: str = ""
    personal_id: str = ""  # 12-digit personal identification number, or a tax code

    @property
    def addressed(self) -> str:
        """ "Ông/Bà Nguyễn Thị Ngọc Ánh" (how the letters address the applicant)."""
        return f"{self.salutation} {self.full_name}".strip()

    @property
    def pronoun(self) -> str:
        """ "Ông/Bà" in running text; an organisation is named again."""
        return self.salutation or self.full_name


@dataclasses.dataclass(frozen=True, kw_only=True)
class ComponentLine(_Normalised):
    """One paper of the dossier as the receipt lists it."""

    name: str
    copy_kind: str = "Bản chính"  # "Bản chính", "Bản sao", "Bản sao chứng thực", "Bản điện tử"
    count: int = 1


@dataclasses.dataclass(frozen=True, kw_only=True)
class SupplementItem(_Normalised):
    """One thing to add or complete, with why (Mẫu 02)."""

    name: str
    reason: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class HandOver(_Normalised):
    """One row of the control slip: who handed the dossier to whom, when, and how it went."""

    from_unit: str
    to_unit: str
    at: dt.datetime
    step_due_at: dt.datetime | None = None
    result: str = ""  # "Trước hạn" / "Đúng hạn" / "Quá hạn"; blank while the step is open
    note: str = ""
    from_person: str = ""
    to_person: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class TrackingRow(_Normalised):
    """One dossier in the tracking book (TT 01/2018 Mẫu 06, TT 03/2025 Mẫu 07)."""

    dossier_code: str
    procedure_name: str
    sets_count: int = 1
    applicant_name: str
    applicant_address: str = ""
    applicant_phone: str = ""
    lead_unit: str = ""  # cơ quan chủ trì giải quyết
    received_at: dt.datetime
    due_at: dt.datetime | None = None
    forwarded_on: dt.date | None = None  # chuyển hồ sơ đến cơ quan giải quyết
    result_received_on: dt.date | None = None  # nhận kết quả từ cơ quan giải quyết
    returned_on: dt.date | None = None  # trả kết quả cho tổ chức, cá nhân
    note: str = ""


class PaymentMethod(StrEnum):
    CASH = "cash"
    TRANSFER = "transfer"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return _METHOD_LABELS[self]


_METHOD_LABELS = {
    PaymentMethod.CASH: "Tiền mặt",
    PaymentMethod.TRANSFER: "Chuyển khoản",
    PaymentMethod.ONLINE: "Thanh toán trực tuyến",
}


@dataclasses.dataclass(frozen=True, kw_only=True)
class FeeLine(_Normalised):
    description: str  # "Chứng thực bản sao từ bản chính (3 trang)"
    kind: str = "Lệ phí"  # "Phí" or "Lệ phí": distinct legal kinds
    quantity_note: str = ""  # "3 trang × 2 bản"
    amount: int  # đồng, already computed by the fee rules


# --- one context per form ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class DossierForm(_Normalised):
    """What every dossier form carries: who issues it, about which dossier, and on which day."""

    agency: Agency
    dossier_code: str
    applicant: Person
    procedure_name: str
    issued_on: dt.date  # the date line "Phú Mỹ, ngày 05 tháng 01 năm 2026" and the PDF date


@dataclasses.dataclass(frozen=True, kw_only=True)
class ReceiptContext(DossierForm):
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

    components: tuple[ComponentLine, ...]
    sets_count: int = 1
    time_limit_text: str  # "05 ngày làm việc"
    received_at: dt.datetime
    due_at: dt.datetime
    result_delivery: str  # "Trung tâm Phục vụ hành chính công xã Phú Mỹ" / "Qua dịch vụ bưu chính"
    book_volume: str = ""  # Sổ theo dõi hồ sơ, quyển số
    book_number: str = ""  # số thứ tự
    officer_name: str
    status_url: str  # encoded in the QR code: the public status page of this dossier


@dataclasses.dataclass(frozen=True, kw_only=True)
class SupplementContext(DossierForm):
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (one complete list, "bổ sung một lần")."""

    items: tuple[SupplementItem, ...]
    contact_officer: str
    contact_phone: str
    officer_name: str  # signs as "Người hướng dẫn"


@dataclasses.dataclass(frozen=True, kw_only=True)
class RefusalContext(DossierForm):
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ."""

    reasons: tuple[str, ...]
    officer_name: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class LetterForm(DossierForm):
    """A letter signed by the head of the resolving agency (Mẫu 04, Mẫu 05 of TT 03/2025)."""

    document_number: str = ""  # "15/TB-UBND"; blank prints "Số: ……"
    signer_title: str  # "CHỦ TỊCH" / "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"
    signer_name: str
    recipients: tuple[str, ...] = ("Như trên", "Lưu: VT")


@dataclasses.dataclass(frozen=True, kw_only=True)
class ApologyContext(LetterForm):
    """Mẫu 04: apology and new date (TT 01/2018) / apology and request to extend (TT 03/2025)."""

    received_at: dt.datetime
    time_limit_text: str
    reason: str
    original_due: dt.datetime
    new_due: dt.datetime


@dataclasses.dataclass(frozen=True, kw_only=True)
class StopContext(LetterForm):
    """Mẫu 05 of TT 03/2025: Thông báo dừng giải quyết hồ sơ (NĐ 118/2025 Art. 21)."""

    received_at: dt.datetime
    reason: str
    requested_on: dt.date | None = None  # the applicant's request to stop, if it came from them


@dataclasses.dataclass(frozen=True, kw_only=True)
class ControlSlipContext(DossierForm):
    """Phiếu kiểm soát quá trình giải quyết hồ sơ (TT 01/2018 Mẫu 05, TT 03/2025 Mẫu 06)."""

    received_at: dt.datetime
    due_at: dt.datetime
    lead_unit: str  # cơ quan (bộ phận) giải quyết hồ sơ
    cooperating_units: tuple[str, ...] = ()
    rows: tuple[HandOver, ...]
    min_rows: int = 4  # the slip travels with the paper dossier: blank rows to fill in by hand


@dataclasses.dataclass(frozen=True, kw_only=True)
class TrackingBookContext(_Normalised):
    """Sổ theo dõi hồ sơ for one unit and period (TT 01/2018 Mẫu 06, TT 03/2025 Mẫu 07)."""

    agency: Agency
    unit_name: str  # the desk or unit keeping the book
    period_from: dt.date
    period_to: dt.date
    volume: str = ""  # quyển số
    rows: tuple[TrackingRow, ...]
    issued_on: dt.date


@dataclasses.dataclass(frozen=True, kw_only=True)
class FeeReceiptContext(_Normalised):
    """A receipt for phí / lệ phí collected at the desk (not one of the one-stop forms)."""

    agency: Agency
    receipt_number: str  # gapless per unit and year, e.g. "0000123"
    series: str = ""  # ký hiệu biên lai, if the province prints one
    payer: Person
    dossier_code: str = ""
    lines: tuple[FeeLine, ...]
    method: PaymentMethod
    bank_reference: str = ""
    issued_on: dt.date
    collector_name: str

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def total_text(self) -> str:
        """ "1.652.000 đồng"."""
        return format_money(self.total)

    @property
    def total_in_words(self) -> str:
        """ "Một triệu sáu trăm năm mươi hai nghìn đồng"."""
        return amount_in_words(self.total)


FormContext = (
    ReceiptContext
    | SupplementContext
    | RefusalContext
    | ApologyContext
    | StopContext
    | ControlSlipContext
    | TrackingBookContext
)


CONTEXT_TYPES: dict[FormKind, type[FormContext]] = {
    FormKind.RECEIPT: ReceiptContext,
    FormKind.SUPPLEMENT: SupplementContext,
    FormKind.REFUSAL: RefusalContext,
    FormKind.APOLOGY: ApologyContext,
    FormKind.STOP: StopContext,
    FormKind.CONTROL_SLIP: ControlSlipContext,
    FormKind.TRACKING_BOOK: TrackingBookContext,
}


def check_context(form: FormDefinition, context: object) -> None:
    """A TypeError when the context is not the one the form needs (a receipt for a refusal)."""
    expected = CONTEXT_TYPES[form.kind]
    if not isinstance(context, expected):
        raise TypeError(
            f"form {form.key} ({form.kind}) needs a {expected.__name__}, "
            f"not a {type(context).__name__}"
        )
