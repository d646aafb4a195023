"""The QĐ 766 dossier counts in the summary (reports.FlagCell), kept exact like the II.06a cells.

What `indicators._dossier_flags` and `portal.services.sync_counts` count from the rows — the
channel split, digitised, reused, fees and payments, certified copies, electronic results,
returns by post, online submissions, portal synchronisation — are all "how many dossiers (or how
many đồng, how many copies) had an event with some property on a day of [from, to]". A dossier's
**flag events** (`flag_events`) are (kind, procedure, day, n) tuples: the property is in the
kind, the day is the acceptance, resolution, return or submission day, and n is 1 (or the amount
for the sums). Cells hold the sums by scope unit × procedure × kind × grain × day, exactly as
ReportCell does (summary.py): a period is C(to + 1) − C(from).

`procedure` is 0 except for the two kinds counted *distinct by procedure* ("TTHC có phát sinh
phí", "TTHC có thanh toán trực tuyến"): there it is the procedure id, and the distinct count is
the number of procedures whose count in the period is not zero.

Unlike the four day columns, a dossier's flags also depend on rows of other tables: whether it
owes a fee (a waiting or paid Payment with an amount) and the state of its latest portal
message. So each dossier stores the event list it was last counted with (`Dossier.flag_events`,
JSON; null = not counted) and `maintain.resync` moves the difference — from the dossier acts, the
payment services, the certification of copies, the outbox (a new message, a delivery state
change), the importer; the generator writes its cells itself; `rebuild.fill` recomputes them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

from django.db import connection

from motcua.core.sql import fetch_all, marks
from motcua.payments.models import Payment
from motcua.portal.models import OutboxMessage
from motcua.reports.cells import ONE_DAY, cumulative_cells, grains, local_day, upsert_cells

# Chứng thực bản sao từ bản chính (NĐ 23/2015 Điều 5; the e-copy: NĐ 45/2020 Điều 10), and the
# certified copy from the original of a certified contract. National codes of the catalogue.
CERTIFIED_COPY_PROCEDURES = ("2.000815", "2.000942")
OWING = ("waiting", "paid")  # PaymentStatus values that make a dossier "with a fee"
SENT = "sent"  # MessageState.SENT
TABLE = "reports_flagcell"

# Kinds. On the acceptance day:
(ACCEPTED, ACC_ONLINE, ACC_COUNTER, ACC_POSTAL, DIGITISED, REUSED, WITH_FEE, PAID_ONLINE_FEE,
 CERTIFIED, E_CERTIFIED, E_COPIES, FEES_ONLINE, FEES_ONLINE_N, FEES_DESK, FEES_DESK_N,
 SYNC_SENT, SYNC_IMPORTED) = range(1, 18)  # fmt: skip
# On the resolution day, the return day, the submission (received) day:
RESOLVED, E_RESULT, RETURNED_POST, SUBMITTED, SUBMITTED_FULL, SUBMITTED_PARTIAL = range(18, 24)
BY_PROCEDURE = (WITH_FEE, PAID_ONLINE_FEE)
ACCEPTED_KINDS = {
    "accepted": ACCEPTED,
    "accepted_online": ACC_ONLINE,
    "accepted_counter": ACC_COUNTER,
    "accepted_postal": ACC_POSTAL,
    "digitised": DIGITISED,
    "reused": REUSED,
    "with_fee": WITH_FEE,
    "paid_online_n": PAID_ONLINE_FEE,
    "certified": CERTIFIED,
    "e_certified": E_CERTIFIED,
    "e_copies": E_COPIES,
    "fees_online": FEES_ONLINE,
    "fees_online_dossiers": FEES_ONLINE_N,
    "fees_desk": FEES_DESK,
    "fees_desk_dossiers": FEES_DESK_N,
    "resolved": RESOLVED,
    "electronic_results": E_RESULT,
    "returned_by_post": RETURNED_POST,
    "submitted_online": SUBMITTED,
    "submitted_full": SUBMITTED_FULL,
    "submitted_partial": SUBMITTED_PARTIAL,
}
CHANNEL_KIND = {"online": ACC_ONLINE, "counter": ACC_COUNTER, "postal": ACC_POSTAL}
# The dossier columns the flags read (besides pk, competent_unit_id, procedure_version_id).
FIELDS = (
    "channel",
    "accepted_at",
    "received_at",
    "resolved_at",
    "returned_at",
    "result_delivery",
    "online_level",
    "has_digitised_components",
    "has_reused_data",
    "fees_collected",
    "paid_online",
    "e_certified_copies",
    "electronic_certified_copy",
    "electronic_result",
    "imported",
    "flag_events",
)
Event = tuple[int, int, str, int]  # kind, procedure (0 = not by procedure), ISO day, n
FlagKey = tuple[int, int, int, str, dt.date]  # scope unit, procedure, kind, grain, day
Group = tuple[int, int]  # procedure, kind
NO_PROCEDURE = (0, "")  # for a dossier not accepted: its events do not read the procedure


def flag_events(
    d: Any, procedure: tuple[int, str], owes: bool, latest_state: str | None
) -> list[Event]:
    """The flag events of one dossier (the definitions of `indicators._dossier_flags` and
    `portal.services.sync_counts`, one dossier at a time), sorted.

    `procedure`, `owes` and `latest_state` are read only for an accepted dossier
    (`maintain.resync_flags` does not look them up for the others)."""

    procedure_id, procedure_code = procedure
    out: list[Event] = []

    def add(kind: int, day: dt.date, n: int = 1, by: int = 0) -> None:
        if n:
            out.append((kind, by, day.isoformat(), n))

    accepted = local_day(d.accepted_at)
    if accepted is not None:
        add(ACCEPTED, accepted)
        if d.channel in CHANNEL_KIND:
            add(CHANNEL_KIND[d.channel], accepted)
        add(DIGITISED, accepted, int(d.has_digitised_components))
        add(REUSED, accepted, int(d.has_reused_data))
        if d.fees_collected > 0 or owes:
            add(WITH_FEE, accepted, by=procedure_id)
            add(PAID_ONLINE_FEE, accepted, int(d.paid_online), by=procedure_id)
        if procedure_code in CERTIFIED_COPY_PROCEDURES:
            add(CERTIFIED, accepted)
            e_copy = d.e_certified_copies > 0 or d.electronic_certified_copy
            add(E_CERTIFIED, accepted, int(e_copy))
        add(E_COPIES, accepted, d.e_certified_copies)
        if d.paid_online:
            add(FEES_ONLINE, accepted, d.fees_collected)
            add(FEES_ONLINE_N, accepted, int(d.fees_collected > 0))
        else:
            add(FEES_DESK, accepted, d.fees_collected)
            add(FEES_DESK_N, accepted, int(d.fees_collected > 0))
        add(SYNC_SENT, accepted, int(latest_state == SENT))
        add(SYNC_IMPORTED, accepted, int(d.imported and latest_state is None))
    resolved = local_day(d.resolved_at)
    if resolved is not None:
        add(RESOLVED, resolved)
        add(E_RESULT, resolved, int(d.electronic_result))
    returned = local_day(d.returned_at)
    if returned is not None and d.result_delivery == "post":
        add(RETURNED_POST, returned)
    received = local_day(d.received_at)
    if received is not None and d.channel == "online":
        add(SUBMITTED, received)
        add(SUBMITTED_FULL, received, int(d.online_level == "full"))
        add(SUBMITTED_PARTIAL, received, int(d.online_level == "partial"))
    return sorted(out)


def stored(d: Any) -> list[Event]:
    """The events `d` was last counted with (JSON lists back to tuples)."""
    return sorted(tuple(e) for e in (d.flag_events or []))


class Facts:
    """What the flags read outside the dossier row, for a set of dossiers: whether each owes a
    fee, the state of its latest portal message, and its procedure (id, code) — read in bulk."""

    def __init__(self, payment_model: Any = None, message_model: Any = None) -> None:
        if payment_model is None or message_model is None:
            payment_model, message_model = Payment, OutboxMessage
        self.payment_model, self.message_model = payment_model, message_model
        self.owing: set[int] = set()
        self.latest: dict[int, str] = {}

    def load(self, **dossier_filter: Any) -> Facts:
        """Read the facts of the dossiers matching `dossier_filter` (keys relative to Dossier,
        e.g. pk__in=…, competent_unit_id=…)."""
        where = {f"dossier__{k}": v for k, v in dossier_filter.items()}
        self.owing = set(
            self.payment_model.objects.filter(amount__gt=0, status__in=OWING, **where)
            .values_list("dossier_id", flat=True)
            .order_by()
        )
        seqs: dict[int, int] = {}
        self.latest = {}
        rows = self.message_model.objects.filter(**where).values_list("dossier_id", "seq", "state")
        for dossier_id, seq, state in rows.order_by().iterator(chunk_size=5000):
            if seq > seqs.get(dossier_id, -1):
                seqs[dossier_id], self.latest[dossier_id] = seq, state
        return self

    def load_ids(self, dossier_ids: list[int]) -> Facts:
        """`load(pk__in=dossier_ids)` in two statements written once (the acts' path: the
        ORM's query compilation cost more than the reads)."""
        payments = connection.ops.quote_name(self.payment_model._meta.db_table)
        messages = connection.ops.quote_name(self.message_model._meta.db_table)
        owing = fetch_all(
            f"SELECT dossier_id FROM {payments} WHERE amount > 0 "  # noqa: S608
            f"AND status IN ({marks(OWING)}) AND dossier_id IN ({marks(dossier_ids)})",
            [*OWING, *dossier_ids],
        )
        self.owing = {dossier_id for (dossier_id,) in owing}
        self.latest = {}
        seqs: dict[int, int] = {}
        for dossier_id, seq, state in fetch_all(
            f"SELECT dossier_id, seq, state FROM {messages} "  # noqa: S608
            f"WHERE dossier_id IN ({marks(dossier_ids)})",
            dossier_ids,
        ):
            if seq > seqs.get(dossier_id, -1):
                seqs[dossier_id], self.latest[dossier_id] = seq, state
        return self

    def events_of(self, d: Any, procedure: tuple[int, str]) -> list[Event]:
        return flag_events(d, procedure, d.pk in self.owing, self.latest.get(d.pk))


def count(
    deltas: Counter[FlagKey],
    scopes: Collection[int],
    happened: Iterable[Event],
    sign: int,
) -> None:

    for kind, procedure, day, n in happened:
        for grain, start in grains(dt.date.fromisoformat(day)):
            for scope in scopes:
                deltas[(scope, procedure, kind, grain, start)] += sign * n


def add_cells(deltas: Counter[FlagKey]) -> None:

    upsert_cells(TABLE, ("unit_id", "procedure_id", "kind", "grain", "day"), deltas)


def period_flags(scopes: Collection[int], start: dt.date, end: dt.date) -> dict[str, int]:
    """The counts of `indicators._dossier_flags` and of sync_counts for [start, end], from the
    cells of `scopes` (each a unit and every unit below it)."""

    c = cumulative_cells(TABLE, ("procedure_id", "kind"), scopes, [start, end + ONE_DAY])
    before, until = c[start], c[end + ONE_DAY]
    period: Counter[Group] = Counter()
    for key in set(before) | set(until):
        period[key] = until[key] - before[key]
    by_kind: Counter[int] = Counter()
    for (_, kind), n in period.items():
        by_kind[kind] += n
    out = {name: by_kind[kind] for name, kind in ACCEPTED_KINDS.items()}
    out["procedures_with_fee"] = sum(1 for (_, k), n in period.items() if k == WITH_FEE and n)
    out["procedures_paid_online"] = sum(
        1 for (_, k), n in period.items() if k == PAID_ONLINE_FEE and n
    )
    out["sync_sent"] = by_kind[SYNC_SENT]
    out["sync_imported"] = by_kind[SYNC_IMPORTED]
    return out
