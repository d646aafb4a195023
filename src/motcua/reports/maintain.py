"""Keeping the report summary exact as dossiers change: `resync` moves a dossier's events from
its stored days to its new ones (and its flag events), in the transaction that changed it
(reports/touched.py collects them); the signals recompute the scopes of a moved unit or a
regrouped procedure version (reports/cells.py explains the table)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

from django.db import transaction

from motcua.dossiers.models import Channel, Dossier
from motcua.reports import flags
from motcua.reports.cells import DAY_FIELDS, TIME_FIELDS, Days, Key, Keys, add_cells, local_day
from motcua.reports.rebuild import rebuild


def _new_days(d: Any) -> Days:
    return (
        local_day(d.accepted_at),
        local_day(d.due_at),
        local_day(d.resolved_at),
        local_day(d.ended_at),
    )


def resync(dossiers: Iterable[Any], keys: Keys | None = None) -> int:
    """Bring the summary and the day columns of `dossiers` in line with their times.

    Must run in the transaction that changed the times. Returns how many dossiers moved."""

    dossiers = list(dossiers)
    keys = keys or Keys()
    for d in dossiers:
        keys.learn(d)
    deltas: Counter[Key] = Counter()
    moved = []
    flagged = resync_flags(dossiers, keys)
    for d in dossiers:
        old: Days = (d.accepted_day, d.due_day, d.resolved_day, d.ended_day)
        new = _new_days(d)
        if old == new:
            continue
        online = d.channel == Channel.ONLINE
        keys.count(deltas, d.competent_unit_id, d.procedure_version_id, online, old, -1)
        keys.count(deltas, d.competent_unit_id, d.procedure_version_id, online, new, +1)
        d.accepted_day, d.due_day, d.resolved_day, d.ended_day = new
        moved.append(d)
    add_cells(deltas)
    # One UPDATE for both parts (an act's dossier usually changes both): a dossier in only one
    # of them gets its other columns written with the values it was read with.
    changed = list({d.pk: d for d in (*moved, *flagged)}.values())
    fields = [*(DAY_FIELDS if moved else ()), *(["flag_events"] if flagged else [])]
    if len(changed) == 1:  # an act: a plain UPDATE (bulk_update's CASE costs more to build)
        Dossier.objects.filter(pk=changed[0].pk).update(
            **{name: getattr(changed[0], name) for name in fields}
        )
    elif changed:
        Dossier.objects.bulk_update(changed, fields, batch_size=2000)
    return len(moved)


def resync_flags(dossiers: list[Any], keys: Keys) -> list[Any]:
    """The flag part of `resync` (reports/flags.py): each dossier's flag events recomputed from
    its row, its payments and its latest portal message; the difference from the stored list
    is moved in the cells. Returns the dossiers whose `flag_events` changed (not yet saved)."""
    if not dossiers:
        return []
    # Only an accepted dossier's events read its procedure, payments and portal messages
    # (flags.flag_events); the others' come from the row alone (an intake not yet accepted).
    accepted = [d.pk for d in dossiers if d.accepted_at is not None]
    facts = flags.Facts().load_ids(accepted) if accepted else flags.Facts()
    deltas: Counter[flags.FlagKey] = Counter()
    changed = []
    for d in dossiers:
        if d.accepted_at is not None:
            new = facts.events_of(d, keys.procedure(d.procedure_version_id))
        else:
            new = flags.flag_events(d, flags.NO_PROCEDURE, owes=False, latest_state=None)
        old = flags.stored(d)
        if new == old:
            continue
        scopes = keys.scopes(d.competent_unit_id)
        flags.count(deltas, scopes, old, -1)
        flags.count(deltas, scopes, new, +1)
        d.flag_events = [list(e) for e in new]
        changed.append(d)
    flags.add_cells(deltas)
    return changed


def resync_ids(dossier_ids: Collection[int]) -> int:
    """`resync` of dossiers by id (the payment, certification and portal write paths, where
    what changed is not the dossier instance at hand or not the dossier at all)."""

    fields = ("pk", "competent_unit_id", "procedure_version_id", "channel")
    # Locked: an act holding the dossier must not save flag events read before this change.
    chunk = (
        Dossier.objects.select_for_update()
        .filter(pk__in=list(dossier_ids))
        .only(*fields, *TIME_FIELDS, *DAY_FIELDS, *flags.FIELDS)
    )
    with transaction.atomic():
        return resync(chunk)


def forget(queryset: Any) -> None:
    """Take dossiers out of the summary (before a bulk write that may change their unit,
    procedure version or channel: the importer's re-import); `resync` counts them again."""

    keys = Keys()
    deltas: Counter[Key] = Counter()
    gone = []
    flag_deltas: Counter[flags.FlagKey] = Counter()
    fields = ("pk", "competent_unit_id", "procedure_version_id", "channel", *DAY_FIELDS)
    for d in queryset.only(*fields, "flag_events"):
        old: Days = (d.accepted_day, d.due_day, d.resolved_day, d.ended_day)
        online = d.channel == Channel.ONLINE
        keys.count(deltas, d.competent_unit_id, d.procedure_version_id, online, old, -1)
        flags.count(flag_deltas, keys.scopes(d.competent_unit_id), flags.stored(d), -1)
        d.accepted_day = d.due_day = d.resolved_day = d.ended_day = None
        d.flag_events = None
        gone.append(d)
    add_cells(deltas)
    flags.add_cells(flag_deltas)
    Dossier.objects.bulk_update(gone, [*DAY_FIELDS, "flag_events"], batch_size=2000)


def resync_all(queryset: Any, batch: int = 5000) -> int:
    """`resync` over a queryset of dossiers, in batches (the importer's path)."""

    fields = ("pk", "competent_unit_id", "procedure_version_id", "channel")
    pks = list(queryset.values_list("pk", flat=True))
    moved, keys = 0, Keys()
    for start in range(0, len(pks), batch):
        chunk = Dossier.objects.filter(pk__in=pks[start : start + batch]).only(
            *fields, *TIME_FIELDS, *DAY_FIELDS, *flags.FIELDS
        )
        moved += resync(chunk, keys)
    return moved


# -- keeping the keys: a unit moved, a version regrouped ---------------------------------------


def _ancestors(unit_id: int | None) -> set[int]:
    return set(Keys().scopes(unit_id)) if unit_id is not None else set()


def on_unit_pre_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
    instance._summary_old_parent = old


def on_unit_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A unit moved under another parent: its old and new ancestors' cells are recomputed."""
    old = getattr(instance, "_summary_old_parent", instance.parent_id)
    if raw or old == instance.parent_id:
        return
    scopes = _ancestors(old) | _ancestors(instance.parent_id)
    with transaction.atomic():
        rebuild(scopes)


def on_version_pre_save(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    instance._summary_old_group = (
        sender.objects.filter(pk=instance.pk).values_list("field_id", "level").first()
    )


def on_version_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A version's field or level changed (catalogue reload): the scopes of the units that have
    dossiers of it are recomputed."""
    old = getattr(instance, "_summary_old_group", None)
    if raw or old is None or old == (instance.field_id, instance.level):
        return

    units = Dossier.objects.filter(procedure_version=instance, accepted_at__isnull=False)
    scopes: set[int] = set()
    for unit_id in set(units.values_list("competent_unit_id", flat=True)):
        scopes |= _ancestors(unit_id)
    if scopes:
        with transaction.atomic():
            rebuild(scopes)
