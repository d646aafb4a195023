"""The two official form sets as dated data with their legal source.

- TT 01/2018/TT-VPCP (guidance for NĐ 61/2018/NĐ-CP): six forms, Mẫu 01–06; for dossiers accepted
  before TT 03/2025 takes effect, including those accepted under NĐ 118/2025 from 01/7/2025 to
  14/9/2025: NĐ 118/2025 has no forms of its own, and the forms then in use were the 2018 ones.
- TT 03/2025/TT-VPCP, Phụ lục I (guidance for NĐ 118/2025/NĐ-CP): seven forms, Mẫu 01–07, adding
  the notice of stopping (Mẫu 05); for dossiers accepted from the day the circular takes effect,
  15/9/2025 (the day it was signed; a secondary source reports the forms apply "từ ngày
  15/9/2025": M, the circular's article on its entry into force was not read).

The set is chosen by the date the dossier was **accepted**, so a reprint of an old dossier's form
keeps the old set. The titles are H (several implementations and a secondary source for TT 03/2025);
the field layout is M (reconstructed; see ``SOURCE`` of each set).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from enum import StrEnum

from motcua.domain.vnformat import nd30_date


class FormKind(StrEnum):
    RECEIPT = "receipt"
    SUPPLEMENT = "supplement"
    REFUSAL = "refusal"
    APOLOGY = "apology"
    STOP = "stop"
    CONTROL_SLIP = "control_slip"
    TRACKING_BOOK = "tracking_book"


@dataclasses.dataclass(frozen=True)
class PageSize:
    """A paper size with its margins (mm). A4 uses NĐ 30/2020's margins."""

    name: str  # CSS page name: "A4", "A5"
    landscape: bool
    margin_top: float = 20
    margin_bottom: float = 20
    margin_left: float = 30
    margin_right: float = 15

    @property
    def css(self) -> str:
        return f"{self.name} {'landscape' if self.landscape else 'portrait'}"

    @property
    def width_mm(self) -> float:
        short, long = _SIZES_MM[self.name]
        return long if self.landscape else short

    @property
    def height_mm(self) -> float:
        short, long = _SIZES_MM[self.name]
        return short if self.landscape else long


_SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0)}

A4_PORTRAIT = PageSize("A4", landscape=False)
A4_LANDSCAPE = PageSize("A4", landscape=True)
# A5 slips (fee receipts, and receipts where a province prints them small): narrower margins.
A5_LANDSCAPE = PageSize(
    "A5", landscape=True, margin_top=12, margin_bottom=12, margin_left=20, margin_right=12
)
A5_PORTRAIT = PageSize(
    "A5", landscape=False, margin_top=12, margin_bottom=12, margin_left=15, margin_right=10
)
# Every form is A4 portrait (the circulars' size) except the tracking book, a wide table. A province
# that prints receipts on A5 passes pages={FormKind.RECEIPT: A5_PORTRAIT} when building its set.
DEFAULT_PAGES: Mapping[FormKind, PageSize] = {FormKind.TRACKING_BOOK: A4_LANDSCAPE}


@dataclasses.dataclass(frozen=True)
class FormDefinition:
    set_code: str  # "TT01_2018" / "TT03_2025"
    kind: FormKind
    number: str  # "01"
    title: str  # sentence case, as the circular lists it
    template: str
    page: PageSize
    caption: str  # "Mẫu số 01 (Ban hành kèm theo Thông tư số …)"
    legal_reference: str

    @property
    def heading(self) -> str:
        """The title as printed: upper case, bold, centred."""
        return self.title.upper()

    @property
    def key(self) -> str:
        """A stable name for storage: "TT03_2025/01"."""
        return f"{self.set_code}/{self.number}"


