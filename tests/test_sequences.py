"""The one gapless counter (core/sequences.py) behind dossier codes, receipts and the
certification book: numbers follow each other per key, a rolled-back act gives its number back,
a first number can start after numbers used elsewhere, and it refuses to run outside a
transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from motcua.core.sequences import next_number
from motcua.dossiers.models import DailySequence
from motcua.payments.models import ReceiptSequence
from motcua.results.models import CertificationSequence
from motcua.units.models import Unit


class RolledBackError(Exception):
    """The act failed after drawing its number."""


def _failed_act(model: type[ReceiptSequence], unit: Unit) -> None:
    with transaction.atomic():
        assert next_number(model, unit=unit, year=2026) == 3
        raise RolledBackError


@pytest.mark.django_db
@pytest.mark.parametrize("model", [ReceiptSequence, CertificationSequence])
def test_a_unit_s_year_counts_without_gaps(model: type[ReceiptSequence]) -> None:
    unit = Unit.objects.create(code="T1", name="Xã Thử", kind="commune")
    other = Unit.objects.create(code="T2", name="Xã Khác", kind="commune")
    with transaction.atomic():
        assert next_number(model, unit=unit, year=2026) == 1
        assert next_number(model, unit=unit, year=2026) == 2
        assert next_number(model, unit=other, year=2026) == 1
        assert next_number(model, unit=unit, year=2027) == 1
    with pytest.raises(RolledBackError):
        _failed_act(model, unit)  # its number is given back
    with transaction.atomic():
        assert next_number(model, unit=unit, year=2026) == 3


@pytest.mark.django_db
def test_a_day_s_first_code_starts_after_the_numbers_already_used() -> None:
    day = dt.date(2026, 3, 2)
    with transaction.atomic():
        assert next_number(DailySequence, start=lambda: 41, agency_code="H56", day=day) == 42
        assert next_number(DailySequence, start=lambda: 99, agency_code="H56", day=day) == 43
        assert next_number(DailySequence, agency_code="H56", day=day + dt.timedelta(1)) == 1


@pytest.mark.django_db(transaction=True)
def test_numbers_are_drawn_only_inside_the_act_s_transaction() -> None:
    with pytest.raises(RuntimeError):
        next_number(DailySequence, agency_code="H56", day=dt.date(2026, 3, 2))
