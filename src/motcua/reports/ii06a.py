"""Biểu II.06a/VPCP/KSTT computed by one SQL aggregation over the dossiers of a unit.

Counting policy POLICY_DATE_LEVEL ("theo ngày, hạn sau gia hạn"), as production systems count
(docs/domain.md §8; research/domain-vn.md §4.2):
- dates compared at day level in Vietnam time: acceptance (NgayTiepNhan), due (NgayHenTra — the
  extended one when extended), resolution (NgayKetThucXuLy);
- received in the period: accepted within [from, to] — online (4), counter or postal (5);
  carried over (6): accepted before `from` and neither resolved nor ended before `from`;
- resolved (7): resolution date within [from, to] — early (8) before the due date, on time (9)
  on it or without a due date, late (10) after it;
- pending (11): accepted by `to`, neither resolved nor ended by `to` — in time (12) when the due
  date ≥ `to` or there is none (waiting for a supplement), overdue (13) otherwise;
- never-accepted dossiers are excluded; dossiers ended without a result (withdrawn, stopped,
  closed) within the period form the `closed` line, so that (3) = (7) + (11) + closed.
Dates stored now are used (a due date moved after `to` by a restart is the moved one).

Two ways to count, equal by construction and by test: `aggregate` over the dossier rows (the
oracle, `source="rows"`) and the summary table kept by reports/maintain.py (`source="summary"`,
the default: settings.MOTCUA_REPORT_SOURCE).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from motcua.catalog.models import Level
from motcua.domain.report_checks import COLUMNS
from motcua.domain.vntime import VN
from motcua.dossiers.models import Channel, Dossier
from motcua.reports.read import summary_aggregate
from motcua.units.models import Unit
from motcua.units.tree import units_within

# Printed as is on every format: Vietnamese only (documented as date-level-v1).
POLICY_DATE_LEVEL = "Theo ngày; hạn trả sau gia hạn; chờ bổ sung tính trong hạn"
# Rows are grouped by the level of the procedure, in the form's order (Sở/ban ngành; Huyện; Xã).
LEVEL_ORDER = [
    Level.PROVINCE,
    Level.DISTRICT,
    Level.COMMUNE,
    Level.CENTRAL,
    Level.POLICE,
    Level.SOCIAL_INSURANCE,
]
LEVEL_NAMES = dict(Level.choices)


@dataclass
class Row:
    field_code: str
    field_name: str
    counts: dict[str, int] = field(default_factory=dict)
    level: str = Level.COMMUNE

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES.get(self.level, self.level)


@dataclass
class Report:
    unit: Unit
    start: dt.date
    end: dt.date
    policy: str
    rows: list[Row]
    total: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        """The exact JSON shape of issue 5."""
        return {
            "form": "II.06a/VPCP/KSTT",
            "unit": {"code": self.unit.code, "name": self.unit.name},
            "period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
            "policy": self.policy,
            "rows": [
                {
                    "field": {"code": r.field_code, "name": r.field_name},
                    "level": {"code": r.level, "name": r.level_name},
                    **{c: r.counts[c] for c in COLUMNS},
                }
                for r in self.rows
            ],
            "total": {c: self.total[c] for c in COLUMNS},
            "closed": self.total["closed"],
        }


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min), VN)
    after = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min), VN)
    return first, after


def aggregate(dossiers: QuerySet[Dossier], start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """One grouped query: one dict per field with c4…c13 and closed."""
    first, after = _bounds(start, end)
    online = Q(channel=Channel.ONLINE)
    in_period = Q(accepted_at__gte=first, accepted_at__lt=after)
    open_at_start = (
        Q(accepted_at__lt=first)
        & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=first))
        & (Q(ended_at__isnull=True) | Q(ended_at__gte=first))
    )
    resolved = Q(resolved_at__gte=first, resolved_at__lt=after)
    pending = (
        Q(accepted_at__lt=after)
        & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=after))
        & (Q(ended_at__isnull=True) | Q(ended_at__gte=after))
    )
    closed = Q(ended_at__gte=first, ended_at__lt=after, resolved_at__isnull=True)
    no_due = Q(due_at__isnull=True)
    rows = (
        dossiers.filter(accepted_at__isnull=False)
        .annotate(
            local_done=TruncDate("resolved_at", tzinfo=VN), local_due=TruncDate("due_at", tzinfo=VN)
        )
        .values(
            "procedure_version__field__code",
            "procedure_version__field__name",
            "procedure_version__field__report_order",
            "procedure_version__level",
        )
        .annotate(
            c4=Count("pk", filter=in_period & online),
            c5=Count("pk", filter=in_period & ~online),
            c6=Count("pk", filter=open_at_start),
            c8=Count("pk", filter=resolved & Q(local_done__lt=F("local_due"))),
            c9=Count("pk", filter=resolved & (Q(local_done=F("local_due")) | no_due)),
            c10=Count("pk", filter=resolved & Q(local_done__gt=F("local_due"))),
            c12=Count("pk", filter=pending & (Q(local_due__gte=end) | no_due)),
            c13=Count("pk", filter=pending & Q(local_due__lt=end)),
            closed=Count("pk", filter=closed),
        )
        .order_by("procedure_version__field__report_order", "procedure_version__field__code")
    )
    return list(rows)


SOURCES = ("summary", "rows")


def counts_by_field(
    unit_ids: Collection[int], start: dt.date, end: dt.date, source: str | None = None
) -> list[dict[str, Any]]:
    """`aggregate` of the dossiers of `unit_ids`, from the summary table or from the rows."""
    source = source or getattr(settings, "MOTCUA_REPORT_SOURCE", "summary")
    if source == "rows":
        return aggregate(Dossier.objects.filter(competent_unit_id__in=unit_ids), start, end)
    if source != "summary":
        raise ValueError(f"unknown report source {source!r}")
    counted = summary_aggregate(unit_ids, start, end)
    if counted is None:  # not whole subtrees: the summary counts by scope unit
        return aggregate(Dossier.objects.filter(competent_unit_id__in=unit_ids), start, end)
    return counted


def ii06a(unit: Unit, start: dt.date, end: dt.date, source: str | None = None) -> Report:
    """The report of the dossiers resolved by the unit and the units under it, by field.

    Each dossier stays under the unit that held it (its competent unit), so a province's report
    for 2024 counts thị trấn Phú Mỹ's dossiers although that unit ended on 30/6/2025.
    """
    rows = []
    total = dict.fromkeys((*COLUMNS, "closed"), 0)

    def order(data: dict[str, Any]) -> tuple[int, int, str]:
        level = data["procedure_version__level"]
        rank = LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)
        field_order = data["procedure_version__field__report_order"]
        return rank, field_order, data["procedure_version__field__code"]

    for data in sorted(counts_by_field(units_within(unit), start, end, source), key=order):
        counts = {
            key: int(data[key])
            for key in ("c4", "c5", "c6", "c8", "c9", "c10", "c12", "c13", "closed")
        }
        counts["c3"] = counts["c4"] + counts["c5"] + counts["c6"]
        counts["c7"] = counts["c8"] + counts["c9"] + counts["c10"]
        counts["c11"] = counts["c12"] + counts["c13"]
        if not any(counts.values()):
            continue
        rows.append(
            Row(
                data["procedure_version__field__code"],
                data["procedure_version__field__name"],
                counts,
                data["procedure_version__level"],
            )
        )
        for key, value in counts.items():
            total[key] += value
    return Report(unit, start, end, POLICY_DATE_LEVEL, rows, total)
