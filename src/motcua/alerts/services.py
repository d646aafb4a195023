"""Deadline alerts: what officers and leaders must act on before it is late.

`scan(unit_ids, now)` lists, for the dossiers of those units:
- `due_soon`    — due on the next working day (or today): decide now whether to ask for an
                  extension (the apology letter must go before the due date);
- `overdue`     — past the due day and still being processed, clock running (the one rule of
                  domain/overdue.py: from the day after the due day, as on every page);
- `step_overdue`— a hand-over step past its own step deadline, still open;
- `online_waiting` — an online dossier not handled within 8 working hours (dossiers/online_sla.py,
                  NĐ 118/2025 Art. 17.2);
- `supplement_expired` — a supplement requested more than SUPPLEMENT_WAIT_DAYS days ago and
                  not received: the dossier may be closed (NĐ 118/2025 Art. 19).
Each alert names the dossier, its unit and the officer holding it. The periodic sweep
(alerts/tasks.py) emails each officer the alerts on the dossiers they hold, once a day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.calendars.services import calendars_by_unit, to_local_naive
from motcua.domain.dossier_states import Status
from motcua.dossiers.countdown import countdown, running_q, start_of
from motcua.dossiers.models import Dossier, HandOver
from motcua.dossiers.online_sla import ONLINE_INTAKE_LIMIT_HOURS, online_dossiers_waiting
from motcua.dossiers.processing import SUPPLEMENT_WAIT_DAYS
from motcua.notifications.services import notify_person
from motcua.units.models import Unit
from motcua.units.tree import units_served_by

RUNNING = [Status.ACCEPTED.value, Status.IN_PROGRESS.value]
KIND_LABELS = {
    "overdue": "Quá hạn giải quyết",
    "step_overdue": "Bước xử lý quá hạn",
    "due_soon": "Đến hạn trong ngày làm việc tới — xem xét gia hạn",
    "online_waiting": "Hồ sơ trực tuyến chưa xử lý quá 8 giờ làm việc",
    "supplement_expired": "Quá 15 ngày chưa nhận bổ sung — có thể dừng giải quyết",
}
ORDER = list(KIND_LABELS)


@dataclass(frozen=True)
class Alert:
    kind: str
    dossier: Dossier
    detail: str
    holder_id: int | None

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def _parts(unit_ids: Iterable[int]) -> list[Q]:
    """The dossiers of the units: received by them, decided by them (they overlap)."""
    ids = list(unit_ids)
    return [Q(receiving_unit_id__in=ids), Q(competent_unit_id__in=ids)]


def _dossiers(unit_ids: Iterable[int]) -> Q:
    received, decided = _parts(unit_ids)
    return received | decided


def _receivers(ids: list[int]) -> list[QuerySet[Dossier, int]]:
    """The receiving units of the running dossiers of the units, part by part (received by
    them, decided by them): each part reads its partial index of running due dates
    (dossier_open_due_receiving, dossier_open_due); as one "this OR that" condition SQLite
    reads every dossier the units ever received."""
    return [
        Dossier.objects.filter(part & running_q())
        .order_by()
        .values_list("receiving_unit_id", flat=True)
        .distinct()
        for part in _parts(ids)
    ]


def _due_by_horizon(ids: list[int], today: dt.date) -> list[Dossier]:
    """The running dossiers in scope due on or before the next working day of their receiving
    unit's calendar (overdue ones included), in SQL: one calendar per distinct calendar (the
    province's), one query per distinct next working day, whatever the number of communes."""
    scope = _dossiers(ids)
    calendars = calendars_by_unit({pk for query in _receivers(ids) for pk in query})
    by_horizon: dict[dt.date, list[int]] = {}
    for unit_id, calendar in calendars.items():
        by_horizon.setdefault(calendar.next_working_day(today), []).append(unit_id)
    found: list[Dossier] = []
    for horizon, units in sorted(by_horizon.items()):
        found += Dossier.objects.filter(
            scope & running_q(),
            receiving_unit_id__in=units,
            due_at__lt=start_of(horizon + dt.timedelta(days=1)),
        ).select_related("procedure_version", "receiving_unit", "assignee")
    found.sort(key=lambda d: (d.due_at, d.pk))
    return found


