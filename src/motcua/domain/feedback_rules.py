"""Citizen ratings and feedback (PAKN) rules, as dated data with their sources (pure).

Ratings — NĐ 118/2025/NĐ-CP Art. 33 (in force 01/7/2025) lists the nine items a citizen rates
after a dossier is resolved. The scale (Rất hài lòng / Hài lòng / Không hài lòng) is the one the
national portal and the provincial systems use (OpenCPS voting: very good / good / bad); the
decree text was not read for the scale (confidence M). The same nine items are applied to
dossiers resolved before 01/7/2025 (NĐ 61/2018 Art. 31 had the same list — an assumption, L).

Which rating counts as "satisfied" for the QĐ 766 index is not published: SATISFIED_POLICY names
our choice. PAKN answer deadline (NĐ 20/2008/NĐ-CP, as amended): not verified in the text
(research/domain-vn.md §4.3), so it is a named setting, PAKN_ANSWER_RULES, dated and documented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    DISSATISFIED = "dissatisfied"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]


LEVEL_LABELS = {
    Level.VERY_SATISFIED: "Rất hài lòng",
    Level.SATISFIED: "Hài lòng",
    Level.DISSATISFIED: "Không hài lòng",
    Level.NOT_APPLICABLE: "Không áp dụng",
}
SCALE = (Level.VERY_SATISFIED, Level.SATISFIED, Level.DISSATISFIED)


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    optional: bool = False  # may be answered "Không áp dụng" (e.g. no complaint was made)


@dataclass(frozen=True)
class RatingScheme:
    valid_from: dt.date
    source: str
    criteria: tuple[Criterion, ...]


NINE_CRITERIA = (
    Criterion("time", "Thời gian giải quyết so với thời gian hẹn trả"),
    Criterion("agencies", "Số lượng cơ quan, đơn vị, tổ chức phải liên hệ"),
    Criterion("contacts", "Số lần phải liên hệ với cơ quan để hoàn thiện hồ sơ"),
    Criterion("publicity", "Tính chính xác, đầy đủ của thông tin thủ tục được công khai"),
    Criterion("attitude", "Thái độ, tác phong của cán bộ, công chức"),
    Criterion("legality", "Kết quả đúng quy định, không phát sinh chi phí ngoài quy định"),
    Criterion("complaints", "Việc tiếp nhận, trả lời phản ánh, kiến nghị", optional=True),
    Criterion("online", "Chất lượng dịch vụ công trực tuyến", optional=True),
    Criterion("other", "Nội dung khác", optional=True),
)
SCHEMES = (
    RatingScheme(
        dt.date(2018, 4, 23),
        "NĐ 61/2018/NĐ-CP Điều 31 (giả định cùng chín nội dung; chưa đối chiếu)",
        NINE_CRITERIA,
    ),
    RatingScheme(dt.date(2025, 7, 1), "NĐ 118/2025/NĐ-CP Điều 33", NINE_CRITERIA),
)
CRITERIA_KEYS = tuple(c.key for c in NINE_CRITERIA)


def scheme_on(day: dt.date) -> RatingScheme:
    """The rating items in force on `day` (the earliest scheme for older days)."""
    current = SCHEMES[0]
    for scheme in SCHEMES:
        if scheme.valid_from <= day:
            current = scheme
    return current


class RatingInputError(ValueError):
    """A rating the scheme cannot take; the message is for the citizen."""


def check_answers(scheme: RatingScheme, answers: Mapping[str, str]) -> dict[str, Level]:
    """Every required item on the scale, optional ones on the scale or "không áp dụng"."""
    unknown = set(answers) - {c.key for c in scheme.criteria}
    if unknown:
        raise RatingInputError(
            f"Nội dung đánh giá không có trong phiếu: {', '.join(sorted(unknown))}."
        )
    checked: dict[str, Level] = {}
    for criterion in scheme.criteria:
        raw = (answers.get(criterion.key) or "").strip()
        if not raw:
            if not criterion.optional:
                raise RatingInputError(f"Chưa chọn mức đánh giá cho “{criterion.label}”.")
            raw = Level.NOT_APPLICABLE.value
        try:
            level = Level(raw)
        except ValueError:
            raise RatingInputError(f"Mức đánh giá “{raw}” không hợp lệ.") from None
        if level is Level.NOT_APPLICABLE and not criterion.optional:
            raise RatingInputError(f"“{criterion.label}” phải được đánh giá.")
        checked[criterion.key] = level
    return checked


SATISFIED_POLICY = (
    "Hài lòng khi không có nội dung nào “Không hài lòng” (rất hài lòng, hài lòng hoặc không "
    "áp dụng)"
)  # printed as is: Vietnamese only (the rule is documented as no-dissatisfied-v1)


def is_satisfied(levels: Mapping[str, Level]) -> bool:
    """SATISFIED_POLICY: satisfied unless some item is rated "Không hài lòng"."""
    return Level.DISSATISFIED not in levels.values()


class PetitionKind(StrEnum):
    REGULATION = "regulation"
    BEHAVIOUR = "behaviour"

    @property
    def label(self) -> str:
        return {
            PetitionKind.REGULATION: "Về quy định hành chính, thủ tục hành chính",
            PetitionKind.BEHAVIOUR: "Về hành vi hành chính (cán bộ, hồ sơ)",
        }[self]


@dataclass(frozen=True)
class AnswerRule:
    valid_from: dt.date
    working_days: int
    source: str


# Named setting PAKN_ANSWER_RULES: the time to answer a PAKN, in working days from receipt.
PAKN_ANSWER_RULES = (
    AnswerRule(
        dt.date(2008, 3, 15),
        10,
        "Thiết lập PAKN_ANSWER_RULES: 10 ngày làm việc kể từ ngày tiếp nhận (NĐ 20/2008/NĐ-CP, "
        "sửa đổi bởi NĐ 92/2017/NĐ-CP — thời hạn chưa đối chiếu văn bản gốc)",
    ),
)


def answer_rule_on(day: dt.date) -> AnswerRule:
    rules = [r for r in PAKN_ANSWER_RULES if r.valid_from <= day] or [PAKN_ANSWER_RULES[0]]
    return rules[-1]


def answered_on_time(answered: dt.date, due: dt.date) -> bool:
    """Date-level, as the II.06a counting policy: on the due day is on time."""
    return answered <= due
