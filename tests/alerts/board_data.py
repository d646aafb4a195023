"""A province whose leader's alerts board has more alerts than a page (and fewer than two):
shared by the board's tests and its browser test."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.catalog.loader import read_reference
from motcua.catalog.services import load_catalog
from motcua.dossiers.models import Dossier
from motcua.ops.generate import generate
from motcua.ops.synthetic import PROVINCE
from motcua.units.models import Unit
from motcua.units.services import load_reference_units

PASSWORD = "mat-khau-thu-nghiem-2026"
LEADER = "lanhdao-tinh"


def leader_of(username: str, unit: Unit) -> User:
    return create_or_update_staff(
        username=username, full_name=username, role=Role.LEADER, password=PASSWORD, unit=unit
    )


def province_with_alerts() -> Unit:
    """Three generated communes; in the first two, 30 dossiers each put back in progress,
    overdue by 1 to 10 days, in the third 8: over a page, under two. The province leader
    (LEADER) holds every third of them. The rows are changed directly (summary_drift)."""
    load_reference_units()
    load_catalog(read_reference())
    generate(dossiers=300, units=3, years=1, seed=5, now=timezone.now())
    leader = leader_of(LEADER, Unit.objects.get(code=PROVINCE))
    now = timezone.now()
    for number, many in ((1, 30), (2, 30), (3, 8)):
        commune = Unit.objects.get(code=f"{PROVINCE}-{number:04d}")
        ids = list(
            Dossier.objects.filter(receiving_unit=commune)
            .order_by("pk")
            .values_list("pk", flat=True)[:many]
        )
        assert len(ids) == many
        for i, pk in enumerate(ids):
            Dossier.objects.filter(pk=pk).update(
                status="in_progress",
                resolved_at=None,
                returned_at=None,
                ended_at=None,
                due_at=now - dt.timedelta(days=1 + i % 10, hours=i % 7),
                assignee=leader if i % 3 == 0 else None,
            )
    return Unit.objects.get(code=PROVINCE)
