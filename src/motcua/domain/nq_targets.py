"""NQ 01/NQ-CP and 02/NQ-CP targets as dated data, judged "Đạt / Không đạt" on the same measures.

Each target names a measure of domain/indicators.py (one definition per indicator) and the dates
it is in force; the period's last day picks the targets. Only the targets that one-stop records
can measure are listed (not: hospital fee payment, business-regulation portal, office documents
on the network — docs/indicators.md). Later years' targets are not verified: add them as rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from motcua.domain.indicators import (
    NO_DATA,
    NOT_ARISEN,
    IndicatorInputs,
    Ratio,
    percent,
    round_points,
)
from motcua.domain.vnformat import format_number

NQ01_2024 = "Nghị quyết số 01/NQ-CP ngày 05/01/2024 của Chính phủ"
NQ02_2024 = "Nghị quyết số 02/NQ-CP ngày 05/01/2024 của Chính phủ"
TARGET_SOURCE_2024 = (
    "Chỉ tiêu năm 2024 theo Công văn 221/VPCP-KSTT ngày 10/01/2024, như Báo cáo 451/BC-UBND "
    "(24/5/2024) mục 16 trích"
)  # printed: the article numbers are not yet checked against the resolution's original text


@dataclass(frozen=True)
class Target:
    document: str
    row: str
    name: str
    measure: str
    threshold: Decimal  # percent
    at_least: bool  # "Tối thiểu X" (True) or "X" (exactly: 100%)
    valid_from: dt.date
    valid_to: dt.date
    source: str = TARGET_SOURCE_2024

    @property
    def wording(self) -> str:
        number = format_number(self.threshold)
        return f"Tối thiểu {number}%" if self.at_least else f"{number}%"


_Y24 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
_ROWS_2024 = (  # (document, row, measure, threshold %, "tối thiểu", name)
    (NQ01_2024, "1", "full_online_services", 80, True,
     "Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình trên tổng số TTHC có đủ điều kiện"),
    (NQ01_2024, "2", "paid_online", 45, True,
     "Tỷ lệ thanh toán trực tuyến trên tổng số giao dịch thanh toán của dịch vụ công"),
    (NQ01_2024, "3", "online_dossiers", 50, True,
     "Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ tiếp nhận, giải quyết TTHC"),
    (NQ01_2024, "4", "digitised", 80, True,
     "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC"),
    (NQ01_2024, "6", "synced", 100, False,
     "Tỷ lệ kết quả xử lý hồ sơ TTHC được đồng bộ đầy đủ trên Cổng DVCQG"),
    (NQ02_2024, "II.1", "full_online_services", 80, True,
     "Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình trên tổng số TTHC có đủ điều kiện"),
    (NQ02_2024, "II.2", "paid_online", 45, True,
     "Tỷ lệ thanh toán trực tuyến trên tổng số giao dịch thanh toán của dịch vụ công"),
    (NQ02_2024, "II.3", "online_dossiers", 50, True,
     "Tỷ lệ hồ sơ trực tuyến trên tổng số hồ sơ tiếp nhận, giải quyết TTHC"),
    (NQ02_2024, "II.4", "digitised", 80, True,
     "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC"),
    (NQ02_2024, "II.5", "electronic_results", 100, False,
     "Tỷ lệ cấp kết quả giải quyết TTHC điện tử"),
    (NQ02_2024, "II.6", "e_certified", 100, False,
     "Tỷ lệ thực hiện chứng thực bản sao điện tử từ bản chính"),
    (NQ02_2024, "II.7", "reused", 50, True,
     "Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa"),
    (NQ02_2024, "II.9", "published_on_time", 100, False,
     "Tỷ lệ công bố, công khai TTHC đúng hạn"),
    (NQ02_2024, "II.10", "synced", 100, False,
     "Tỷ lệ kết quả xử lý hồ sơ TTHC được đồng bộ đầy đủ trên Cổng DVCQG"),
    (NQ02_2024, "II.11", "pakn_on_time", 100, False,
     "Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn"),
    (NQ02_2024, "II.12", "satisfaction", 90, True,
     "Mức độ hài lòng trong tiếp nhận, giải quyết TTHC"),
)  # fmt: skip
TARGETS = tuple(
    Target(doc, row, name, measure, Decimal(threshold), at_least, *_Y24)
    for doc, row, measure, threshold, at_least, name in _ROWS_2024
)
MET, NOT_MET = "Đạt", "Không đạt"


def targets_on(day: dt.date) -> tuple[Target, ...]:
    """The targets in force on `day` (the period's last day)."""
    return tuple(t for t in TARGETS if t.valid_from <= day <= t.valid_to)


@dataclass(frozen=True)
class TargetResult:
    target: Target
    ratio: Ratio | None
    rate: Fraction | None = None
    verdict: str = NO_DATA

    @property
    def percent(self) -> str:
        return percent(self.rate)


def judge(target: Target, inputs: IndicatorInputs) -> TargetResult:
    """Đạt when the rate as printed (2 decimals, half-up) reaches the target.

    A target of exactly 100% is met only by 100,00% (the printed figure), so that the verdict never
    contradicts the number beside it. Nothing to count: "Không phát sinh", except PAKN on time,
    which is met when there were none (as the QĐ 766 component).
    """
    ratio = inputs.get(target.measure)
    if ratio is None:
        return TargetResult(target, None)
    rate = ratio.rate
    if rate is None:
        if target.measure == "pakn_on_time":
            return TargetResult(target, ratio, None, MET)
        return TargetResult(target, ratio, None, NOT_ARISEN)
    printed = round_points(rate * 100)  # percent with 2 decimals, half-up
    return TargetResult(target, ratio, rate, MET if printed >= target.threshold else NOT_MET)
