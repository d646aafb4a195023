"""Satisfaction and PAKN figures for the QĐ 766 index (group "Mức độ hài lòng") and the
narrative report (section I.5). Grouped SQL queries; each period is [start, end], both days
included, in Vietnam time; comparisons at day level (as the II.06a counting policy).

Other code calls `satisfaction_summary(unit_ids, start, end)` and
`feedback_counts(unit_ids, start, end)` — keep the names and signatures.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion
from motcua.domain.feedback_rules import CRITERIA_KEYS, SATISFIED_POLICY, PetitionKind
from motcua.domain.vnformat import format_percent
from motcua.feedback.models import Petition, RatedOfficer, Rating, RatingAnswer

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
PAKN_POLICY = (
    "PAKN: tiếp nhận = mới trong kỳ + kỳ trước chuyển qua; đúng hạn khi ngày trả lời ≤ ngày hạn; "
    "quá hạn chưa trả lời khi ngày hạn < ngày cuối kỳ (pakn-date-level-v1)"
)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min), VN)
    after = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min), VN)
    return first, after


def _rate(numerator: int, denominator: int) -> Decimal | None:
    return None if denominator == 0 else Decimal(numerator) / Decimal(denominator)


@dataclass(frozen=True)
class GroupRate:
    key: str
    label: str
    rated: int
    satisfied: int

    @property
    def rate(self) -> Decimal | None:
        return _rate(self.satisfied, self.rated)

    @property
    def rate_text(self) -> str:
        """ "99,39%" (half-up), "—" when nothing was rated."""
        return format_percent(self.satisfied, self.rated)


@dataclass(frozen=True)
class SatisfactionSummary:
    """Ratings given in [start, end] for dossiers of the units. `rate` is a fraction (0–1),
    None when nothing was rated; `criteria` maps each item to {level: count}."""

    start: dt.date
    end: dt.date
    rated: int
    satisfied: int
    criteria: dict[str, dict[str, int]]
    by_unit: list[GroupRate] = field(default_factory=list)
    by_procedure: list[GroupRate] = field(default_factory=list)
    by_officer: list[GroupRate] = field(default_factory=list)
    policy: str = SATISFIED_POLICY

    @property
    def rate(self) -> Decimal | None:
        return _rate(self.satisfied, self.rated)

    @property
    def rate_text(self) -> str:
        """ "99,39%" (half-up), "—" when nothing was rated."""
        return format_percent(self.satisfied, self.rated)


def _groups(rows: Iterable[dict[str, Any]], key: str, label: str) -> list[GroupRate]:
    return [
        GroupRate(str(r[key]), str(r[label] or r[key]), int(r["rated"]), int(r["ok"])) for r in rows
    ]


def satisfaction_summary(
    unit_ids: Iterable[int], start: dt.date, end: dt.date
) -> SatisfactionSummary:
    """Counts rated, satisfied, the rate, the distribution per item, and the same by unit,
    procedure and officer (an officer's figures count each rating of a dossier they handled)."""
    first, after = _bounds(start, end)
    ratings = Rating.objects.filter(
        unit_id__in=list(unit_ids), rated_at__gte=first, rated_at__lt=after
    )
    totals = ratings.aggregate(rated=Count("pk"), ok=Count("pk", filter=Q(satisfied=True)))
    criteria: dict[str, dict[str, int]] = {key: {} for key in CRITERIA_KEYS}
    for row in (
        RatingAnswer.objects.filter(rating__in=ratings)
        .values("criterion", "level")
        .annotate(n=Count("pk"))
    ):
        criteria.setdefault(row["criterion"], {})[row["level"]] = row["n"]
    counts = {"rated": Count("pk"), "ok": Count("pk", filter=Q(satisfied=True))}
    by_unit = ratings.values("unit_id", "unit__name").annotate(**counts).order_by("unit__name")
    by_procedure = list(
        ratings.values("procedure__code").annotate(**counts).order_by("procedure__code")
    )
    names = dict(
        ProcedureVersion.objects.filter(
            procedure__code__in=[r["procedure__code"] for r in by_procedure]
        )
        .order_by("valid_from")
        .values_list("procedure__code", "name")
    )
    for row in by_procedure:
        row["procedure__name"] = names.get(row["procedure__code"], "")
    by_officer = (
        RatedOfficer.objects.filter(rating__in=ratings)
        .values("user_id", "user__full_name")
        .annotate(
            rated=Count("rating_id", distinct=True),
            ok=Count("rating_id", filter=Q(rating__satisfied=True), distinct=True),
        )
        .order_by("user__full_name", "user_id")
    )
    return SatisfactionSummary(
        start=start,
        end=end,
        rated=int(totals["rated"]),
        satisfied=int(totals["ok"]),
        criteria=criteria,
        by_unit=_groups(by_unit, "unit_id", "unit__name"),
        by_procedure=_groups(by_procedure, "procedure__code", "procedure__name"),
        by_officer=_groups(by_officer, "user_id", "user__full_name"),
    )


def feedback_counts(unit_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[str, Any]:
    """PAKN of the units for [start, end]: received (= received_new + carried_over),
    answered_on_time, answered_late, pending, pending_overdue (received = answered + pending),
    published (answered in the period and published by its end), by_kind (of received),
    answer_rated / answer_satisfied (answers rated in the period)."""
    first, after = _bounds(start, end)
    petitions = Petition.objects.filter(unit_id__in=list(unit_ids)).annotate(
        due_day=TruncDate("due_at", tzinfo=VN)
    )
    new = Q(received_at__gte=first, received_at__lt=after)
    carried = Q(received_at__lt=first) & (Q(answered_at__isnull=True) | Q(answered_at__gte=first))
    answered = Q(answered_at__gte=first, answered_at__lt=after)
    pending = (new | carried) & (Q(answered_at__isnull=True) | Q(answered_at__gte=after))
    rated = Q(answer_rated_at__gte=first, answer_rated_at__lt=after)
    figures = petitions.aggregate(
        received_new=Count("pk", filter=new),
        carried_over=Count("pk", filter=carried),
        answered_on_time=Count("pk", filter=answered & Q(on_time=True)),
        answered_late=Count("pk", filter=answered & Q(on_time=False)),
        pending=Count("pk", filter=pending),
        pending_overdue=Count("pk", filter=pending & Q(due_day__lt=end)),
        published=Count("pk", filter=answered & Q(published_at__lt=after)),
        answer_rated=Count("pk", filter=rated),
        answer_satisfied=Count("pk", filter=rated & Q(answer_satisfied=True)),
    )
    result: dict[str, Any] = {key: int(value) for key, value in figures.items()}
    result["received"] = result["received_new"] + result["carried_over"]
    by_kind = dict.fromkeys((kind.value for kind in PetitionKind), 0)
    for row in petitions.filter(new | carried).values("kind").annotate(n=Count("pk")):
        by_kind[row["kind"]] = int(row["n"])
    result["by_kind"] = by_kind
    result["policy"] = PAKN_POLICY
    return result
