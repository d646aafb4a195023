"""The narrative report's figures that come from other apps: the QĐ 766 index and the NQ
targets (reports.indicators.compute, the same definitions as the dashboard and the API) and the
PAKN counts (feedback.indicators.feedback_counts), mapped to the report's typed slots."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from motcua.control.narrative import FeedbackCounts, IndicatorLine, Indicators, IndicatorTable
from motcua.domain.feedback_rules import PetitionKind
from motcua.domain.vnformat import format_number
from motcua.feedback.indicators import feedback_counts
from motcua.reports.indicators import compute
from motcua.units.models import Unit
from motcua.units.tree import units_within


def indicators_for(unit: Unit, start: dt.date, end: dt.date) -> Indicators:
    report = compute(unit, start, end)
    index = report.index
    lines: list[IndicatorLine] = []
    for group in index.groups:
        lines.append(
            IndicatorLine(
                group.group.name,
                f"{format_number(group.score, 2)} / {group.group.max_points} điểm",
                note=f"tối đa có dữ liệu {group.assessed_max}",
            )
        )
        lines += [
            IndicatorLine(f"– {c.component.name}", c.percent, note=c.label)
            for c in group.components
        ]
    lines.append(
        IndicatorLine(
            "Tổng điểm QĐ 766",
            f"{format_number(index.total, 2)} / {index.max_points} điểm",
            note=f"tối đa có dữ liệu {index.assessed_max}",
        )
    )
    tables = tuple(
        IndicatorTable(
            f"Chỉ tiêu giao tại {document}",
            tuple(
                IndicatorLine(
                    f"{r.target.row}. {r.target.name}", r.percent, r.target.wording, r.verdict
                )
                for r in rows
            ),
        )
        for document, rows in groupby(report.targets, key=lambda r: r.target.document)
    )
    return Indicators(qd766=tuple(lines), resolutions=tables)


def feedback_for(unit: Unit, start: dt.date, end: dt.date) -> FeedbackCounts:
    counts = feedback_counts(units_within(unit), start, end)
    by_kind = counts["by_kind"]
    return FeedbackCounts(
        received_new=counts["received_new"],
        carried_over=counts["carried_over"],
        about_regulations=by_kind.get(PetitionKind.REGULATION.value, 0),
        about_behaviour=by_kind.get(PetitionKind.BEHAVIOUR.value, 0),
        handled=counts["answered_on_time"] + counts["answered_late"],
        published=counts["published"],
        pending=counts["pending"],
    )
