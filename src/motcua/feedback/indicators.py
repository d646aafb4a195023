"""Satisfaction and PAKN figures for the QĐ 766 index (group "Mức độ hài lòng") and the
narrative report (section I.5). Grouped SQL queries; each period is [start, end], both days
included, in Vietnam time; comparisons at day level (as the II.06a counting policy).

Other code calls `satisfaction_summary(unit_ids, start, end)` and
`feedback_counts(unit_ids, start, end)` — keep the names and signatures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from motcua.catalog.models import ProcedureVersion
from motcua.core.sql import fetch_all, fetch_one, marks, moment
from motcua.domain.feedback_rules import CRITERIA_KEYS, SATISFIED_POLICY, PetitionKind
from motcua.domain.vnformat import format_percent
from motcua.domain.vntime import VN
from motcua.feedback.models import RatedOfficer, Rating, RatingAnswer

PAKN_POLICY = (
    "PAKN: tiếp nhận = mới trong kỳ + kỳ trước chuyển qua; đúng hạn khi ngày trả lời ≤ ngày hạn; "
    "quá hạn chưa trả lời khi ngày hạn < ngày cuối kỳ"
)  # printed as is: Vietnamese only (documented as pakn-date-level-v1)


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
    unit_ids = list(unit_ids)
    first, after = _bounds(start, end)
    ratings = Rating.objects.filter(unit_id__in=unit_ids, rated_at__gte=first, rated_at__lt=after)
    rated, satisfied = satisfaction_counts(unit_ids, start, end)
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
        rated=rated,
        satisfied=satisfied,
        criteria=criteria,
        by_unit=_groups(by_unit, "unit_id", "unit__name"),
        by_procedure=_groups(by_procedure, "procedure__code", "procedure__name"),
        by_officer=_groups(by_officer, "user_id", "user__full_name"),
    )


def satisfaction_counts(unit_ids: Iterable[int], start: dt.date, end: dt.date) -> tuple[int, int]:
    """(rated, satisfied): the ratings of the units given in [start, end] and how many of them
    are "satisfied" — the index's measure, one plain SQL statement (the query builder cost more
    than the query: docs/performance.md)."""
    units = list(unit_ids)
    if not units:
        return 0, 0
    first, after = _bounds(start, end)
    sql = f"""
        SELECT COUNT(*), COUNT(*) FILTER (WHERE satisfied = %s) FROM feedback_rating
        WHERE unit_id IN ({marks(units)}) AND rated_at >= %s AND rated_at < %s"""  # noqa: S608
    row = fetch_one(sql, [True, *units, moment(first), moment(after)])
    return int(row[0]), int(row[1])


def feedback_counts(unit_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[str, Any]:
    """PAKN of the units for [start, end]: received (= received_new + carried_over),
    answered_on_time, answered_late, pending, pending_overdue (received = answered + pending),
    published (answered in the period and published by its end), by_kind (of received),
    answer_rated / answer_satisfied (answers rated in the period).

    Plain SQL, two statements (the ORM version is the oracle in tests/feedback/test_summary.py).
    "Overdue" is at day level: the due day (Vietnam) before the period's last day, i.e. due
    before that day's 00:00 in Vietnam."""
    units = list(unit_ids)
    first, after = (moment(t) for t in _bounds(start, end))
    last_day = moment(timezone.make_aware(dt.datetime.combine(end, dt.time.min), VN))
    new, new_p = "(received_at >= %s AND received_at < %s)", [first, after]
    carried = "(received_at < %s AND (answered_at IS NULL OR answered_at >= %s))"
    carried_p = [first, first]
    received, received_p = f"({new} OR {carried})", [*new_p, *carried_p]
    pending = f"{received} AND (answered_at IS NULL OR answered_at >= %s)"
    pending_p = [*received_p, after]
    answered, answered_p = "(answered_at >= %s AND answered_at < %s)", [first, after]
    rated, rated_p = "(answer_rated_at >= %s AND answer_rated_at < %s)", [first, after]
    columns = [  # (name, condition, its parameters)
        ("received_new", new, new_p),
        ("carried_over", carried, carried_p),
        ("answered_on_time", f"{answered} AND on_time = %s", [*answered_p, True]),
        ("answered_late", f"{answered} AND on_time = %s", [*answered_p, False]),
        ("pending", pending, pending_p),
        ("pending_overdue", f"{pending} AND due_at < %s", [*pending_p, last_day]),
        ("published", f"{answered} AND published_at < %s", [*answered_p, after]),
        ("answer_rated", rated, rated_p),
        ("answer_satisfied", f"{rated} AND answer_satisfied = %s", [*rated_p, True]),
    ]
    result: dict[str, Any] = {name: 0 for name, _, _ in columns}
    by_kind = dict.fromkeys((kind.value for kind in PetitionKind), 0)
    if units:
        where = f"unit_id IN ({marks(units)})"
        counts = ", ".join(f"COUNT(*) FILTER (WHERE {condition})" for _, condition, _ in columns)
        row = fetch_one(
            f"SELECT {counts} FROM feedback_petition WHERE {where}",  # noqa: S608
            [*(value for _, _, values in columns for value in values), *units],
        )
        result = {name: int(n) for (name, _, _), n in zip(columns, row, strict=True)}
        for kind, n in fetch_all(
            f"SELECT kind, COUNT(*) FROM feedback_petition WHERE {where} AND {received} "  # noqa: S608
            "GROUP BY kind",
            [*units, *received_p],
        ):
            by_kind[kind] = int(n)
    result["received"] = result["received_new"] + result["carried_over"]
    result["by_kind"] = by_kind
    result["policy"] = PAKN_POLICY
    return result
