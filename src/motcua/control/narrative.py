"""The narrative report (BÁO CÁO kết quả kiểm soát TTHC …) as one typed context, every figure
computed from the records; narrative_text.py turns it into paragraphs, narrative_render.py into
DOCX and PDF.

Figures and where they come from (docs/control-register.md):
- dossiers received / resolved / pending by class: reports.ii06a.ii06a — the annex's numbers;
- online levels: online submissions received in the period by Dossier.online_level (submissions
  not accepted are online services used but not dossiers received, so I.10 may exceed (4));
- postal returns: results returned in the period to dossiers that asked for delivery by post;
- fees: payments.services.totals_by_method for dossiers handled in motcua (cash and transfer at
  the desk, online), plus the fee flags of imported dossiers accepted in the period;
- electronic certification: dossiers resolved in the period with electronic certified copies;
- the register (plans, reviews, communication, inspections, initiatives, budget and equipment).
Two slots are optional and filled by other modules when present: ``indicators`` (QĐ 766 and the
NQ 01/02 tables) and ``feedback_counts`` (PAKN); without them the report says "chưa có dữ liệu".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum

from motcua.accounts.signers import head_of
from motcua.catalog.models import Publication
from motcua.control.models import (
    Communication,
    Initiative,
    Inspection,
    NarrativeDraft,
    Outcome,
    Plan,
    Resource,
    Review,
)
from motcua.dossiers.forms import place_name
from motcua.dossiers.models import Channel, Delivery, Dossier
from motcua.payments.models import Method
from motcua.payments.services import totals_by_method
from motcua.reports.ii06a import Report, _bounds, ii06a
from motcua.units.models import Unit
from motcua.units.tree import units_within


@dataclass(frozen=True)
class DossierFigures:
    received: int  # (3)
    online: int  # (4)
    counter_postal: int  # (5)
    carried_over: int  # (6)
    resolved: int  # (7)
    early: int  # (8)
    on_time: int  # (9)
    late: int  # (10)
    pending: int  # (11)
    pending_in_time: int  # (12)
    pending_late: int  # (13)
    closed: int  # ended without a result
    partly_online: int  # online submissions, "một phần" (mức độ 3)
    fully_online: int  # online submissions, "toàn trình" (mức độ 4)
    online_not_accepted: int  # of those, never accepted
    postal_returns: int
    e_certified_dossiers: int
    e_certified_copies: int
    fee_desk: int  # đồng
    fee_online: int  # đồng
    fee_online_dossiers: int


@dataclass(frozen=True)
class ReviewFigures:
    planned: int  # procedures to review under a plan or a superior's request
    planned_done: int
    reviewed: int  # reviews finished in the period, with an outcome
    by_outcome: Mapping[str, int]
    outstanding: int  # not finished yet


@dataclass(frozen=True)
class FeedbackCounts:
    """PAKN in the period (section I.5); filled from motcua.feedback when that module exists."""

    received_new: int
    carried_over: int
    about_regulations: int
    about_behaviour: int
    handled: int
    published: int
    pending: int

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> FeedbackCounts:
        return cls(**{name: int(data[name]) for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class IndicatorLine:
    name: str
    value: str  # as printed: "99,39%"
    target: str = ""  # "Tối thiểu 80"
    note: str = ""  # "951/1.652"


@dataclass(frozen=True)
class IndicatorTable:
    title: str  # "Chỉ tiêu giao tại Nghị quyết số 01/NQ-CP"
    lines: tuple[IndicatorLine, ...]


@dataclass(frozen=True)
class Indicators:
    """Section I.15 (QĐ 766 groups) and I.16 (NQ tables); from motcua.reports.indicators."""

    qd766: tuple[IndicatorLine, ...]
    resolutions: tuple[IndicatorTable, ...] = ()


@dataclass(frozen=True)
class NarrativeContext:
    unit: Unit
    committee: str  # "Ủy ban nhân dân thị trấn Phú Mỹ"
    place: str  # "Phú Mỹ"
    start: dt.date
    end: dt.date
    issued_on: dt.date
    number: str  # "451/BC-UBND"
    basis: str
    recipients: tuple[str, ...]
    signer_title: str
    signer_name: str
    plans: tuple[Plan, ...]
    published_desk: int
    published_portal: int
    internal_processes: int
    reviews: ReviewFigures
    dossiers: DossierFigures
    communication_sessions: int
    communications: tuple[Communication, ...]
    inspections: tuple[Inspection, ...]
    initiatives: tuple[Initiative, ...]
    resources: tuple[Resource, ...]
    annex: Report
    texts: Mapping[str, str] = field(default_factory=dict)  # the draft's free text by key
    indicators: Indicators | None = None
    feedback_counts: FeedbackCounts | None = None


def committee_of(unit: Unit) -> str:
    return f"Ủy ban nhân dân {unit.name[:1].lower()}{unit.name[1:]}"


def _dossier_figures(
    unit_ids: AbstractSet[int], start: dt.date, end: dt.date, annex: Report
) -> DossierFigures:
    first, after = _bounds(start, end)
    dossiers = Dossier.objects.filter(competent_unit_id__in=unit_ids)
    online = dossiers.filter(channel=Channel.ONLINE, received_at__gte=first, received_at__lt=after)
    levels = online.aggregate(
        partly=Count("pk", filter=Q(online_level="partial")),
        fully=Count("pk", filter=Q(online_level="full")),
        refused=Count(
            "pk", filter=Q(accepted_at__isnull=True, online_level__in=["partial", "full"])
        ),
    )
    postal = dossiers.filter(
        result_delivery=Delivery.POST, returned_at__gte=first, returned_at__lt=after
    ).count()
    certified = dossiers.filter(
        electronic_certified_copy=True, resolved_at__gte=first, resolved_at__lt=after
    ).aggregate(n=Count("pk"), copies=Sum("e_certified_copies"))
    imported = dossiers.filter(
        imported=True, accepted_at__gte=first, accepted_at__lt=after, fees_collected__gt=0
    ).aggregate(
        desk=Sum("fees_collected", filter=Q(paid_online=False)),
        online=Sum("fees_collected", filter=Q(paid_online=True)),
        online_n=Count("pk", filter=Q(paid_online=True)),
    )
    desk, online_fee, online_n = (
        imported["desk"] or 0,
        imported["online"] or 0,
        imported["online_n"],
    )
    for unit in Unit.objects.filter(pk__in=unit_ids):
        paid = totals_by_method(unit, start, end)
        desk += paid[Method.CASH]["amount"] + paid[Method.TRANSFER]["amount"]
        online_fee += paid[Method.ONLINE]["amount"]
        online_n += paid[Method.ONLINE]["dossiers"]
    t = annex.total
    return DossierFigures(
        received=t["c3"],
        online=t["c4"],
        counter_postal=t["c5"],
        carried_over=t["c6"],
        resolved=t["c7"],
        early=t["c8"],
        on_time=t["c9"],
        late=t["c10"],
        pending=t["c11"],
        pending_in_time=t["c12"],
        pending_late=t["c13"],
        closed=t["closed"],
        partly_online=levels["partly"],
        fully_online=levels["fully"],
        online_not_accepted=levels["refused"],
        postal_returns=postal,
        e_certified_dossiers=certified["n"],
        e_certified_copies=certified["copies"] or 0,
        fee_desk=desk,
        fee_online=online_fee,
        fee_online_dossiers=online_n,
    )


def _review_figures(unit_ids: AbstractSet[int], start: dt.date, end: dt.date) -> ReviewFigures:
    rows = Review.objects.filter(unit_id__in=unit_ids).filter(
        Q(reviewed_on__isnull=True) | Q(reviewed_on__gte=start, reviewed_on__lte=end)
    )
    planned = rows.filter(Q(plan__isnull=False) | ~Q(basis=""))
    by_outcome = {outcome.value: rows.filter(outcome=outcome.value).count() for outcome in Outcome}
    return ReviewFigures(
        planned=planned.count(),
        planned_done=planned.exclude(outcome="").count(),
        reviewed=rows.exclude(outcome="").count(),
        by_outcome=by_outcome,
        outstanding=rows.filter(outcome="").count(),
    )


def _publications(unit_ids: AbstractSet[int]) -> tuple[int, int, int]:
    published = Publication.objects.filter(unit_id__in=unit_ids)
    counts = published.aggregate(
        desk=Count("pk", filter=Q(at_desk=True)), portal=Count("pk", filter=Q(on_portal=True))
    )
    processes = (
        published.filter(procedure__versions__steps__isnull=False)
        .values("unit_id", "procedure_id")
        .distinct()
        .count()
    )
    return counts["desk"], counts["portal"], processes


def _issued_on(texts: Mapping[str, str], end: dt.date) -> dt.date:
    try:
        return dt.datetime.strptime(texts["issued_on"], "%d/%m/%Y").date()
    except (KeyError, ValueError):
        return end


def build_context(
    unit: Unit,
    start: dt.date,
    end: dt.date,
    *,
    indicators: Indicators | None = None,
    feedback_counts: FeedbackCounts | None = None,
) -> NarrativeContext:
    """Everything the narrative report of ``unit`` for [start, end] prints, from the records."""
    unit_ids = units_within(unit)
    draft = NarrativeDraft.objects.filter(unit=unit, start=start, end=end).first()
    texts: dict[str, str] = dict(draft.sections) if draft else {}
    issued_on = _issued_on(texts, end)
    annex = ii06a(unit, start, end)
    desk, portal, processes = _publications(unit_ids)
    communications = tuple(
        Communication.objects.filter(unit_id__in=unit_ids, held_on__gte=start, held_on__lte=end)
    )
    in_period = {"unit_id__in": unit_ids}
    committee = committee_of(unit)
    recipients = tuple(
        line.strip(" -;.")
        for line in texts.get("recipients", "").splitlines()
        if line.strip(" -;.")
    )
    parent = unit.parent
    head = head_of(unit)  # the chairman on record (his "chức vụ"), unless the draft names one
    return NarrativeContext(
        unit=unit,
        committee=committee,
        place=place_name(unit),
        start=start,
        end=end,
        issued_on=issued_on,
        number=texts.get("number", ""),
        basis=texts.get("basis", ""),
        recipients=recipients
        or (f"UBND {parent.name[:1].lower()}{parent.name[1:]}" if parent else "", "Lưu: VT"),
        signer_title=texts.get("signer_title") or head.position or "CHỦ TỊCH",
        signer_name=texts.get("signer_name") or head.name,
        plans=tuple(
            Plan.objects.filter(**in_period, issued_on__gte=start, issued_on__lte=issued_on)
        ),
        published_desk=desk,
        published_portal=portal,
        internal_processes=processes,
        reviews=_review_figures(unit_ids, start, end),
        dossiers=_dossier_figures(unit_ids, start, end, annex),
        communication_sessions=sum(c.count for c in communications),
        communications=communications,
        inspections=tuple(
            Inspection.objects.filter(**in_period, held_on__gte=start, held_on__lte=end)
        ),
        initiatives=tuple(
            Initiative.objects.filter(**in_period, proposed_on__gte=start, proposed_on__lte=end)
        ),
        resources=tuple(
            Resource.objects.filter(**in_period, noted_on__gte=start, noted_on__lte=issued_on)
        ),
        annex=annex,
        texts=texts,
        indicators=indicators,
        feedback_counts=feedback_counts,
    )