@dataclasses.dataclass(frozen=True)
class FormSet:
    code: str
    instrument: str  # "Thông tư số 01/2018/TT-VPCP"
    issuer: str
    issued_on: dt.date
    effective_from: dt.date
    applies_from: dt.date  # dossiers accepted on or after this date use this set …
    applies_until: dt.date | None  # … up to and including this date
    implements: str
    desk_label: str  # what the set calls the desk: renamed "Bộ phận Một cửa" by NĐ 118/2025
    source: str
    forms: Mapping[FormKind, FormDefinition]

    def form(self, kind: FormKind | str) -> FormDefinition:
        kind = FormKind(kind)
        try:
            return self.forms[kind]
        except KeyError:
            raise FormNotInSetError(kind, self) from None


class FormNotInSetError(LookupError):
    """The form does not exist in the set that applies (the stop notice before TT 03/2025)."""

    def __init__(self, kind: FormKind, form_set: FormSet) -> None:
        self.kind = kind
        self.form_set = form_set
        super().__init__(
            f"{form_set.instrument} không có mẫu '{kind}': "
            + _MISSING_REASONS.get(kind, "mẫu này không thuộc bộ biểu mẫu đó.")
        )


_MISSING_REASONS = {
    FormKind.STOP: "Thông báo dừng giải quyết hồ sơ chỉ có từ Thông tư số 03/2025/TT-VPCP "
    "(Mẫu số 05), áp dụng cho hồ sơ tiếp nhận từ ngày 01/7/2025."
}


def _form_set(
    *,
    code: str,
    instrument: str,
    issuer: str,
    issued_on: dt.date,
    effective_from: dt.date,
    applies_from: dt.date,
    applies_until: dt.date | None,
    implements: str,
    desk_label: str,
    source: str,
    appendix: str,
    forms: list[tuple[FormKind, str, str, str]],
    pages: Mapping[FormKind, PageSize] | None = None,
) -> FormSet:
    pages = {**DEFAULT_PAGES, **(pages or {})}
    attached = f"Ban hành kèm theo {instrument} {nd30_date(issued_on)} của {issuer}"
    definitions = {
        kind: FormDefinition(
            set_code=code,
            kind=kind,
            number=number,
            title=title,
            template=f"documents/{template}.html",
            page=pages.get(kind, A4_PORTRAIT),
            caption=f"Mẫu số {number}\n({attached})",
            legal_reference=f"Mẫu số {number} {appendix}{attached[0].lower()}{attached[1:]}",
        )
        for kind, number, title, template in forms
    }
    return FormSet(
        code=code,
        instrument=instrument,
        issuer=issuer,
        issued_on=issued_on,
        effective_from=effective_from,
        applies_from=applies_from,
        applies_until=applies_until,
        implements=implements,
        desk_label=desk_label,
        source=source,
        forms=definitions,
    )


APOLOGY_2025 = "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết"
ND_118_IN_FORCE = dt.date(2025, 7, 1)  # NĐ 118/2025/NĐ-CP replaces NĐ 61/2018 and NĐ 107/2021
TT_03_2025_IN_FORCE = dt.date(2025, 9, 15)  # the day TT 03/2025/TT-VPCP takes effect (M, see above)
SWITCH_DATE = TT_03_2025_IN_FORCE  # the first day of acceptance that takes the 2025 set

