"""dossiers imports neither payments nor eforms: what it asks of them goes through registries
those apps fill from their AppConfig.ready (dossiers/fee_rules.py, dossiers/counter_eform.py,
dossiers/detail_extras.py). Each is filled, answers with the payments app's own rule, and a
missing one fails loudly — it never releases a result unpaid."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured

from motcua.dossiers import collection, counter_eform, detail_extras, fee_rules
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.eforms.pages import INVALID, PageForm
from motcua.payments.models import Payment
from motcua.payments.services import dossier_balance
from tests.payments.conftest import waiting_total


def test_start_up_reports_no_unfilled_registry() -> None:
    ids = {message.id for message in run_checks()}
    assert "dossiers.E001" not in ids
    assert "dossiers.E002" not in ids


def test_the_dossier_page_gets_the_fees_the_e_form_and_the_applicant_note() -> None:
    assert {"payments", "eform", "applicant_note"} <= detail_extras.added()


@pytest.mark.django_db
def test_the_balance_check_is_the_payments_rule_and_holds_the_result_back(
    owing: Dossier,
) -> None:
    assert fee_rules.owed(owing) == dossier_balance(owing) == waiting_total(owing) == 10_000
    with pytest.raises(DossierError, match=r"còn 10\.000"):
        collection.check_nothing_owed(owing)


@pytest.mark.django_db
def test_a_receipt_number_names_its_dossier_and_a_waiting_fee_is_flagged(owing: Dossier) -> None:
    Payment.objects.filter(dossier=owing).update(receipt_number="BL-2024-000123")
    assert fee_rules.receipt_dossiers("bl-2024-000123", 10) == [owing.pk]
    assert fee_rules.receipt_dossiers("BL-2024-999999", 10) == []
    flagged = Dossier.objects.annotate(owes=fee_rules.waiting_fee()).get(pk=owing.pk)
    assert flagged.owes is True


def test_the_counter_intake_gets_the_e_form_of_the_eforms_app() -> None:
    assert isinstance(counter_eform.counter_eform(None), PageForm)
    assert counter_eform.invalid_message() == INVALID


@pytest.mark.django_db
def test_without_the_payments_rule_nothing_is_released_and_start_up_says_so(
    owing: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fee_rules, "_RULES", {})
    with pytest.raises(ImproperlyConfigured):
        collection.check_nothing_owed(owing)
    assert [m.id for m in fee_rules.check_fee_rules()] == ["dossiers.E001"]
    monkeypatch.setattr(counter_eform, "_MAKE", {})
    with pytest.raises(ImproperlyConfigured):
        counter_eform.counter_eform(None)
    assert [m.id for m in counter_eform.check_counter_eform()] == ["dossiers.E002"]
