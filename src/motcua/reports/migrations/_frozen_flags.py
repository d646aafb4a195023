"""FROZEN flags for migration 0002 of reports: the summary code as it was when they were
written (reports/cells.py, flags.py and rebuild.py then), so that a later change of the app
cannot change what these migrations do. Works only with the historical models they pass in.
Not a migration (the name starts with "_"); imports nothing of the app (tests/unit/test_layers.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

from django.db import connection

from ._frozen_cells import Keys, grains, local_day, units_below, upsert_cells

TABLE = "reports_flagcell"

CERTIFIED_COPY_PROCEDURES = ("2.000815", "2.000942")

OWING = ("waiting", "paid")  # PaymentStatus values that make a dossier "with a fee"

SENT = "sent"  # MessageState.SENT

(ACCEPTED, ACC_ONLINE, ACC_COUNTER, ACC_POSTAL, DIGITISED, REUSED, WITH_FEE, PAID_ONLINE_FEE,
 CERTIFIED, E_CERTIFIED, E_COPIES, FEES_ONLINE, FEES_ONLINE_N, FEES_DESK, FEES_DESK_N,
 SYNC_SENT, SYNC_IMPORTED) = range(1, 18)  # fmt: skip

RESOLVED, E_RESULT, RETURNED_POST, SUBMITTED, SUBMITTED_FULL, SUBMITTED_PARTIAL = range(18, 24)

CHANNEL_KIND = {"online": ACC_ONLINE, "counter": ACC_COUNTER, "postal": ACC_POSTAL}

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

    def __init__(self, payment_model: Any, message_model: Any) -> None:
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


def expected_flags(
    dossier_model: Any,
    unit_id: int,
    keys: Keys,
    facts: Facts,
    within: Collection[int] | None = None,
) -> tuple[Counter[FlagKey], list[tuple[list[list[Any]], int]]]:
    """The flag cells of the dossiers of one competent unit recomputed from the rows (and their
    payments and portal messages), and the stored event lists to correct."""
    cells: Counter[FlagKey] = Counter()
    wrong = []
    facts.load(competent_unit_id=unit_id)
    scopes = [s for s in keys.scopes(unit_id) if within is None or s in within]
    rows = dossier_model.objects.filter(competent_unit_id=unit_id).only(
        "pk", "procedure_version_id", *FIELDS
    )
    for d in rows.order_by().iterator(chunk_size=5000):
        new = facts.events_of(d, keys.procedure(d.procedure_version_id))
        if new != stored(d):
            wrong.append(([list(e) for e in new], d.pk))
        count(cells, scopes, new, +1)
    return cells, wrong


def fill_flags(  # noqa: PLR0917
    dossier_model: Any,
    flag_model: Any,
    unit_model: Any,
    version_model: Any,
    payment_model: Any,
    message_model: Any,
    scopes: Collection[int] | None = None,
) -> dict[str, int]:
    """Recompute the flag cells of `scopes` (every unit when None) and the stored flag events
    of the dossiers read, from the rows. Works with the historical models of a migration too."""
    stats = {"flag_cells": 0, "flag_dossiers_corrected": 0}
    keys = Keys(unit_model, version_model)
    facts = Facts(payment_model, message_model)
    if scopes is None:
        flag_model.objects.all().delete()
        competent = set(dossier_model.objects.values_list("competent_unit_id", flat=True))
        within: set[int] | None = None
    else:
        within = set(scopes)
        flag_model.objects.filter(unit_id__in=within).delete()
        competent = units_below(within, unit_model)
    table = connection.ops.quote_name(dossier_model._meta.db_table)
    for unit_id in sorted(competent):
        cells, wrong = expected_flags(dossier_model, unit_id, keys, facts, within)
        if wrong:
            adapt = connection.ops.adapt_json_value
            field = dossier_model._meta.get_field("flag_events")
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET flag_events = %s WHERE id = %s",  # noqa: S608
                    [(adapt(events, field.encoder), pk) for events, pk in wrong],
                )
        stats["flag_dossiers_corrected"] += len(wrong)
        add_cells(cells)
    stats["flag_cells"] = flag_model.objects.filter(
        **({} if within is None else {"unit_id__in": within})
    ).count()
    return stats
