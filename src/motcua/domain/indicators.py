"""QĐ 766/QĐ-TTg index and the NQ 01/NQ-CP, 02/NQ-CP targets: the definitions as data, the scoring.

One definition per indicator (`MEASURES`): a rate = numerator / denominator, both counted from the
records (reports/indicators.py gathers them by SQL). The QĐ 766 components (`COMPONENTS`) and the
NQ targets (`TARGETS`) only refer to measures by key, so the dashboard, the API and the reports
show the same figure for the same thing.

Scoring (docs/domain.md §9, "as Cổng DVCQG computes it, 2026", confidence M):
- score of a component = rate × its maximum points, rounded half-up to 0,01 point; a component
  made of several rates (online provision, online payment) takes their weighted mean (weights are
  data; equal weights are an assumption — the official weighting is not published);
- group score = sum of its components' rounded scores; total = sum of the group scores;
- no data source yet (`None`): "Chưa có dữ liệu" — not scored, its points are left out of the
  assessed maximum (the total is shown as score / 100 and score / assessed maximum);
- an empty denominator ("không phát sinh"): the component's `when_empty` rule — full marks
  (PAKN handled on time when there were none, as DVCQG does) or not assessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from math import floor

from motcua.domain.vnformat import format_number, format_percent

SOURCE_766 = (
    "QĐ 766/QĐ-TTg ngày 23/6/2022 (Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ "
    "người dân, doanh nghiệp theo thời gian thực); thành phần và điểm như Cổng DVCQG tính năm "
    "2026"
)  # printed on pages and reports: no internal reference (sources: docs/domain.md §9)
NO_DATA = "Chưa có dữ liệu"
NOT_ARISEN = "Không phát sinh"


class InputError(ValueError):
    """A rate whose numerator is negative or exceeds its denominator."""


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int

    def __post_init__(self) -> None:
        if self.denominator < 0 or not 0 <= self.numerator <= self.denominator:
            raise InputError(f"Tỷ lệ không hợp lệ: {self.numerator}/{self.denominator}.")

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    numerator: str
    denominator: str
    source: str


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure("published_on_time", "Tỷ lệ TTHC công bố đúng hạn", "TTHC công bố đúng hạn",
                "TTHC được công bố", "QĐ 766 CKMB PUBLISH_ON_TIME; NĐ 63/2010, NĐ 92/2017"),
        Measure("publicised", "Tỷ lệ TTHC được cập nhật, công khai đúng hạn",
                "TTHC công khai tại Bộ phận Một cửa và trên Cổng DVC",
                "TTHC áp dụng tại đơn vị", "QĐ 766 CKMB PUBLIC_UPDATE_ON_TIME"),
        Measure("content_full", "Tỷ lệ TTHC công khai đầy đủ nội dung",
                "TTHC có đủ thành phần hồ sơ, thời hạn, kết quả, căn cứ pháp lý",
                "TTHC áp dụng tại đơn vị", "QĐ 766 CKMB PUBLIC_CONTENT_FULL"),
        Measure("synced", "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG", "hồ sơ đã đồng bộ",
                "hồ sơ phát sinh", "QĐ 766 CKMB DOSSIER_SYNC; NĐ 118/2025 Điều 27.2.d"),
        Measure("on_time", "Tỷ lệ hồ sơ giải quyết đúng hạn",
                "hồ sơ giải quyết trước và đúng hạn, đang giải quyết trong hạn",
                "hồ sơ tiếp nhận (trong kỳ và kỳ trước chuyển sang, trừ hồ sơ dừng, rút)",
                "QĐ 766 TDGQ; cách đếm của Biểu II.06a (reports/ii06a.py)"),
        Measure("online_services", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến",
                "TTHC có dịch vụ công trực tuyến (toàn trình hoặc một phần)",
                "TTHC áp dụng tại đơn vị", "QĐ 766 ONLINE; NĐ 42/2022"),
        Measure("full_online_services", "Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình",
                "TTHC trực tuyến toàn trình",
                "TTHC có dịch vụ công trực tuyến (coi là đủ điều kiện)", "NQ 01, NQ 02 năm 2024"),
        Measure("online_dossiers", "Tỷ lệ hồ sơ trực tuyến",
                "hồ sơ nộp trực tuyến được tiếp nhận", "hồ sơ tiếp nhận trong kỳ",
                "QĐ 766 ONLINE; NQ 01, NQ 02 năm 2024"),
        Measure("paid_online", "Tỷ lệ thanh toán trực tuyến",
                "hồ sơ thanh toán trực tuyến", "hồ sơ có nghĩa vụ tài chính (phí, lệ phí)",
                "QĐ 766 TTTT; NĐ 45/2020 Điều 13; NQ 01, NQ 02 năm 2024"),
        Measure("procedures_paid_online", "Tỷ lệ TTHC có phát sinh thanh toán trực tuyến",
                "TTHC có hồ sơ thanh toán trực tuyến", "TTHC có hồ sơ thu phí, lệ phí",
                "QĐ 766 TTTT"),
        Measure("electronic_results", "Tỷ lệ hồ sơ có cấp kết quả điện tử",
                "hồ sơ có kết quả điện tử", "hồ sơ đã giải quyết trong kỳ",
                "QĐ 766 MDSH ORIGINAL_RESULT_AVAILABLE; NQ 02 năm 2024"),
        Measure("digitised", "Tỷ lệ hồ sơ thực hiện số hóa",
                "hồ sơ có thành phần được số hóa", "hồ sơ tiếp nhận trong kỳ",
                "QĐ 766 MDSH SO_HOA_GIAY_TO_GIAI_QUYET; NĐ 118/2025 Điều 16; NQ 01, NQ 02"),
        Measure("reused", "Tỷ lệ hồ sơ khai thác, sử dụng lại dữ liệu số hóa",
                "hồ sơ tái sử dụng dữ liệu số hóa", "hồ sơ tiếp nhận trong kỳ",
                "QĐ 766 MDSH REUSED_DIGITIZED_DATA; NQ 02 năm 2024"),
        Measure("shared_for_reuse", "Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ phục vụ tái sử dụng",
                "hồ sơ số hóa đã chia sẻ lên kho dữ liệu", "hồ sơ có thành phần số hóa",
                "QĐ 766 MDSH SYNCED_WITH_DVCQG_PERSONAL_STORAGE"),
        Measure("population_data_dossiers", "Tỷ lệ hồ sơ có sử dụng dữ liệu dân cư",
                "hồ sơ khai thác CSDLQG về dân cư", "hồ sơ tiếp nhận trong kỳ",
                "QĐ 766 MDSH CITIZEN_DATA_CONNECTED_DOSSIER"),
        Measure("population_data_procedures", "Tỷ lệ TTHC triển khai kết nối dữ liệu dân cư",
                "TTHC đã kết nối CSDLQG về dân cư", "TTHC áp dụng tại đơn vị",
                "QĐ 766 MDSH CITIZEN_DATA_CONNECTED_FORMALITY"),
        Measure("e_certified", "Tỷ lệ chứng thực bản sao điện tử từ bản chính",
                "hồ sơ chứng thực bản sao từ bản chính có cấp bản sao điện tử",
                "hồ sơ chứng thực bản sao từ bản chính", "QĐ 766 MDSH; NĐ 45/2020 Điều 10"),
        Measure("satisfaction", "Mức độ hài lòng trong tiếp nhận, giải quyết TTHC",
                "lượt đánh giá hài lòng", "lượt đánh giá", "QĐ 766 MDHL; NĐ 118/2025 Điều 33"),
        Measure("pakn_on_time", "Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn",
                "PAKN xử lý đúng hạn", "PAKN đã xử lý hoặc đã quá hạn",
                "QĐ 766 MDHL; NĐ 20/2008"),
        Measure("pakn_satisfaction", "Tỷ lệ hài lòng về xử lý phản ánh, kiến nghị",
                "lượt đánh giá hài lòng", "lượt đánh giá việc xử lý PAKN", "QĐ 766 MDHL"),
    )
}  # fmt: skip


class WhenEmpty(StrEnum):
    FULL_MARKS = "full_marks"  # không phát sinh: đạt điểm tối đa
    NOT_ASSESSED = "not_assessed"  # không phát sinh: không chấm, không tính vào điểm tối đa


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    max_points: int


@dataclass(frozen=True)
class Component:
    group: str
    code: str
    name: str
    max_points: int
    parts: tuple[tuple[str, int], ...]  # (measure key, weight)
    when_empty: WhenEmpty = WhenEmpty.NOT_ASSESSED
    note: str = ""


GROUPS = (
    Group("CKMB", "Công khai, minh bạch", 18),
    Group("TDGQ", "Tiến độ giải quyết", 20),
    Group("DVTT", "Cung cấp dịch vụ trực tuyến", 22),
    Group("MDHL", "Mức độ hài lòng", 18),
    Group("MDSH", "Số hóa hồ sơ", 22),
)
_E = WhenEmpty
COMPONENTS = (
    Component("CKMB", "PUBLISH_ON_TIME", "TTHC công bố đúng hạn", 6, (("published_on_time", 1),)),
    Component("CKMB", "PUBLIC_UPDATE_ON_TIME", "TTHC cập nhật, công khai đúng hạn", 4,
              (("publicised", 1),), note="Chưa lưu ngày niêm yết: tính TTHC đang công khai ở "
              "cả hai nơi vào cuối kỳ."),
    Component("CKMB", "PUBLIC_CONTENT_FULL", "TTHC công khai đầy đủ nội dung", 2,
              (("content_full", 1),)),
    Component("CKMB", "DOSSIER_SYNC", "Hồ sơ đồng bộ lên Cổng DVCQG", 6, (("synced", 1),)),
    Component("TDGQ", "ON_TIME", "Hồ sơ giải quyết đúng hạn", 20, (("on_time", 1),)),
    Component("DVTT", "ONLINE", "Cung cấp dịch vụ trực tuyến, hồ sơ trực tuyến", 12,
              (("online_services", 1), ("online_dossiers", 1)),
              note="Trung bình cộng hai tỷ lệ (trọng số chưa được công bố chính thức)."),
    Component("DVTT", "ONLINE_PAYMENT", "Thanh toán trực tuyến", 10,
              (("paid_online", 1), ("procedures_paid_online", 1)),
              note="Trung bình cộng hai tỷ lệ (trọng số chưa được công bố chính thức)."),
    Component("MDHL", "DOSSIER_SATISFACTION", "Hài lòng trong tiếp nhận, giải quyết TTHC", 6,
              (("satisfaction", 1),)),
    Component("MDHL", "PAKN_ON_TIME", "PAKN được xử lý đúng hạn", 6, (("pakn_on_time", 1),),
              _E.FULL_MARKS, "Không có PAKN: đạt điểm tối đa (như Cổng DVCQG)."),
    Component("MDHL", "PAKN_SATISFACTION", "Hài lòng về xử lý PAKN", 6,
              (("pakn_satisfaction", 1),)),
    Component("MDSH", "ELECTRONIC_RESULT", "Cấp kết quả điện tử", 6,
              (("electronic_results", 1),)),
    Component("MDSH", "DIGITISED", "Hồ sơ được số hóa", 4, (("digitised", 1),)),
    Component("MDSH", "REUSED", "Khai thác, sử dụng lại dữ liệu số hóa", 2, (("reused", 1),)),
    Component("MDSH", "SHARED_FOR_REUSE", "Dữ liệu số hóa được chia sẻ để tái sử dụng", 4,
              (("shared_for_reuse", 1),)),
    Component("MDSH", "POPULATION_DATA_DOSSIERS", "Hồ sơ sử dụng dữ liệu dân cư", 2,
              (("population_data_dossiers", 1),)),
    Component("MDSH", "POPULATION_DATA_PROCEDURES", "TTHC kết nối dữ liệu dân cư", 2,
              (("population_data_procedures", 1),)),
    Component("MDSH", "E_CERTIFIED_COPY", "Chứng thực bản sao điện tử", 2,
              (("e_certified", 1),)),
)  # fmt: skip


@dataclass
class IndicatorInputs:
    """The counts of every measure for one unit and period; None = no data source yet.

    reports/indicators.gather_inputs fills what the records hold; the sources being built
    elsewhere (ratings, PAKN, sync with Cổng DVCQG) are wired with one line each.
    """

    published_on_time: Ratio | None = None
    publicised: Ratio | None = None
    content_full: Ratio | None = None
    synced: Ratio | None = None
    on_time: Ratio | None = None
    online_services: Ratio | None = None
    full_online_services: Ratio | None = None
    online_dossiers: Ratio | None = None
    paid_online: Ratio | None = None
    procedures_paid_online: Ratio | None = None
    electronic_results: Ratio | None = None
    digitised: Ratio | None = None
    reused: Ratio | None = None
    shared_for_reuse: Ratio | None = None
    population_data_dossiers: Ratio | None = None
    population_data_procedures: Ratio | None = None
    e_certified: Ratio | None = None
    satisfaction: Ratio | None = None
    pakn_on_time: Ratio | None = None
    pakn_satisfaction: Ratio | None = None
    figures: dict[str, int] = field(default_factory=dict)  # counts and amounts shown beside

    def get(self, key: str) -> Ratio | None:
        if key not in MEASURES:
            raise KeyError(key)
        value: Ratio | None = getattr(self, key)
        return value


Inputs = IndicatorInputs


class Status(StrEnum):
    SCORED = "scored"
    NO_DATA = "no_data"
    NOT_ARISEN = "not_arisen"


def percent(rate: Fraction | None, decimals: int = 2) -> str:
    """Fraction(1642, 1652) → "99,39%" (half-up, vnformat); None → "—"."""
    if rate is None:
        return "—"
    return format_percent(rate.numerator, rate.denominator, decimals)


def round_points(value: Fraction) -> Decimal:
    """Half-up to 0,01 point (value ≥ 0)."""
    return Decimal(floor(value * 100 + Fraction(1, 2))) / 100


@dataclass(frozen=True)
class ComponentScore:
    component: Component
    status: Status
    rate: Fraction | None
    score: Decimal | None
    ratios: tuple[tuple[str, Ratio | None], ...]

    @property
    def percent(self) -> str:
        return percent(self.rate)

    @property
    def label(self) -> str:
        if self.status is Status.NO_DATA:
            return NO_DATA
        if self.status is Status.NOT_ARISEN:
            return NOT_ARISEN
        return f"{format_number(self.score or 0, 2)} / {self.component.max_points}"


def score_component(component: Component, inputs: Inputs) -> ComponentScore:
    ratios = tuple((key, inputs.get(key)) for key, _ in component.parts)
    if any(ratio is None for _, ratio in ratios):
        return ComponentScore(component, Status.NO_DATA, None, None, ratios)
    weights = dict(component.parts)
    arisen = [(key, r.rate) for key, r in ratios if r is not None and r.rate is not None]
    if not arisen:
        if component.when_empty is WhenEmpty.FULL_MARKS:
            return ComponentScore(
                component, Status.SCORED, Fraction(1), Decimal(component.max_points), ratios
            )
        return ComponentScore(component, Status.NOT_ARISEN, None, None, ratios)
    total_weight = sum(weights[key] for key, _ in arisen)
    rate = sum((weights[key] * r for key, r in arisen), Fraction(0)) / total_weight
    score = round_points(rate * component.max_points)
    return ComponentScore(component, Status.SCORED, rate, score, ratios)


@dataclass(frozen=True)
class GroupScore:
    group: Group
    components: tuple[ComponentScore, ...]
    score: Decimal  # sum of the scored components
    assessed_max: int  # the maximum of the scored components

    @property
    def percent(self) -> str:
        return percent(Fraction(self.score) / self.assessed_max if self.assessed_max else None)


@dataclass(frozen=True)
class Index:
    groups: tuple[GroupScore, ...]
    total: Decimal
    assessed_max: int
    max_points: int = 100
    source: str = SOURCE_766


def score_index(inputs: Inputs) -> Index:
    groups = []
    for group in GROUPS:
        scored = tuple(score_component(c, inputs) for c in COMPONENTS if c.group == group.code)
        done = [s for s in scored if s.score is not None]
        groups.append(
            GroupScore(
                group,
                scored,
                sum((s.score for s in done if s.score is not None), Decimal(0)),
                sum(s.component.max_points for s in done),
            )
        )
    return Index(
        tuple(groups),
        sum((g.score for g in groups), Decimal(0)),
        sum(g.assessed_max for g in groups),
        sum(g.max_points for g in GROUPS),
    )
