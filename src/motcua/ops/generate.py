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
  would have kept them; the flag summary (reports.FlagCell) and each dossier's stored flag
  events, as `reports.maintain.resync` would have kept them (`reports.flags.flag_events` of each
  dossier as it is made: no payment rows, no portal message, not imported);
- the fee collected (fixed-amount fees of the version), one HandOver row per accepted dossier.
The audit events carry origin {"channel": "bench-generate", "seed": …} so nobody mistakes them.

How it is fast (docs/performance.md "Generator"): no model instance per row — each dossier is a
small record, its row a copy of the model's default row with the known columns set
(fastinsert.RowTemplate); rows go in with `COPY` on PostgreSQL and one executemany per chunk on
SQLite (synchronous=OFF during the load); the audit snapshots are built once per act as canonical
JSON strings, so the sequential part — the chain in time order — only joins strings and hashes;
the summary cells (both tables) are summed in memory and written in a few large batches.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from motcua.audit.models import AuditEvent
from motcua.calendars.services import calendar_for
from motcua.domain.bulk_due import WorkingDayTable
from motcua.domain.dossier_code import dossier_code_prefix_agency
from motcua.domain.text import fold
from motcua.domain.vntime import VN
from motcua.domain.workcalendar import WorkCalendar
from motcua.dossiers.models import Dossier, HandOver
from motcua.ops.fastinsert import RowTemplate, next_id
from motcua.ops.generate_rows import (
    CHANNEL_SHARE,
    CHUNK_DAYS,
    DOSSIER_COLUMNS,
    GIVEN,
    SURNAMES,
    FlagFacts,
    Planned,
    Summary,
    _aware,
    _day,
)
from motcua.ops.generate_write import Writer
from motcua.ops.synthetic import (
    STATUS_AFTER,
    _fee,
    _staff,
    _versions,
    bench_units,
    string,
    utc,
)
from motcua.reports import flags
from motcua.reports.cells import Keys, events


