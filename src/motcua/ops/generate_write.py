"""The writing half of the benchmark generator (ops/generate.py): the planned dossiers' rows,
their hand-overs, the audit chain in time order, the summary cells and the daily sequences —
what the services would have written, in bulk."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter
from typing import Any

from django.db import connection

from motcua.audit.chain import chain_key, keyed_hash
from motcua.audit.models import AuditEvent
from motcua.audit.services import _lock_head
from motcua.domain.vntime import VN
from motcua.dossiers.models import DailySequence, Dossier, HandOver, Timeliness
from motcua.ops.fastinsert import RowTemplate, copy_in, reset_sequences
from motcua.ops.generate_rows import EVENTS_IN_MEMORY, HAND_OVER_COLUMNS, Planned, Summary
from motcua.ops.synthetic import (
    AUDIT_COLUMNS,
    RECEIVER_ACTS,
    STATUS_AFTER,
    canonical_event,
    json_time,
    received_snapshot,
    snapshot,
    string,
)
from motcua.reports import flags
from motcua.reports.cells import TABLE, Key, Keys, grains
from motcua.units.models import Unit


class Writer:
    """What the generator writes; the generator (ops/generate.py) sets the state below."""

    postgres: bool
    units: list[Unit]
    staff: dict[int, Any]
    labels: dict[int, str]
    actor_labels: dict[int, str]
    procedure_codes: list[str]
    keys: Keys
    offset: dt.timedelta
    sequences: dict[tuple[str, dt.date], int]
    pending: list[tuple[dt.datetime, int, str, int, int, str | None, str]]
    tiebreak: int
    events: Counter[tuple[int, int, int, dt.date]]
    flag_events: Counter[tuple[int, int, int, str]]
    summary: Summary
    ids: dict[type[Any], int]
    dossier_row: RowTemplate
    hand_over_row: RowTemplate
    origin: str

    def time_value(self, local: dt.datetime | None) -> Any:
        """A naive local time as the database column takes it (see fastinsert)."""
        if local is None:
            return None
        moment = local - self.offset
        return moment.replace(tzinfo=dt.UTC) if self.postgres else str(moment)

    # -- one day --------------------------------------------------------------------------

    def _take_id(self, model: type[Any]) -> int:
        self.ids[model] += 1
        return self.ids[model] - 1

    def write(self, made: list[tuple[Planned, list[Any]]], until: dt.datetime | None) -> None:
        copy_in(Dossier._meta.db_table, self.dossier_row.columns, [row for _, row in made])
        hand_overs = []
        ho_positions = self.hand_over_row.positions(*HAND_OVER_COLUMNS)
        for d, _ in made:
            unit_pk = self.units[d.unit].pk
            receiver, specialist = self.staff[unit_pk]
            before: str | None = None
            code, due = "null", "null"
            for t, action in d.acts:
                if action == "receive":
                    after = received_snapshot(self.procedure_codes[d.version], d.channel)
                    next_before = snapshot(STATUS_AFTER[action], code, due)
                else:
                    if action == "accept":
                        assert d.code is not None
                        assert d.due is not None
                        code, due = string(d.code), json_time(d.due.replace(tzinfo=VN))
                    after = next_before = snapshot(STATUS_AFTER[action], code, due)
                actor = receiver if action in RECEIVER_ACTS else specialist
                self.tiebreak += 1
                event = (t, self.tiebreak, action, d.pk, actor.pk, before, after)
                heapq.heappush(self.pending, event)
                before = next_before
                if action == "hand_over":
                    hand_overs.append(self._hand_over(d, t, ho_positions))
        copy_in(HandOver._meta.db_table, self.hand_over_row.columns, hand_overs)
        self._flush(until)
        if len(self.events) + len(self.flag_events) > EVENTS_IN_MEMORY:
            self.write_cells()

    def _hand_over(self, d: Planned, t: dt.datetime, positions: tuple[int, ...]) -> list[Any]:
        """The HandOver row of the hand-over act (what dossiers.services.hand_over writes)."""
        unit_pk = self.units[d.unit].pk
        receiver, specialist = self.staff[unit_pk]
        finished = d.resolved or d.ended
        timeliness = ""
        if finished is not None and d.due is not None:
            late = finished.date() > d.due.date()
            timeliness = Timeliness.LATE.value if late else Timeliness.ON_TIME.value
        row = self.hand_over_row.defaults.copy()
        values = (
            self._take_id(HandOver),
            d.pk,
            1,
            "Chuyển xử lý",
            receiver.pk,
            specialist.pk,
            unit_pk,
            self.time_value(t),
            self.time_value(d.due or t),
            self.time_value(finished),
            timeliness,
        )
        for position, value in zip(positions, values, strict=True):
            row[position] = value
        return row

    def _flush(self, until: dt.datetime | None) -> None:
        """Append to the chain every pending event up to `until` (all if None), in time order.

        The rows are what audit.services.record writes: the same hash (audit.chain.event_hash)
        over the same JSON values, the canonical JSON joined from the pieces built per act.
        """
        head = _lock_head()
        seq, prev = head.last_seq, head.last_hash
        rows = []
        pending, origin, labels = self.pending, self.origin, self.actor_labels
        key = chain_key()
        while pending and (until is None or pending[0][0] < until):
            t, _, action, pk, actor, before, after = heapq.heappop(pending)
            seq += 1
            at = t - self.offset
            object_id = str(pk)
            digest = keyed_hash(
                key,
                canonical_event(
                    seq=seq,
                    at=at.isoformat(timespec="microseconds") + "+00:00",
                    actor=actor,
                    actor_label=labels[actor],
                    action=action,
                    object_id=object_id,
                    before=before,
                    after=after,
                    origin=origin,
                    prev=prev,
                ),
            )
            rows.append(
                (
                    self._take_id(AuditEvent),
                    0,
                    seq,
                    at.replace(tzinfo=dt.UTC) if self.postgres else str(at),
                    actor,
                    self.labels[actor],
                    action,
                    "dossier",
                    object_id,
                    before,
                    after,
                    origin,
                    prev,
                    digest,
                )
            )
            prev = digest
        copy_in(AuditEvent._meta.db_table, AUDIT_COLUMNS, rows)
        head.last_seq, head.last_hash = seq, prev
        head.save(update_fields=["last_seq", "last_hash"])
        self.summary.events += len(rows)

    def write_cells(self) -> None:
        """Add the summed cells to the summary table (one upsert; a COPY first on PostgreSQL)."""
        cells: Counter[Key] = Counter()
        for (unit, version, kind, day), n in self.events.items():
            field, level = self.keys.group(version)
            for grain, start in grains(day):
                for scope in self.keys.scopes(unit):
                    cells[(scope, field, level, kind, grain, start)] += n
        self.events.clear()
        self.write_flag_cells()
        rows = [
            (scope, field, level, kind, grain, day, n)
            for (scope, field, level, kind, grain, day), n in cells.items()
        ]
        if not rows:
            return
        columns = "unit_id, field_id, level, kind, grain, day, n"
        upsert = (
            "ON CONFLICT (unit_id, grain, day, field_id, level, kind) "
            f"DO UPDATE SET n = {TABLE}.n + excluded.n"
        )
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "CREATE TEMP TABLE bench_cells (unit_id bigint, field_id bigint, "
                    "level text, kind smallint, grain text, day date, n integer) ON COMMIT DROP"
                )
                copy_in("bench_cells", columns.split(", "), rows)
                cursor.execute(
                    f"INSERT INTO {TABLE} ({columns}) SELECT {columns} "  # noqa: S608
                    f"FROM bench_cells {upsert}"
                )
                cursor.execute("DROP TABLE bench_cells")
            else:
                marks = ", ".join(["%s"] * 7)
                cursor.executemany(
                    f"INSERT INTO {TABLE} ({columns}) VALUES ({marks}) {upsert}",  # noqa: S608
                    rows,
                )

    def write_flag_cells(self) -> None:
        """Add the summed flag events to the flag summary (as `flags.add_cells` after
        `flags.count`, which spreads each over its scopes and grains)."""
        cells: Counter[flags.FlagKey] = Counter()
        for (unit, kind, procedure, day), n in self.flag_events.items():
            flags.count(cells, self.keys.scopes(unit), [(kind, procedure, day, n)], 1)
        self.flag_events.clear()
        flags.add_cells(cells)

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
        codes = [u.agency_code for u in self.units]  # the code's agency part: the full code
        for row in DailySequence.objects.filter(agency_code__in=codes):
            self.sequences[(row.agency_code, row.day)] = row.last
