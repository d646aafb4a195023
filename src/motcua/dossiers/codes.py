"""Dossier codes: {agency code}-{yyMMdd}-{NNNN}, the sequence reset daily per agency.

The agency part follows the text in force on the day (``motcua.domain.dossier_code``: the full
mã định danh, TT 01/2018/TT-VPCP Art. 19).

Gapless and unique also with several processes: the number is drawn in the accepting
transaction from the agency's counter of the day (core/sequences.py, the one helper of every
gapless counter), so a rolled-back acceptance gives its number back.
"""

from __future__ import annotations

import datetime as dt

from motcua.core.sequences import next_number
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


def next_dossier_code(agency_code: str, day: dt.date) -> str:
    """The day's next code of the agency (core/sequences.py). The day's first number starts
    after any code already used under the prefix (imported dossiers): only then, since the
    prefix query reads every code (a LIKE cannot use the code index on SQLite, nor on PostgreSQL
    outside the C collation), and later imports keep the row right through sync_sequences."""
    code_prefix = prefix(agency_code, day)
    number = next_number(
        DailySequence, start=lambda: highest_number(code_prefix), agency_code=agency_code, day=day
    )
    return f"{code_prefix}{number:04d}"


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
