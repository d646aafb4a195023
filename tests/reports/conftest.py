"""Fixtures of the report tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.catalog.services import load_catalog
from motcua.dossiers import issued
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog
from tests.reports.summary_world import moment


@pytest.fixture
def world(db: None, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Units, the catalogue and three officers, at 8:00 on the first day of the summary tests
    (tests/reports/summary_world.py). The forms' PDF rendering is slow and changes no date: a
    fixed stand-in keeps it fast."""
    monkeypatch.setattr(issued, "render_pdf", lambda form, context: b"%PDF-1.4 test")
    settings.MOTCUA_PORTAL = dataclasses.replace(
        settings.MOTCUA_PORTAL, max_attempts=3, backoff_base=0.001, backoff_cap=0.002
    )
    load_reference_units()
    load_catalog(catalog())
    staff = {
        role: create_or_update_staff(username=role.value, full_name="Cán bộ", role=role)
        for role in (Role.RECEIVING_OFFICER, Role.SPECIALIST, Role.LEADER)
    }
    commune = Unit.objects.get(code="30406")
    assert commune.parent is not None
    roots = Unit.objects.filter(parent=None).exclude(pk__in=[commune.pk, commune.parent.pk])
    with time_machine.travel(moment(0, 8), tick=True):
        yield {
            "unit": commune,
            "staff": staff,
            "province": commune.parent,
            "other": roots.first(),
        }