TT_01_2018 = _form_set(
    code="TT01_2018",
    instrument="Thông tư số 01/2018/TT-VPCP",
    issuer="Văn phòng Chính phủ",
    issued_on=dt.date(2018, 11, 23),
    effective_from=dt.date(2019, 1, 8),
    applies_from=dt.date(2019, 1, 8),  # earlier dossiers fall back to this set too
    applies_until=SWITCH_DATE - dt.timedelta(days=1),
    implements="Nghị định số 61/2018/NĐ-CP (sửa đổi bởi Nghị định số 107/2021/NĐ-CP)",
    desk_label="Bộ phận tiếp nhận và trả kết quả",
    source=(
        "Titles H: printed by several implementations as 'Mẫu số 0x, ban hành kèm theo Thông tư số "
        "01/2018/TT-VPCP'. Fields M: reconstructed from public print templates "
        "(shared/research/domain-vn.md §3.1); effective date M. Check against the original."
    ),
    appendix="",
    forms=[
        (FormKind.RECEIPT, "01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "receipt"),
        (FormKind.SUPPLEMENT, "02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "supplement"),
        (FormKind.REFUSAL, "03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "refusal"),
        (FormKind.APOLOGY, "04", "Phiếu xin lỗi và hẹn lại ngày trả kết quả", "apology_2018"),
        (FormKind.CONTROL_SLIP, "05", "Phiếu kiểm soát quá trình giải quyết hồ sơ", "control_slip"),
        (FormKind.TRACKING_BOOK, "06", "Sổ theo dõi hồ sơ", "tracking_book"),
    ],
)

TT_03_2025 = _form_set(
    code="TT03_2025",
    instrument="Thông tư số 03/2025/TT-VPCP",
    issuer="Văn phòng Chính phủ",
    issued_on=dt.date(2025, 9, 15),
    effective_from=TT_03_2025_IN_FORCE,
    # The circular's forms apply from the day it takes effect; dossiers accepted from 01/7/2025
    # (NĐ 118/2025) until then keep the 2018 set that was in use (``TT_01_2018.applies_until``).
    applies_from=TT_03_2025_IN_FORCE,
    applies_until=None,
    implements="Nghị định số 118/2025/NĐ-CP",
    desk_label="Bộ phận Một cửa",
    source=(
        "Titles M: Phụ lục I as listed by a 2025 secondary source (thuviennhadat.vn) and the "
        "circular's preamble (hethongphapluat.com, 'Hà Nội, ngày 15 tháng 9 năm 2025'); in use "
        "'từ ngày 15/9/2025' per thuviennhadat.vn (M; the circular's own article on its entry "
        "into force not read); full text of the forms not read: fields follow the 2018 set plus "
        "NĐ 118/2025 (extension, stop)."
    ),
    appendix="Phụ lục I ",
    forms=[
        (FormKind.RECEIPT, "01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "receipt"),
        (FormKind.SUPPLEMENT, "02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "supplement"),
        (FormKind.REFUSAL, "03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "refusal"),
        (FormKind.APOLOGY, "04", APOLOGY_2025, "apology_2025"),
        (FormKind.STOP, "05", "Thông báo dừng giải quyết hồ sơ", "stop"),
        (FormKind.CONTROL_SLIP, "06", "Phiếu kiểm soát quá trình giải quyết hồ sơ", "control_slip"),
        (FormKind.TRACKING_BOOK, "07", "Sổ theo dõi hồ sơ", "tracking_book"),
    ],
)

FORM_SETS: tuple[FormSet, ...] = (TT_01_2018, TT_03_2025)  # oldest first


def form_set_by_code(code: str) -> FormSet:
    for form_set in FORM_SETS:
        if form_set.code == code:
            return form_set
    raise LookupError(f"unknown form set {code!r}")


def form_set_for(accepted_on: dt.date) -> FormSet:
    """The set for a dossier accepted on that day (before the first set: the first set)."""
    if isinstance(accepted_on, dt.datetime):
        raise TypeError("form_set_for takes the date of acceptance in Vietnam, not a datetime")
    chosen = FORM_SETS[0]
    for form_set in FORM_SETS:
        if form_set.applies_from <= accepted_on:
            chosen = form_set
    return chosen


def form_for(kind: FormKind | str, accepted_on: dt.date) -> FormDefinition:
    """The form definition; raises FormNotInSetError (a LookupError) for 'stop' before 01/7/2025."""
    return form_set_for(accepted_on).form(kind)


def form_by_key(key: str) -> FormDefinition:
    """The form stored under ``key`` ("TT03_2025/01"); a LookupError for an unknown key."""
    for form_set in FORM_SETS:
        for form in form_set.forms.values():
            if form.key == key:
                return form
    raise LookupError(f"unknown form {key!r}")
