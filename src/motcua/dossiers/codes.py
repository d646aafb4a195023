"""Dossier codes: {agency short code}-{yyMMdd}-{NNNN}, the sequence reset daily per agency.

Gapless and unique also with several processes: the increment happens in the accepting
transaction under a row lock (SQLite: the IMMEDIATE transaction holds the write lock;
PostgreSQL: SELECT … FOR UPDATE), so a rolled-back acceptance gives its number back.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from motcua.dossiers.models import DailySequence


def next_dossier_code(agency_code: str, day: dt.date) -> str:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("dossier codes are drawn inside the accepting transaction")
    DailySequence.objects.bulk_create(
        [DailySequence(agency_code=agency_code, day=day, last=0)], ignore_conflicts=True
    )
    sequence = DailySequence.objects.select_for_update().get(agency_code=agency_code, day=day)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{agency_code}-{day:%y%m%d}-{sequence.last:04d}"