class Generator(Writer):
    """Plans the dossiers of each working day (`make_day`); ops/generate_write.py writes them."""

    def __init__(self, *, units: int, years: int, seed: int, now: dt.datetime) -> None:
        self.rng = np.random.default_rng(seed)
        self.seed = seed
        self.now = now
        self.local_now = timezone.localtime(now, VN).replace(tzinfo=None)
        self.postgres = connection.vendor == "postgresql"
        self.units = bench_units(units)
        self.staff = {u.pk: _staff(u) for u in self.units}
        self.labels = {
            user.pk: f"{user} ({user.username})" for pair in self.staff.values() for user in pair
        }
        self.actor_labels = {pk: string(label) for pk, label in self.labels.items()}
        self.calendar: WorkCalendar = calendar_for(self.units[0])
        self.versions = _versions()
        order = self.rng.permutation(len(self.versions))
        weights = 1.0 / (np.arange(1, len(self.versions) + 1) ** 1.1)
        self.version_weights = weights[np.argsort(order)] / weights.sum()
        self.fees = [_fee(v) for v in self.versions]
        self.channels = []
        for v in self.versions:
            channels = v.channels or ["counter"]
            share = np.array([CHANNEL_SHARE.get(c, 0.0) for c in channels])
            self.channels.append((channels, np.cumsum(share / share.sum())))
        self.procedure_codes = [v.procedure.code for v in self.versions]
        self.procedures = [(v.procedure_id, v.procedure.code) for v in self.versions]
        self.unit_weights = self.rng.lognormal(0, 0.6, len(self.units))
        self.keys = Keys()  # the report summary's scopes and groups, read once
        self.unit_weights /= self.unit_weights.sum()
        first = self.local_now.date().replace(year=self.local_now.year - years)
        # Vietnam has kept UTC+7 since 1975: one offset for every time generated (checked)
        midnight = dt.datetime.combine(first, dt.time())
        self.offset = midnight - utc(midnight)
        if utc(self.local_now) != self.local_now - self.offset:
            raise ValueError("the time zone's offset changes within the generated period")
        self.table = WorkingDayTable(
            self.calendar, first, self.local_now.date() + dt.timedelta(400)
        )
        self.days = [
            first + dt.timedelta(i)
            for i in range((self.local_now.date() - first).days)
            if self.calendar.is_working_day(first + dt.timedelta(i))
        ]
        self.names = [
            (name, fold(name))
            for name in (f"{SURNAMES[i % 10]} {GIVEN[(i // 10) % 8]}" for i in range(80))
        ]
        self.sequences: dict[tuple[str, dt.date], int] = {}
        # (local time, tiebreak, action, dossier id, actor id, before JSON, after JSON)
        self.pending: list[tuple[dt.datetime, int, str, int, int, str | None, str]] = []
        self.tiebreak = 0
        # the summary's events by (unit, version, kind, day), spread over scopes and grains
        # (as reports.cells.Keys.count does) when written
        self.events: Counter[tuple[int, int, int, dt.date]] = Counter()
        # the flag summary's events by (unit, kind, procedure, ISO day), spread over scopes and
        # grains by flags.count when written
        self.flag_events: Counter[tuple[int, int, int, str]] = Counter()
        self.summary = Summary(units=len(self.units))
        self.ids = {m: next_id(m) for m in (Dossier, HandOver, AuditEvent)}
        self.dossier_row = RowTemplate(Dossier)
        self.hand_over_row = RowTemplate(HandOver)
        self.dossier_positions = self.dossier_row.positions(*DOSSIER_COLUMNS)
        self.flag_defaults = {
            name: self.dossier_row.defaults[self.dossier_row.position[name]]
            for name in FlagFacts.__slots__
        }
        self.origin = json.dumps(
            {"channel": "bench-generate", "seed": seed},
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )

    def _due_dates(
        self, day: dt.date, accepted: list[dt.datetime], vs: np.ndarray
    ) -> list[dt.datetime]:
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

    def make_day(self, day: dt.date, count: int) -> list[tuple[Planned, list[Any]]]:
        """The day's dossiers: each planned, and its row for the Dossier table."""
        rng = self.rng
        units = rng.choice(len(self.units), size=count, p=self.unit_weights).tolist()
        vs = rng.choice(len(self.versions), size=count, p=self.version_weights)
        minutes = np.sort(rng.integers(7 * 60 + 30, 16 * 60 + 45, size=count)).tolist()
        accepted = [dt.datetime.combine(day, dt.time(m // 60, m % 60)) for m in minutes]
        dues = self._due_dates(day, accepted, vs)
        fate = rng.random(count).tolist()
        share = rng.beta(2, 3, count).tolist()
        late = (rng.random(count) < 0.07).tolist()
        chan = rng.random(count).tolist()
        id_numbers = rng.integers(10**7, 10**8, size=count).tolist()
        out = []
        time_value = self.time_value
        for i, v in enumerate(vs.tolist()):
            unit = self.units[units[i]]
            version = self.versions[v]
            channels, cumulative = self.channels[v]
            pick = int(np.searchsorted(cumulative, chan[i]))
            channel = channels[min(pick, len(channels) - 1)]
            at = accepted[i]
            online = channel == "online"
            received = at - dt.timedelta(minutes=int(5 + 170 * share[i]) if online else 5)
            d = Planned(self._take_id(Dossier), units[i], v, channel)
            self._plan(d, received, at, dues[i], fate[i], share[i], late[i])
            receiver, specialist = self.staff[unit.pk]
            name, name_fold = self.names[i % 80]
            row = self.dossier_row.defaults.copy()
            accepted_day, due_day = _day(d.accepted), _day(d.due)
            resolved_day, ended_day = _day(d.resolved), _day(d.ended)
            paid_online = online and fate[i] > 0.5
            digitised = fate[i] > 0.3
            fees = self.fees[v] if d.accepted else 0
            # the flags, as reports.maintain.resync would store and count them (no payment
            # rows, no portal message, not imported)
            facts = FlagFacts(self.flag_defaults)
            facts.channel, facts.online_level = channel, version.online_level if online else ""
            facts.paid_online, facts.has_digitised_components = paid_online, digitised
            facts.fees_collected = fees
            facts.received_at, facts.accepted_at = _aware(received), _aware(d.accepted)
            facts.resolved_at, facts.returned_at = _aware(d.resolved), _aware(d.returned)
            flagged = flags.flag_events(facts, self.procedures[v], False, None)
            for kind, procedure, on_day, n in flagged:
                self.flag_events[(unit.pk, kind, procedure, on_day)] += n
            values = (
                d.pk,
                version.pk,
                unit.pk,
                unit.pk,
                channel,
                name,
                name_fold,
                f"0891{id_numbers[i]:08d}",
                time_value(received),
                receiver.pk,
                facts.online_level,
                paid_online,
                digitised,
                d.status,
                d.code,
                time_value(d.accepted),
                time_value(d.due),
                time_value(d.due),
                time_value(d.resolved),
                time_value(d.returned),
                time_value(d.ended),
                f'[{{"kind": "accepted", "at": "{d.accepted.isoformat()}"}}]'
                if d.accepted
                else "[]",
                accepted_day,
                due_day,
                resolved_day,
                ended_day,
                fees,
                specialist.pk if any(a == "hand_over" for _, a in d.acts) else None,
                json.dumps([list(e) for e in flagged]),
            )
            for position, value in zip(self.dossier_positions, values, strict=True):
                row[position] = value
            # the summary, as reports.maintain.resync would count the stored day columns
            for kind, on in events(online, (accepted_day, due_day, resolved_day, ended_day)):
                self.events[(unit.pk, version.pk, kind, on)] += 1
            out.append((d, row))
        return out

    def _plan(  # noqa: PLR0917
        self,
        d: Planned,
        received: dt.datetime,
        at: dt.datetime,
        due: dt.datetime,
        fate: float,
        share: float,
        late: bool,
    ) -> None:
        """The acts of one dossier with their local times; sets the state reached by now."""
        acts = [(received, "receive")]
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
        d.acts = [(t, a) for t, a in acts if t <= self.local_now]
        for t, action in d.acts:
            d.status = STATUS_AFTER[action]
            if action in ("refuse_at_intake", "withdraw"):
                d.ended = t
            elif action == "accept":
                agency = dossier_code_prefix_agency(self.units[d.unit].agency_code, t.date())
                key = (agency, t.date())
                self.sequences[key] = self.sequences.get(key, 0) + 1
                d.code = f"{key[0]}-{t:%y%m%d}-{self.sequences[key]:04d}"
                d.accepted, d.due = t, due
            elif action in ("approve", "refuse"):
                d.resolved = t
            elif action == "return_result":
                d.returned = t

    # -- writing --------------------------------------------------------------------------


def _bulk_load_pragmas() -> None:
    """SQLite: no fsync during the load (a crash loses the run, not the file's consistency —
    the journal still protects it), a large page cache and temporary tables in memory."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:  # (tests: in one)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -500000")  # KiB
            cursor.execute("PRAGMA temp_store = MEMORY")


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
    _bulk_load_pragmas()
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
        gen.write_cells()
        gen.sync_sequences()
    return gen.summary