def _fmt(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else "—"


def scan(unit_ids: Iterable[int], now: dt.datetime | None = None) -> list[Alert]:
    now = now or timezone.now()
    ids = list(unit_ids)
    scope = _dossiers(ids)
    base = Dossier.objects.filter(scope).select_related(
        "procedure_version", "receiving_unit", "assignee"
    )
    alerts: list[Alert] = []
    today = to_local_naive(now).date()
    for dossier in _due_by_horizon(ids, today):
        standing = countdown(dossier, today)  # the one rule: dates, as the reports count
        kind = "overdue" if standing == "overdue" else "due_soon"
        alerts.append(Alert(kind, dossier, f"Hạn {_fmt(dossier.due_at)}", dossier.assignee_id))
    steps = HandOver.objects.filter(
        finished_at__isnull=True, step_due_at__lt=now, dossier__status__in=RUNNING
    ).filter(Q(dossier__receiving_unit_id__in=ids) | Q(dossier__competent_unit_id__in=ids))
    for step in steps.select_related("dossier__procedure_version", "dossier__receiving_unit"):
        alerts.append(
            Alert(
                "step_overdue",
                step.dossier,
                f"Bước “{step.step_name}” hạn {_fmt(step.step_due_at)}",
                step.to_user_id,
            )
        )
    for dossier, hours in online_dossiers_waiting(ids, now):  # dossiers/online_sla.py: one rule
        if hours >= ONLINE_INTAKE_LIMIT_HOURS:
            alerts.append(
                Alert(
                    "online_waiting",
                    dossier,
                    f"Nộp lúc {_fmt(dossier.received_at)}, đã chờ {hours:.1f} giờ làm việc",
                    dossier.received_by_id,
                )
            )
    for dossier in base.filter(status=Status.SUPPLEMENT_REQUESTED.value):
        requested = [e for e in dossier.clock_events if e["kind"] == "supplement_requested"]
        if not requested:
            continue
        since = dt.datetime.fromisoformat(requested[-1]["at"]).date()
        if (today - since).days >= SUPPLEMENT_WAIT_DAYS:
            alerts.append(
                Alert(
                    "supplement_expired",
                    dossier,
                    f"Yêu cầu bổ sung ngày {since:%d/%m/%Y}",
                    dossier.assignee_id,
                )
            )
    alerts.sort(key=lambda a: (ORDER.index(a.kind), a.dossier.due_at or now))
    return alerts


@dataclass(frozen=True)
class UnitCounts:
    """One row of the board's table: a receiving unit and its alerts per kind (ORDER)."""

    unit: Unit
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def counts_by_unit(alerts: Iterable[Alert]) -> list[UnitCounts]:
    """The units that have alerts (by receiving unit), in the order of their codes."""
    table: dict[int, UnitCounts] = {}
    for alert in alerts:
        unit = alert.dossier.receiving_unit
        row = table.setdefault(unit.pk, UnitCounts(unit, dict.fromkeys(ORDER, 0)))
        row.counts[alert.kind] += 1
    return sorted(table.values(), key=lambda row: row.unit.code)


def sweep(now: dt.datetime | None = None) -> int:
    """Email every officer the alerts on the dossiers they hold, and every leader their unit's
    summary — at most once a day each (the daily periodic task calls this)."""
    now = now or timezone.now()
    day = to_local_naive(now).date()
    sent = 0
    units = Unit.objects.filter(pk__in=User.objects.exclude(unit=None).values("unit"))
    for unit in units:
        alerts = scan(units_served_by(unit), now)
        if not alerts:
            continue
        for user in User.objects.filter(unit=unit, is_active=True).exclude(email=""):
            leader = Role.LEADER in user.roles()
            mine = alerts if leader else [a for a in alerts if a.holder_id == user.pk]
            if not mine:
                continue
            lines = [
                f"- {a.label}: {a.dossier.code} ({a.dossier.procedure_version.name}) — {a.detail}"
                for a in mine[:50]
            ]
            with transaction.atomic():
                sent += len(
                    notify_person(
                        "staff_alert",
                        f"alerts:{user.pk}:{day:%Y%m%d}",
                        email=user.email,
                        context={"count": len(mine), "unit": unit.name, "lines": "\n".join(lines)},
                    )
                )
    return sent
