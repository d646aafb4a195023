import datetime as dt

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.catalog.models import Fee, ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.payments.models import Payment
from motcua.payments.services import (
    FeeQuantity,
    PaymentError,
    assess_fees,
    close_payment,
    dossier_balance,
    record_payment,
    totals_by_method,
)
from motcua.units.models import Unit
from tests.dossiers.conftest import intake, vn

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def certification(receiving_officer: User) -> Dossier:
    dossier = receive_dossier(intake("2.000815"), actor=receiving_officer, at=vn(2024, 3, 4, 8))
    return accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 3, 4, 8))


def _fee(dossier: Dossier) -> Fee:
    return Fee.objects.get(version=dossier.procedure_version)


def test_fees_are_computed_from_the_catalogue_and_collected_with_a_receipt(
    certification: Dossier, receiving_officer: User
) -> None:
    [payment] = assess_fees(
        certification,
        [FeeQuantity(_fee(certification).pk, pages=3, copies=2)],
        actor=receiving_officer,
    )
    assert payment.amount == 10_000  # (2 × 2.000 + 1.000) × 2 copies, TT 226/2016
    assert payment.quantity_note == "3 trang × 2 bản"
    assert dossier_balance(certification) == 10_000
    paid = record_payment(payment, actor=receiving_officer, method="cash", at=vn(2024, 3, 4, 9))
    assert paid.receipt_number == "000001/2024"
    assert dossier_balance(certification) == 0
    with pytest.raises(PaymentError, match="không thu được nữa"):
        record_payment(paid, actor=receiving_officer, method="cash")
    [other] = assess_fees(
        certification, [FeeQuantity(_fee(certification).pk, pages=500)], actor=receiving_officer
    )
    assert other.amount == 200_000  # the cap per copy
    second = record_payment(
        other,
        actor=receiving_officer,
        method="transfer",
        bank_reference="FT24064",
        at=vn(2024, 3, 5, 9),
    )
    assert second.receipt_number == "000002/2024"
    totals = totals_by_method(
        certification.receiving_unit, dt.date(2024, 3, 1), dt.date(2024, 3, 31)
    )
    assert totals["cash"] == {"amount": 10_000, "dossiers": 1}
    assert totals["transfer"] == {"amount": 200_000, "dossiers": 1}
    assert totals["online"] == {"amount": 0, "dossiers": 0}
    assert AuditEvent.objects.filter(object_type="payment").count() == 4


def test_an_exemption_is_recorded_with_its_reason(
    certification: Dossier, receiving_officer: User
) -> None:
    [payment] = assess_fees(
        certification,
        [FeeQuantity(_fee(certification).pk, pages=3, exemption_reason="Người có công")],
        actor=receiving_officer,
    )
    assert payment.amount == 0
    assert payment.exemption_reason == "Người có công"


def test_refunds_and_cancellations_need_a_reason_and_the_right_state(
    certification: Dossier, receiving_officer: User
) -> None:
    fee = _fee(certification).pk
    [waiting] = assess_fees(certification, [FeeQuantity(fee)], actor=receiving_officer)
    with pytest.raises(PaymentError, match="Không thể hoàn trả"):
        close_payment(waiting, actor=receiving_officer, refund=True, reason="Thu nhầm")
    cancelled = close_payment(waiting, actor=receiving_officer, refund=False, reason="Thu nhầm")
    assert cancelled.status == "cancelled"
    [other] = assess_fees(certification, [FeeQuantity(fee)], actor=receiving_officer)
    paid = record_payment(other, actor=receiving_officer, method="cash")
    with pytest.raises(PaymentError, match="lý do"):
        close_payment(paid, actor=receiving_officer, refund=True, reason=" ")
    assert close_payment(paid, actor=receiving_officer, refund=True, reason="Trùng").status == (
        "refunded"
    )


def test_bad_payments_write_nothing(certification: Dossier, receiving_officer: User) -> None:
    [payment] = assess_fees(
        certification, [FeeQuantity(_fee(certification).pk)], actor=receiving_officer
    )
    with pytest.raises(PaymentError, match="cần mã giao dịch"):
        record_payment(payment, actor=receiving_officer, method="online")
    payment.refresh_from_db()
    assert payment.status == "waiting"
    assert payment.receipt_number == ""
    with pytest.raises(PaymentError, match="không thuộc thủ tục"):
        assess_fees(certification, [FeeQuantity(999_999)], actor=receiving_officer)
    assert Payment.objects.count() == 1


def test_a_fee_without_an_official_amount_is_not_guessed(
    certification: Dossier, receiving_officer: User
) -> None:
    fee = _fee(certification)
    fee.rule, fee.amount = "fixed", None
    fee.save()
    with pytest.raises(PaymentError, match="chưa có mức thu"):
        assess_fees(certification, [FeeQuantity(fee.pk)], actor=receiving_officer)
    assert not Payment.objects.exists()


def test_the_desk_charges_every_copy_asked_for_under_a_per_copy_fee(
    receiving_officer: User, client: Client
) -> None:
    """3 copies of the marriage extract at 8.000 đồng a copy are 24.000, not 8.000."""
    receiving_officer.unit = Unit.objects.get(code="30406")
    receiving_officer.save()
    version = ProcedureVersion.objects.get(procedure__code="1.000894")
    fee = Fee.objects.create(
        version=version,
        kind="phi",
        name="Phí cấp bản sao Trích lục kết hôn",
        rule="per_unit",
        amount=8000,
        unit_text="mỗi bản sao",
        legal_ref="Thông tư 281/2016/TT-BTC",
    )
    dossier = receive_dossier(intake("1.000894"), actor=receiving_officer, at=vn(2024, 3, 4, 8))
    accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 3, 4, 8))
    client.force_login(receiving_officer)
    page = client.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "Số bản / số lượng" in page
    response = client.post(
        f"/ho-so/{dossier.pk}/thu-phi/", {"fee": fee.pk, "copies": "3", "method": "cash"}
    )
    assert response.status_code == 302
    payment = Payment.objects.get(dossier=dossier, fee=fee)
    assert payment.amount == 24_000
    assert payment.quantity_note == "3 × mỗi bản sao"
