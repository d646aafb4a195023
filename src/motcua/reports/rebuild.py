"""Recomputing the report summary from the dossier rows: `fill`/`fill_flags` (also with the
historical models of a migration), `rebuild` (`motcua report rebuild-summary`) and
`differences` (`check-summary`, and the drift check after every database test)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from typing import Any

from django.db import connection, transaction

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.payments.models import Payment
from motcua.portal.models import OutboxMessage
from motcua.reports import flags
from motcua.reports.cells import DAY_FIELDS, TIME_FIELDS, Days, Key, Keys, add_cells, local_day
from motcua.reports.models import FlagCell, ReportCell
from motcua.units.models import Unit
from motcua.units.tree import units_below

# -- recomputing from the rows ---------------------------------------------------------------


def expected_cells(
    dossier_model: Any, unit_id: int, keys: Keys, within: Collection[int] | None = None
) -> tuple[Counter[Key], list[tuple[Any, ...]]]:
    """The cells of the dossiers of one competent unit recomputed from the rows' times, and the
    day columns to correct."""
    cells: Counter[Key] = Counter()
    wrong = []
    rows = (
        dossier_model.objects.filter(competent_unit_id=unit_id, accepted_at__isnull=False)
        .values_list("pk", "procedure_version_id", "channel", *TIME_FIELDS, *DAY_FIELDS)
        .order_by()
    )
    for pk, version, channel, *rest in rows.iterator(chunk_size=5000):
        new: Days = (local_day(rest[0]), local_day(rest[1]), local_day(rest[2]), local_day(rest[3]))
        if new != tuple(rest[4:]):
            wrong.append((*new, pk))
        keys.count(cells, unit_id, version, channel == "online", new, +1, within)
    return cells, wrong


def fill(  # noqa: PLR0917
    dossier_model: Any,
    cell_model: Any,
    unit_model: Any,
    version_model: Any,
    scopes: Collection[int] | None = None,
    fix_days: bool = True,
) -> dict[str, int]:
    """Recompute the cells of `scopes` (every unit when None) from the rows, and (fix_days) the
    day columns of the dossiers read. Works with the historical models of a migration too."""
    stats = {"units": 0, "cells": 0, "dossiers_corrected": 0}
    keys = Keys(unit_model, version_model)
    if scopes is None:
        cell_model.objects.all().delete()
        competent = set(dossier_model.objects.values_list("competent_unit_id", flat=True))
        within: set[int] | None = None
    else:
        within = set(scopes)
        cell_model.objects.filter(unit_id__in=within).delete()
        competent = units_below(within, unit_model)
    table = connection.ops.quote_name(dossier_model._meta.db_table)
    set_days = ", ".join(f"{connection.ops.quote_name(f)} = %s" for f in DAY_FIELDS)
    adapt = connection.ops.adapt_datefield_value
    for unit_id in sorted(competent):
        cells, wrong = expected_cells(dossier_model, unit_id, keys, within)
        if fix_days:
            # Dossiers never accepted have no events; their day columns are cleared too.
            dossier_model.objects.filter(
                competent_unit_id=unit_id, accepted_at__isnull=True
            ).exclude(accepted_day=None, due_day=None, resolved_day=None, ended_day=None).update(
                **dict.fromkeys(DAY_FIELDS)
            )
            if wrong:
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {table} SET {set_days} WHERE id = %s",  # noqa: S608
                        [(*(adapt(d) for d in row[:4]), row[4]) for row in wrong],
                    )
            stats["dossiers_corrected"] += len(wrong)
        add_cells(cells)
        stats["units"] += 1
    stats["cells"] = cell_model.objects.filter(
        **({} if within is None else {"unit_id__in": within})
    ).count()
    return stats


def expected_flags(
    dossier_model: Any,
    unit_id: int,
    keys: Keys,
    facts: flags.Facts,
    within: Collection[int] | None = None,
) -> tuple[Counter[flags.FlagKey], list[tuple[list[list[Any]], int]]]:
    """The flag cells of the dossiers of one competent unit recomputed from the rows (and their
    payments and portal messages), and the stored event lists to correct."""
    cells: Counter[flags.FlagKey] = Counter()
    wrong = []
    facts.load(competent_unit_id=unit_id)
    scopes = [s for s in keys.scopes(unit_id) if within is None or s in within]
    rows = dossier_model.objects.filter(competent_unit_id=unit_id).only(
        "pk", "procedure_version_id", *flags.FIELDS
    )
    for d in rows.order_by().iterator(chunk_size=5000):
        new = facts.events_of(d, keys.procedure(d.procedure_version_id))
        if new != flags.stored(d):
            wrong.append(([list(e) for e in new], d.pk))
        flags.count(cells, scopes, new, +1)
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
    facts = flags.Facts(payment_model, message_model)
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
        flags.add_cells(cells)
    stats["flag_cells"] = flag_model.objects.filter(
        **({} if within is None else {"unit_id__in": within})
    ).count()
    return stats


def rebuild(scopes: Collection[int] | None = None) -> dict[str, int]:
    """Recompute the summary of `scopes` (all when None) and the day columns from the rows."""

    with transaction.atomic():
        stats = fill(Dossier, ReportCell, Unit, ProcedureVersion, scopes)
        models = (Dossier, FlagCell, Unit, ProcedureVersion, Payment, OutboxMessage)
        stats.update(fill_flags(*models, scopes))
        return stats


def differences() -> list[str]:
    """Where the stored summary differs from the rows (empty when exact). Inside a transaction
    that wrote, call reports.touched.flush() first (its resync waits for the commit)."""

    keys = Keys()
    expected: Counter[Key] = Counter()
    found = []
    for unit_id in sorted(set(Dossier.objects.values_list("competent_unit_id", flat=True))):
        cells, wrong = expected_cells(Dossier, unit_id, keys)
        expected.update(cells)
        found += [f"hồ sơ #{row[4]}: cột ngày lệch với thời điểm" for row in wrong]
    stored: Counter[Key] = Counter()
    fields = ("unit_id", "field_id", "level", "kind", "grain", "day", "n")
    for *key, n in ReportCell.objects.values_list(*fields).iterator(chunk_size=5000):
        stored[tuple(key)] += n
    for key in sorted(set(expected) | set(stored), key=str):
        if expected[key] != stored[key]:
            found.append(f"ô {key}: bảng tổng hợp {stored[key]}, tính lại {expected[key]}")
    return found + flag_differences(keys)


def flag_differences(keys: Keys) -> list[str]:
    """Where the flag cells (reports.FlagCell) or the stored flag events differ from the rows."""

    facts = flags.Facts()
    expected: Counter[flags.FlagKey] = Counter()
    found = []
    for unit_id in sorted(set(Dossier.objects.values_list("competent_unit_id", flat=True))):
        cells, wrong = expected_flags(Dossier, unit_id, keys, facts)
        expected.update(cells)
        found += [f"hồ sơ #{pk}: sự kiện chỉ số lệch với hồ sơ" for _, pk in wrong]
    stored: Counter[flags.FlagKey] = Counter()
    fields = ("unit_id", "procedure_id", "kind", "grain", "day", "n")
    for *key, n in FlagCell.objects.values_list(*fields).iterator(chunk_size=5000):
        stored[tuple(key)] += n
    for key in sorted(set(expected) | set(stored), key=str):
        if expected[key] != stored[key]:
            found.append(f"ô chỉ số {key}: bảng tổng hợp {stored[key]}, tính lại {expected[key]}")
    return found
