from __future__ import annotations

import pytest
from django.core.cache import cache

from motcua.accounts.models import User
from motcua.catalog.models import Fee
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.payments.models import Payment
from motcua.payments.services import FeeQuantity, assess_fees
from tests.dossiers.conftest import in_march_2024, intake, reference, vn

__all__ = ["in_march_2024", "reference"]


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    """The public pages count attempts per address in the cache; each test starts at zero."""
    cache.clear()


@pytest.fixture
def owing(reference: None, receiving_officer: User) -> Dossier:
    """A certification dossier owing 10.000 đồng (3 pages × 2 copies, TT 226/2016)."""
    dossier = receive_dossier(intake("2.000815"), actor=receiving_officer, at=vn(2024, 3, 4, 8))
    dossier = accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 3, 4, 8))
    fee = Fee.objects.get(version=dossier.procedure_version)
    assess_fees(dossier, [FeeQuantity(fee.pk, pages=3, copies=2)], actor=receiving_officer)
    return dossier


def waiting_total(dossier: Dossier) -> int:
    return sum(p.amount for p in Payment.objects.filter(dossier=dossier, status="waiting"))
