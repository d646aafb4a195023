"""Synthetic dossiers for benchmarks: what the services would have written, written in bulk.

`generate(...)` creates `units` communes under a benchmark province (codes BENCH-…, agency
codes …H99, one receiving officer and one specialist each) and `dossiers` dossiers accepted on
the working days of the last `years` years, with:
- procedures of the loaded catalogue, popularity Zipf-like (weight 1/rank^1.1, ranks shuffled
  by the seed), the channel drawn among the procedure's own channels (counter 55 %, online
  44 %, postal 1 %);
- the acts receive → accept → hand_over → approve | refuse → return_result (a few are refused
  at intake or withdrawn); the status is the one reached by `now`; every act is an audit event
  appended to the real hash chain in the order of its time, with the services' before/after
  snapshot;
- codes {short code}-{yyMMdd}-{NNNN} gapless per unit and day in acceptance order, and the
  DailySequence rows that say so;
- due dates from the deadline engine (domain.bulk_due for working-day limits, the calendar's
  own rules for same-day and calendar-day limits), 7 % resolved late;
- the report summary (reports.ReportCell) and the dossiers' day columns, as the acts' receiver
  would have kept them;
- the fee collected (fixed-amount fees of the version), one HandOver row per accepted dossier.
The audit events carry origin {"channel": "bench-generate", "seed": …} so nobody mistakes them.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from motcua.audit.chain import event_hash
from motcua.audit.models import AuditEvent
from motcua.audit.services import _lock_head
from motcua.calendars.services import calendar_for
from motcua.domain.bulk_due import WorkingDayTable
from motcua.domain.dossier_states import Status
from motcua.domain.text import fold
from motcua.domain.workcalendar import WorkCalendar
from motcua.dossiers.models import DailySequence, Dossier, HandOver
from motcua.ops.fastinsert import insert, insert_rows, next_id, reset_sequences
from motcua.ops.synthetic import (
    _RECEIVER_ACTS,
    _SNAPSHOT,
    AUDIT_COLUMNS,
    _aware,
    _fee,
    _hand_over,
    _naive,
    _plain,
    _staff,
    _State,
    _versions,
    bench_units,
)
from motcua.reports import flags
from motcua.reports.summary import Days, Key, Keys, add_cells, local_day

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN = [
    "Văn An",
    "Thị Bình",
    "Minh Châu",
    "Thị Dung",
    "Quốc Hùng",
    "Thị Lan",
    "Văn Nam",
    "Ngọc Ánh",
]
CHANNEL_SHARE = {"counter": 0.55, "online": 0.44, "postal": 0.01}
CHUNK_DAYS = 10


@dataclass
class Summary:
    dossiers: int = 0
    events: int = 0
    units: int = 0


class Generator:
    def __init__(self, *, units: int, years: int, seed: int, now: dt.datetime) -> None:
        self.rng = np.random.default_rng(seed)
        self.seed = seed
        self.now = now
        self.units = bench_units(units)
        self.staff = {u.pk: _staff(u) for u in self.units}
        self.calendar: WorkCalendar = calendar_for(self.units[0])
        self.versions = _versions()
        order = self.rng.permutation(len(self.versions))
        weights = 1.0 / (np.arange(1, len(self.versions) + 1) ** 1.1)
        self.version_weights = weights[np.argsort(order)] / weights.sum()
        self.fees = [_fee(v) for v in self.versions]
        self.unit_weights = self.rng.lognormal(0, 0.6, len(self.units))
        self.keys = Keys()  # the report summary's scopes and groups, read once
        self.unit_weights /= self.unit_weights.sum()
        local_now = timezone.localtime(now).replace(tzinfo=None)
        first = local_now.date().replace(year=local_now.year - years)
        self.table = WorkingDayTable(self.calendar, first, local_now.date() + dt.timedelta(400))
        days = [
            first + dt.timedelta(i)
            for i in range((local_now.date() - first).days)
            if self.calendar.is_working_day(first + dt.timedelta(i))
        ]
        self.days = days
        self.sequences: dict[tuple[str, dt.date], int] = {}
        self.pending: list[tuple[dt.datetime, int, str, dict[str, Any]]] = []
        self.tiebreak = 0
        self.summary = Summary(units=len(self.units))
        self.ids = {m: next_id(m) for m in (Dossier, HandOver, AuditEvent)}

    # -- one day --------------------------------------------------------------------------

    def _due_dates(self, day: dt.date, accepted: list[dt.datetime], vs: np.ndarray) -> list[Any]:
        dues: list[Any] = [None] * len(accepted)
        wd = [i for i, v in enumerate(vs) if self.versions[v].time_limit_unit == "working_days"]
        if wd:
            n = np.array([self.versions[vs[i]].time_limit_value for i in wd])
            got = self.table.add_working_days(np.full(len(wd), np.datetime64(day)), n)
            for i, d64 in zip(wd, got.tolist(), strict=True):
                dues[i] = self.calendar.close_of(d64)
        for i, v in enumerate(vs):
            version = self.versions[v]
            if version.time_limit_unit == "same_day":
                dues[i] = self.calendar.same_day_due(accepted[i])
            elif version.time_limit_unit == "calendar_days":
                dues[i] = self.calendar.add_calendar_days(accepted[i], version.time_limit_value)
        return dues

    def make_day(self, day: dt.date, count: int) -> list[Dossier]:
        rng = self.rng
        units = rng.choice(len(self.units), size=count, p=self.unit_weights)
        vs = rng.choice(len(self.versions), size=count, p=self.version_weights)
        minutes = np.sort(rng.integers(7 * 60 + 30, 16 * 60 + 45, size=count))
        accepted = [dt.datetime.combine(day, dt.time(int(m) // 60, int(m) % 60)) for m in minutes]
        dues = self._due_dates(day, accepted, vs)
        fate = rng.random(count)
        share = rng.beta(2, 3, count)
        late = rng.random(count) < 0.07
        chan = rng.random(count)
        dossiers = []
        for i in range(count):
            unit = self.units[units[i]]
            version = self.versions[vs[i]]
            channels = version.channels or ["counter"]
            weights = np.array([CHANNEL_SHARE.get(c, 0.0) for c in channels])
            pick = int(np.searchsorted(np.cumsum(weights / weights.sum()), chan[i]))
            channel = channels[min(pick, len(channels) - 1)]
            at = accepted[i]
            received = at - dt.timedelta(
                minutes=int(5 + 170 * share[i]) if channel == "online" else 5
            )
            name = f"{SURNAMES[i % 10]} {GIVEN[(i // 10) % 8]}"
            dossier = Dossier(
                procedure_version=version,
                receiving_unit=unit,
                competent_unit=unit,
                channel=channel,
                applicant_name=name,
                applicant_name_fold=fold(name),
                applicant_id_number=f"0891{int(rng.integers(10**7, 10**8)):08d}",
                received_at=_aware(received),
                received_by=self.staff[unit.pk][0],
                online_level=version.online_level if channel == "online" else "",
                paid_online=channel == "online" and bool(fate[i] > 0.5),
                has_digitised_components=bool(fate[i] > 0.3),
                status=Status.RECEIVED.value,
            )
            plan = self._plan(dossier, at, dues[i], float(fate[i]), float(share[i]), bool(late[i]))
            if dossier.accepted_at is not None:  # what reports.summary.resync would store
                dossier.accepted_day = local_day(dossier.accepted_at)
                dossier.due_day = local_day(dossier.due_at)
                dossier.resolved_day = local_day(dossier.resolved_at)
                dossier.ended_day = local_day(dossier.ended_at)
            dossier.fees_collected = self.fees[vs[i]] if dossier.accepted_at else 0
            dossiers.append(dossier)
            dossier._bench_plan = plan  # type: ignore[attr-defined]
        return dossiers

    def _plan(  # noqa: PLR0917
        self, d: Dossier, at: dt.datetime, due: dt.datetime, fate: float, share: float, late: bool
    ) -> list[tuple[dt.datetime, str]]:
        """The acts of one dossier with their local times; sets the state reached by now."""
        local_now = timezone.localtime(self.now).replace(tzinfo=None)
        acts = [(_naive(d.received_at), "receive")]
        if fate < 0.02:
            acts.append((at, "refuse_at_intake"))
        else:
            acts += [(at, "accept"), (at + dt.timedelta(minutes=20), "hand_over")]
            span = max(due - at, dt.timedelta(hours=1))
            start = at + dt.timedelta(minutes=25)  # after the hand-over
            done = due + dt.timedelta(days=1 + int(share * 9)) if late else start + span * share
            if fate < 0.03:
                acts.append((start + span * share / 2, "withdraw"))
            else:
                acts.append((done, "refuse" if fate < 0.05 else "approve"))
                acts.append((done + dt.timedelta(hours=2 + int(share * 60)), "return_result"))
        acts = [(t, a) for t, a in acts if t <= local_now]
        for t, action in acts:
            self._apply(d, action, t, due)
        return acts

    def _apply(self, d: Dossier, action: str, t: dt.datetime, due: dt.datetime) -> None:
        moment = _aware(t)
        if action == "refuse_at_intake":
            d.status, d.ended_at = Status.REFUSED_AT_INTAKE.value, moment
        elif action == "accept":
            day = t.date()
            key = (d.competent_unit.short_code, day)
            self.sequences[key] = self.sequences.get(key, 0) + 1
            d.code = f"{key[0]}-{day:%y%m%d}-{self.sequences[key]:04d}"
            d.status, d.accepted_at = Status.ACCEPTED.value, moment
            d.due_at = d.original_due_at = _aware(due)
            d.clock_events = [{"kind": "accepted", "at": t.isoformat()}]
        elif action == "hand_over":
            d.status, d.assignee = Status.IN_PROGRESS.value, self.staff[d.competent_unit_id][1]
        elif action == "withdraw":
            d.status, d.ended_at = Status.WITHDRAWN.value, moment
        elif action in ("approve", "refuse"):
            d.status = Status.RESOLVED.value if action == "approve" else Status.REFUSED.value
            d.resolved_at = moment
        elif action == "return_result":
            d.status, d.returned_at = Status.RETURNED.value, moment

    # -- writing --------------------------------------------------------------------------

    def _take_id(self, model: type[Any]) -> int:
        self.ids[model] += 1
        return self.ids[model] - 1

    def write(self, dossiers: list[Dossier], until: dt.datetime | None) -> None:
        flag_cells: Counter[flags.FlagKey] = Counter()
        for d in dossiers:
            d.pk = self._take_id(Dossier)
            # What reports.summary.resync would store and count: no payment rows, no portal
            # message, not imported.
            events = flags.flag_events(d, self.keys.procedure(d.procedure_version_id), False, None)
            d.flag_events = [list(e) for e in events]
            flags.count(flag_cells, self.keys.scopes(d.competent_unit_id), events, 1)
        insert(Dossier, dossiers)
        cells: Counter[Key] = Counter()
        for d in dossiers:
            days: Days = (d.accepted_day, d.due_day, d.resolved_day, d.ended_day)
            online = d.channel == "online"
            self.keys.count(cells, d.competent_unit_id, d.procedure_version_id, online, days, 1)
        add_cells(cells)
        flags.add_cells(flag_cells)
        hand_overs = []
        for d in dossiers:
            snapshot_before: dict[str, Any] | None = None
            state = _State()
            for t, action in d._bench_plan:  # type: ignore[attr-defined]
                after = state.step(d, action, t)
                self._push(t, d, action, snapshot_before, after)
                snapshot_before = {k: after[k] for k in _SNAPSHOT}
                if action == "hand_over":
                    handed = _hand_over(d, t, self.staff[d.competent_unit_id])
                    handed.pk = self._take_id(HandOver)
                    hand_overs.append(handed)
        insert(HandOver, hand_overs)
        self._flush(until)

    def _push(
        self,
        t: dt.datetime,
        d: Dossier,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any],
    ) -> None:
        actor = self.staff[d.competent_unit_id][0 if action in _RECEIVER_ACTS else 1]
        self.tiebreak += 1
        row = {"actor": actor, "action": action, "id": d.pk, "before": before, "after": after}
        heapq.heappush(self.pending, (t, self.tiebreak, action, row))

    def _flush(self, until: dt.datetime | None) -> None:
        """Append to the chain every pending event up to `until` (all if None), in time order.

        The rows are what audit.services.record writes (same hash over the same JSON values),
        built without a model instance per event.
        """
        head = _lock_head()
        rows = []
        origin = {"channel": "bench-generate", "seed": self.seed}
        adapt_dt = connection.ops.adapt_datetimefield_value
        adapt_json = connection.ops.adapt_json_value
        while self.pending and (until is None or self.pending[0][0] < until):
            t, _, action, row = heapq.heappop(self.pending)
            actor = row["actor"]
            event = SimpleNamespace(
                seq=head.last_seq + 1,
                at=_aware(t).astimezone(dt.UTC),
                actor_id=actor.pk,
                actor_label=f"{actor} ({actor.username})",
                action=action,
                object_type="dossier",
                object_id=str(row["id"]),
                before=_plain(row["before"]),
                after=_plain(row["after"]),
                origin=origin,
                prev_hash=head.last_hash,
            )
            digest = event_hash(event)  # type: ignore[arg-type]
            rows.append(
                (
                    self._take_id(AuditEvent),
                    event.seq,
                    adapt_dt(event.at),
                    event.actor_id,
                    event.actor_label,
                    action,
                    "dossier",
                    event.object_id,
                    None if event.before is None else adapt_json(event.before, None),
                    adapt_json(event.after, None),
                    adapt_json(origin, None),
                    event.prev_hash,
                    digest,
                )
            )
            head.last_seq, head.last_hash = event.seq, digest
        insert_rows(AuditEvent._meta.db_table, AUDIT_COLUMNS, rows)
        head.save(update_fields=["last_seq", "last_hash"])
        self.summary.events += len(rows)

    def sync_sequences(self) -> None:
        DailySequence.objects.bulk_create(
            [DailySequence(agency_code=a, day=d, last=n) for (a, d), n in self.sequences.items()],
            update_conflicts=True,
            unique_fields=["agency_code", "day"],
            update_fields=["last"],
            batch_size=2000,
        )
        reset_sequences(Dossier, HandOver, AuditEvent)

    def load_sequences(self) -> None:
        codes = [u.short_code for u in self.units]
        for row in DailySequence.objects.filter(agency_code__in=codes):
            self.sequences[(row.agency_code, row.day)] = row.last


def generate(
    *,
    dossiers: int,
    units: int,
    years: int,
    seed: int = 42,
    now: dt.datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Write `dossiers` synthetic dossiers (see the module docstring). Returns the counts."""
    with transaction.atomic():
        gen = Generator(units=units, years=years, seed=seed, now=now or timezone.now())
        gen.load_sequences()
    days = gen.days
    per_day = np.bincount(gen.rng.integers(0, len(days), size=dossiers), minlength=len(days))
    for start in range(0, len(days), CHUNK_DAYS):
        chunk = days[start : start + CHUNK_DAYS]
        with transaction.atomic():
            for offset, day in enumerate(chunk):
                count = int(per_day[start + offset])
                made = gen.make_day(day, count) if count else []
                # Events strictly before the next working day are final once this day is in.
                following = days[start + offset + 1] if start + offset + 1 < len(days) else None
                until = dt.datetime.combine(following, dt.time.min) if following else None
                gen.write(made, until)
                gen.summary.dossiers += len(made)
                if progress is not None:
                    progress(len(made))
    with transaction.atomic():
        gen._flush(None)
        gen.sync_sequences()
    return gen.summary
