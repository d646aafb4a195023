"""Dossier codes: {agency code}-{yyMMdd}-{NNNN}, the sequence reset daily per agency.

The agency part follows the text in force on the day (``motcua.domain.dossier_code``: the full
mã định danh, TT 01/2018/TT-VPCP Art. 19).

Gapless and unique also with several processes: the increment happens in the accepting
transaction under a row lock (SQLite: the IMMEDIATE transaction holds the write lock;
PostgreSQL: the row lock of `UPDATE … RETURNING`, or SELECT … FOR UPDATE for the day's first
code), so a rolled-back acceptance gives its number back.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from motcua.domain.dossier_code import dossier_code_prefix_agency
from motcua.dossiers.models import DailySequence, Dossier
from motcua.units.models import Unit


def prefix(agency_code: str, day: dt.date) -> str:
    return f"{agency_code}-{day:%y%m%d}-"


def highest_number(code_prefix: str) -> int:
    """The highest sequence number already used under a prefix (imported dossiers included)."""
    codes = Dossier.objects.filter(code__startswith=code_prefix).values_list("code", flat=True)
    numbers = [
        int(code[len(code_prefix) :])
        for code in codes
        if code and code[len(code_prefix) :].isdigit()
    ]
    return max(numbers, default=0)


def _increment(agency_code: str, day: dt.date) -> int | None:
    """The day's next number in one statement (the UPDATE locks the row as SELECT … FOR UPDATE
    did), or None when the agency has no row for the day yet (or the engine cannot RETURNING)."""
    if not connection.features.can_return_columns_from_insert:  # SQLite before 3.35
        return None
    table, last, agency, day_ = map(
        connection.ops.quote_name, (DailySequence._meta.db_table, "last", "agency_code", "day")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {last} = {last} + 1 "  # noqa: S608
            f"WHERE {agency} = %s AND {day_} = %s RETURNING {last}",
            [agency_code, connection.ops.adapt_datefield_value(day)],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def next_dossier_code(agency_code: str, day: dt.date) -> str:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("dossier codes are drawn inside the accepting transaction")
    number = _increment(agency_code, day)
    if number is not None:
        return f"{prefix(agency_code, day)}{number:04d}"
    sequences = DailySequence.objects.select_for_update()
    sequence = sequences.filter(agency_code=agency_code, day=day).first()
    if sequence is None:
        # The agency's first code of the day: start after any code already used under the
        # prefix (imported dossiers). Only here: the prefix query reads every code (a LIKE
        # cannot use the code index on SQLite, nor on PostgreSQL outside the C collation), and
        # later imports keep the row right through sync_sequences.
        start = highest_number(prefix(agency_code, day))
        DailySequence.objects.bulk_create(
            [DailySequence(agency_code=agency_code, day=day, last=start)], ignore_conflicts=True
        )
        sequence = sequences.get(agency_code=agency_code, day=day)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{prefix(agency_code, day)}{sequence.last:04d}"


def dossier_code_for(agency_code: str, day: dt.date) -> str:
    """The next code of a dossier received that day by the agency (full mã định danh), by the
    rule in force that day."""
    return next_dossier_code(dossier_code_prefix_agency(agency_code, day), day)


def sync_sequences(codes: list[str]) -> None:
    """After an import: no sequence may hand out a number an imported dossier already has."""
    highest: dict[tuple[str, dt.date], int] = {}
    for code in codes:
        parts = code.rsplit("-", 2)
        if len(parts) != 3 or not parts[2].isdigit() or len(parts[1]) != 6:
            continue
        try:
            day = dt.datetime.strptime(parts[1], "%y%m%d").date()
        except ValueError:
            continue
        key = (parts[0], day)
        highest[key] = max(highest.get(key, 0), int(parts[2]))
    # Codes imported in the short form (H01.10.01, a habit of some provincial systems) count for
    # the agency's full code, so that the day's numbers go on after them.
    full = dict(
        Unit.objects.filter(short_code__in={agency for agency, _ in highest})
        .exclude(agency_code="")
        .values_list("short_code", "agency_code")
    )
    merged: dict[tuple[str, dt.date], int] = {}
    for (agency, day), number in highest.items():
        key = (full.get(agency, agency), day)
        merged[key] = max(merged.get(key, 0), number)
    for (agency_code, day), number in merged.items():
        DailySequence.objects.bulk_create(
            [DailySequence(agency_code=agency_code, day=day, last=number)], ignore_conflicts=True
        )
        DailySequence.objects.filter(agency_code=agency_code, day=day, last__lt=number).update(
            last=number
        )
