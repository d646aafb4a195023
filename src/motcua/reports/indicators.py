"""The QĐ 766 index and NQ targets of a unit and period, computed from the records by SQL.

`gather_inputs` is the ONE place where the inputs are counted (three aggregate queries: the II.06a
timeliness aggregation, the dossier flags, the unit's published procedures); the definitions and
the scoring are domain/indicators.py and domain/nq_targets.py. `compute` is what the dashboard,
the API, the command line and the narrative report use.

Which dossiers count (docs/indicators.md): the dossiers of the unit and the units under it
(`units_within`), each under the unit that resolved it; "received in the period" = accepted within
[start, end] (Vietnam days); "resolved in the period" = result within [start, end]; on time = the
II.06a counting policy (reports/ii06a.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Sum

from motcua.catalog.models import ProcedureKind, TimeUnit
from motcua.core.sql import day, fetch_one, marks
from motcua.domain.indicators import (
    MEASURES,
    Index,
    IndicatorInputs,
    Ratio,
    score_index,
)
from motcua.domain.nq_targets import TargetResult, judge, targets_on
from motcua.dossiers.models import Channel, Delivery, Dossier
from motcua.feedback.indicators import feedback_counts, satisfaction_counts
from motcua.payments.models import Payment, PaymentStatus
from motcua.portal.client import portal_settings
from motcua.portal.services import sync_counts
from motcua.reports.flags import CERTIFIED_COPY_PROCEDURES, period_flags
from motcua.reports.ii06a import POLICY_DATE_LEVEL, _bounds, counts_by_field
from motcua.reports.read import roots_of
from motcua.units.models import Unit
from motcua.units.tree import units_within

FIGURES = {
    "accepted": "Hồ sơ tiếp nhận trong kỳ",
    "accepted_counter": "— trực tiếp",
    "accepted_online": "— trực tuyến",
    "accepted_postal": "— qua bưu chính công ích",
    "carried_over": "Hồ sơ kỳ trước chuyển sang",
    "resolved": "Hồ sơ đã giải quyết",
    "resolved_early": "— trước hạn",
    "resolved_on_time": "— đúng hạn",
    "resolved_late": "— quá hạn",
    "pending_in_time": "Đang giải quyết trong hạn",
    "pending_overdue": "Đang giải quyết quá hạn",
    "closed": "Dừng, rút, kết thúc không có kết quả",
    "submitted_online": "Hồ sơ nộp trực tuyến (kể cả chưa tiếp nhận)",
    "submitted_full": "— trực tuyến toàn trình",
    "submitted_partial": "— trực tuyến một phần",
    "fees_online": "Phí, lệ phí thu trực tuyến (đồng)",
    "fees_online_dossiers": "— số hồ sơ",
    "fees_desk": "Phí, lệ phí thu tại Bộ phận Một cửa (đồng)",
    "fees_desk_dossiers": "— số hồ sơ",
    "e_certified_copies": "Bản sao điện tử đã chứng thực",
    "returned_by_post": "Kết quả trả qua bưu chính công ích",
    "published": "TTHC công khai tại đơn vị",
}


def timeliness_counts(
    unit_ids: Collection[int], start: dt.date, end: dt.date, source: str | None = None
) -> dict[str, int]:
    rows = counts_by_field(unit_ids, start, end, source)
    keys = ("c4", "c5", "c6", "c8", "c9", "c10", "c12", "c13", "closed")
    return {key: sum(int(row[key]) for row in rows) for key in keys}


def dossier_counts(
    unit_ids: Collection[int], start: dt.date, end: dt.date, source: str | None = None
) -> tuple[dict[str, int], tuple[int, int]]:
    """The dossier flags (`_dossier_flags`) and (synced, received) (`sync_counts`), from the
    summary (reports.FlagCell, reports/flags.py) or, with source "rows" (the oracle; the
    setting MOTCUA_REPORT_SOURCE) or a set of units that is not whole subtrees, from the rows."""
    source = source or getattr(settings, "MOTCUA_REPORT_SOURCE", "summary")
    if source not in ("rows", "summary"):
        raise ValueError(f"unknown report source {source!r}")
    scopes = roots_of(unit_ids) if source == "summary" else None
    if scopes is None:
        return _dossier_flags(unit_ids, start, end), sync_counts(unit_ids, start, end)
    counted = period_flags(scopes, start, end)
    synced = counted.pop("sync_sent")
    imported = counted.pop("sync_imported")
    if portal_settings().imported_as_synced:
        synced += imported
    return counted, (synced, counted["accepted"])


def _dossier_flags(unit_ids: Collection[int], start: dt.date, end: dt.date) -> dict[str, int]:
    """The row-level count (the oracle of reports/flags.py)."""
    first, after = _bounds(start, end)
    accepted = Q(accepted_at__gte=first, accepted_at__lt=after)
    resolved = Q(resolved_at__gte=first, resolved_at__lt=after)
    submitted = Q(received_at__gte=first, received_at__lt=after, channel=Channel.ONLINE)
    owed = Payment.objects.filter(
        dossier=OuterRef("pk"),
        amount__gt=0,
        status__in=[PaymentStatus.WAITING, PaymentStatus.PAID],
    )
    fee = Q(fees_collected__gt=0) | Q(owes=True)
    certified = Q(procedure_version__procedure__code__in=CERTIFIED_COPY_PROCEDURES)
    procedure = "procedure_version__procedure"
    data = (
        Dossier.objects.filter(competent_unit_id__in=unit_ids)
        .annotate(owes=Exists(owed))
        .aggregate(
            accepted=Count("pk", filter=accepted),
            accepted_online=Count("pk", filter=accepted & Q(channel=Channel.ONLINE)),
            accepted_counter=Count("pk", filter=accepted & Q(channel=Channel.COUNTER)),
            accepted_postal=Count("pk", filter=accepted & Q(channel=Channel.POSTAL)),
            digitised=Count("pk", filter=accepted & Q(has_digitised_components=True)),
            reused=Count("pk", filter=accepted & Q(has_reused_data=True)),
            with_fee=Count("pk", filter=accepted & fee),
            paid_online_n=Count("pk", filter=accepted & fee & Q(paid_online=True)),
            procedures_with_fee=Count(procedure, distinct=True, filter=accepted & fee),
            procedures_paid_online=Count(
                procedure, distinct=True, filter=accepted & fee & Q(paid_online=True)
            ),
            certified=Count("pk", filter=accepted & certified),
            e_certified=Count(
                "pk",
                filter=accepted
                & certified
                & (Q(e_certified_copies__gt=0) | Q(electronic_certified_copy=True)),
            ),
            e_copies=Sum("e_certified_copies", filter=accepted),
            fees_online=Sum("fees_collected", filter=accepted & Q(paid_online=True)),
            fees_online_dossiers=Count(
                "pk", filter=accepted & Q(paid_online=True, fees_collected__gt=0)
            ),
            fees_desk=Sum("fees_collected", filter=accepted & Q(paid_online=False)),
            fees_desk_dossiers=Count(
                "pk", filter=accepted & Q(paid_online=False, fees_collected__gt=0)
            ),
            resolved=Count("pk", filter=resolved),
            electronic_results=Count("pk", filter=resolved & Q(electronic_result=True)),
            returned_by_post=Count(
                "pk",
                filter=Q(returned_at__gte=first, returned_at__lt=after)
                & Q(result_delivery=Delivery.POST),
            ),
            submitted_online=Count("pk", filter=submitted),
            submitted_full=Count("pk", filter=submitted & Q(online_level="full")),
            submitted_partial=Count("pk", filter=submitted & Q(online_level="partial")),
        )
    )
    return {key: int(value or 0) for key, value in data.items()}


def _publications(unit_ids: Collection[int], end: dt.date) -> dict[str, int]:
    """The unit's published procedures, read in the version in force on the period's last day:
    published, publicised (at the desk and on the portal), content_full (components, a time
    limit, legal basis and results all given), online (full or partial), full_online.

    Plain SQL (core/sql.py; the ORM version is the oracle in tests/reports/test_indicators.py)."""
    units = list(unit_ids)
    if not units:
        return dict.fromkeys(PUBLICATION_FIGURES, 0)
    sql = f"""
        SELECT COUNT(*),
          COUNT(*) FILTER (WHERE p.at_desk = %s AND p.on_portal = %s),
          COUNT(*) FILTER (WHERE
            EXISTS (SELECT 1 FROM catalog_component c WHERE c.version_id = v.id)
            AND (v.time_limit_value > 0 OR v.time_limit_unit = %s)
            AND NOT (v.legal_basis = %s) AND NOT (v.result_types = %s)),
          COUNT(*) FILTER (WHERE v.online_level IN (%s, %s)),
          COUNT(*) FILTER (WHERE v.online_level = %s)
        FROM catalog_publication p
        JOIN catalog_procedure pr ON pr.id = p.procedure_id
        JOIN catalog_procedureversion v ON v.id = (
          SELECT u.id FROM catalog_procedureversion u
          WHERE u.procedure_id = p.procedure_id AND u.valid_from <= %s
          ORDER BY u.valid_from DESC LIMIT 1)
        WHERE pr.kind = %s AND p.unit_id IN ({marks(units)})"""  # noqa: S608
    params = [True, True, TimeUnit.SAME_DAY.value, "[]", "[]", "full", "partial", "full"]
    row = fetch_one(sql, [*params, day(end), ProcedureKind.PROCEDURE.value, *units])
    return {name: int(n) for name, n in zip(PUBLICATION_FIGURES, row, strict=True)}


PUBLICATION_FIGURES = ("published", "publicised", "content_full", "online", "full_online")


def gather_inputs(
    unit_ids: Collection[int], start: dt.date, end: dt.date, source: str | None = None
) -> IndicatorInputs:
    """Every input of the index and the targets for the dossiers of `unit_ids` in [start, end].

    Sources not built yet stay None ("Chưa có dữ liệu"): published_on_time, synced, satisfaction,
    pakn_on_time, pakn_satisfaction, shared_for_reuse, population_data_* (docs/indicators.md).
    """
    t = timeliness_counts(unit_ids, start, end, source)
    d, synced = dossier_counts(unit_ids, start, end, source)
    p = _publications(unit_ids, end)
    considered = t["c8"] + t["c9"] + t["c10"] + t["c12"] + t["c13"]  # (7) + (11)
    inputs = IndicatorInputs(
        publicised=Ratio(p["publicised"], p["published"]),
        content_full=Ratio(p["content_full"], p["published"]),
        on_time=Ratio(t["c8"] + t["c9"] + t["c12"], considered),
        online_services=Ratio(p["online"], p["published"]),
        full_online_services=Ratio(p["full_online"], p["online"]),
        online_dossiers=Ratio(d["accepted_online"], d["accepted"]),
        paid_online=Ratio(d["paid_online_n"], d["with_fee"]),
        procedures_paid_online=Ratio(d["procedures_paid_online"], d["procedures_with_fee"]),
        electronic_results=Ratio(d["electronic_results"], d["resolved"]),
        digitised=Ratio(d["digitised"], d["accepted"]),
        reused=Ratio(d["reused"], d["accepted"]),
        e_certified=Ratio(d["e_certified"], d["certified"]),
    )
    # Sources built in other apps are wired HERE, one line each, a Ratio for `unit_ids` and
    # [start, end] (docs/indicators.md).
    inputs.synced = Ratio(*synced)
    rated, satisfied = satisfaction_counts(unit_ids, start, end)
    inputs.satisfaction = Ratio(satisfied, rated)
    pakn = feedback_counts(unit_ids, start, end)
    handled = pakn["answered_on_time"] + pakn["answered_late"] + pakn["pending_overdue"]
    inputs.pakn_on_time = Ratio(pakn["answered_on_time"], handled)
    inputs.pakn_satisfaction = Ratio(pakn["answer_satisfied"], pakn["answer_rated"])
    inputs.figures = {
        **{key: d[key] for key in FIGURES if key in d},
        "carried_over": t["c6"],
        "resolved_early": t["c8"],
        "resolved_on_time": t["c9"],
        "resolved_late": t["c10"],
        "pending_in_time": t["c12"],
        "pending_overdue": t["c13"],
        "closed": t["closed"],
        "published": p["published"],
        "e_certified_copies": d["e_copies"],
    }
    return inputs


def _ratio_json(ratio: Ratio | None) -> dict[str, int] | None:
    return (
        None if ratio is None else {"numerator": ratio.numerator, "denominator": ratio.denominator}
    )


@dataclass
class IndicatorReport:
    unit: Unit
    start: dt.date
    end: dt.date
    inputs: IndicatorInputs
    index: Index
    targets: list[TargetResult]
    policy: str = POLICY_DATE_LEVEL

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": {"code": self.unit.code, "name": self.unit.name},
            "period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
            "policy": self.policy,
            "measures": {
                key: {
                    "name": m.name,
                    "numerator_name": m.numerator,
                    "denominator_name": m.denominator,
                    "value": _ratio_json(self.inputs.get(key)),
                }
                for key, m in MEASURES.items()
            },
            "qd766": {
                "source": self.index.source,
                "total": float(self.index.total),
                "max": self.index.max_points,
                "assessed_max": self.index.assessed_max,
                "groups": [
                    {
                        "code": g.group.code,
                        "name": g.group.name,
                        "max": g.group.max_points,
                        "assessed_max": g.assessed_max,
                        "score": float(g.score),
                        "rate": g.percent,
                        "components": [
                            {
                                "code": c.component.code,
                                "name": c.component.name,
                                "max": c.component.max_points,
                                "status": c.status.value,
                                "rate": c.percent,
                                "score": None if c.score is None else float(c.score),
                                "label": c.label,
                                "measures": [key for key, _ in c.component.parts],
                            }
                            for c in g.components
                        ],
                    }
                    for g in self.index.groups
                ],
            },
            "targets": [
                {
                    "document": r.target.document,
                    "row": r.target.row,
                    "name": r.target.name,
                    "measure": r.target.measure,
                    "target": r.target.wording,
                    "result": r.percent,
                    "verdict": r.verdict,
                    "source": r.target.source,
                }
                for r in self.targets
            ],
            "figures": self.inputs.figures,
        }


def compute(unit: Unit, start: dt.date, end: dt.date, source: str | None = None) -> IndicatorReport:
    """The index and targets of `unit` and the units under it for [start, end]."""
    inputs = gather_inputs(units_within(unit), start, end, source)
    return IndicatorReport(
        unit, start, end, inputs, score_index(inputs), [judge(t, inputs) for t in targets_on(end)]
    )
