"""Postal intake and postal return: tracking numbers, dates, delivery, counts."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import approve, hand_over, return_result
from motcua.dossiers.services import DossierError, accept_dossier, receive_dossier
from motcua.postal.models import Shipment
from motcua.postal.services import (
    clean_tracking_number,
    confirm_delivery,
    postal_counts,
    record_postal_arrival,
    s10_check_digit,
)
from motcua.units.models import Unit
from tests.dossiers.conftest import intake, vn

pytestmark = pytest.mark.usefixtures("reference")


def _oracle_s10(serial: str) -> int:
    """UPU S10: weights 8 6 4 2 3 5 9 7; 11 − (sum mod 11); 10 → 0, 11 → 5."""
    total = 0
    for digit, weight in zip(serial, [8, 6, 4, 2, 3, 5, 9, 7], strict=True):
        total += int(digit) * weight
    check = 11 - total % 11
    if check == 10:
        return 0
    if check == 11:
        return 5
    return check


def test_s10_check_digits_of_published_examples() -> None:
    assert s10_check_digit("47312482") == 9  # the S10 standard's example RR 473 124 829 US
    assert clean_tracking_number("rr 473 124 829 us") == "RR473124829US"
    with pytest.raises(DossierError, match="chữ số kiểm tra"):
        clean_tracking_number("RR473124828US")
    with pytest.raises(DossierError, match="6–30"):
        clean_tracking_number("../../x")
    assert clean_tracking_number("VTP-2024-000123") == "VTP2024000123"  # another operator


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_s10_check_digit_matches_the_oracle(serial: str) -> None:
    assert s10_check_digit(serial) == _oracle_s10(serial)


def _postal_dossier(officer: User) -> Dossier:
    base = intake("2.000815")
    return receive_dossier(
        dataclasses.replace(
            base, channel="postal", result_delivery="post", delivery_address="Khóm Trung 3"
        ),
        actor=officer,
        at=vn(2024, 3, 4, 8),
    )


def _returned_by_post(officer: User, tracking: str) -> Dossier:
    dossier = accept_dossier(_postal_dossier(officer), actor=officer, at=vn(2024, 3, 4, 8))
    leader = User.objects.get(username="ld")
    hand_over(dossier, actor=officer, to_user=leader, at=vn(2024, 3, 4, 9))
    approve(dossier, actor=leader, at=vn(2024, 3, 4, 10))
    return return_result(
        dossier, actor=officer, method="post", tracking_number=tracking, at=vn(2024, 3, 4, 14)
    )


@pytest.fixture
def staff(make_staff) -> User:  # type: ignore[no-untyped-def]
    from motcua.accounts.roles import Role
    from motcua.catalog.models import ProcedureVersion

    # as in the real catalogue (catalog/data/procedures.json), certification results go by post
    ProcedureVersion.objects.filter(procedure__code="2.000815").update(
        result_delivery=["desk", "post", "electronic"]
    )
    unit = Unit.objects.get(code="30406")
    leader = make_staff(Role.LEADER, "ld")
    officer = make_staff(Role.RECEIVING_OFFICER, "tn")
    for user in (leader, officer):
        user.unit = unit
        user.save()
    return officer  # type: ignore[no-any-return]


def test_a_result_returned_by_post_opens_a_shipment_that_is_then_delivered(staff: User) -> None:
    dossier = _returned_by_post(staff, "EE123456785VN")
    shipment = Shipment.objects.get(dossier=dossier)
    assert (shipment.direction, shipment.state) == ("out", "transit")
    assert shipment.handed_at == vn(2024, 3, 4, 14)
    with pytest.raises(DossierError, match="trước ngày giao"):
        confirm_delivery(shipment, actor=staff, delivered_at=vn(2024, 3, 3, 9))
    confirm_delivery(shipment, actor=staff, delivered_at=vn(2024, 3, 6, 9))
    shipment.refresh_from_db()
    assert shipment.state == "delivered"
    with pytest.raises(DossierError, match="không ở trạng thái"):
        confirm_delivery(shipment, actor=staff, delivered_at=vn(2024, 3, 6, 9))
    actions = set(
        AuditEvent.objects.filter(object_type="shipment").values_list("action", flat=True)
    )
    assert actions == {"hand_to_post", "confirm_postal_delivery"}


def test_a_wrong_tracking_number_refuses_the_whole_return(staff: User) -> None:
    with pytest.raises(DossierError, match="chữ số kiểm tra"):
        _returned_by_post(staff, "EE123456784VN")
    assert not Shipment.objects.exists()
    assert Dossier.objects.get().returned_at is None  # the act rolled back with the shipment


def test_the_parcel_a_dossier_came_in_is_recorded_once(staff: User) -> None:
    dossier = _postal_dossier(staff)
    record_postal_arrival(
        dossier, actor=staff, tracking_number="EE123456785VN", posted_at=vn(2024, 3, 1, 9)
    )
    with pytest.raises(DossierError, match="đã được ghi"):
        record_postal_arrival(
            dossier, actor=staff, tracking_number="EE123456785VN", posted_at=vn(2024, 3, 1, 9)
        )
    counter = receive_dossier(intake("2.000815"), actor=staff, at=vn(2024, 3, 4, 8))
    with pytest.raises(DossierError, match="qua bưu chính"):
        record_postal_arrival(
            counter, actor=staff, tracking_number="EE000000000VN", posted_at=vn(2024, 3, 1)
        )


def test_counts_for_the_report(staff: User) -> None:
    delivered = _returned_by_post(staff, "EE123456785VN")
    _returned_by_post(staff, "RR473124829US")
    confirm_delivery(
        Shipment.objects.get(dossier=delivered), actor=staff, delivered_at=vn(2024, 3, 5)
    )
    unit = Unit.objects.get(code="30406")
    counts = postal_counts([unit.pk], dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert counts == {
        "received_by_post": 2,
        "returned_by_post": 2,
        "delivered": 1,
        "undelivered": 0,
        "in_transit": 1,
    }
    assert (
        postal_counts([unit.pk], dt.date(2024, 4, 1), dt.date(2024, 4, 30))["returned_by_post"] == 0
    )


def test_the_shipments_page_confirms_a_delivery_with_a_clear_error_on_a_bad_date(
    staff: User,
) -> None:
    dossier = _returned_by_post(staff, "EE123456785VN")
    shipment = Shipment.objects.get(dossier=dossier)
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("postal:shipments")).content.decode()
    assert "EE123456785VN" in page
    url = reverse("postal:confirm", args=[shipment.pk])
    assert 'name="ngay" value="' in page
    assert 'placeholder="dd/mm/yyyy"' in page
    assert 'type="date"' not in page
    for typed in ("31/02/2024", "2024-03-06", "6/3/2024"):
        bad = client.post(url, {"ngay": typed, "ket_qua": "da_phat"}, follow=True)
        assert f"“Ngày phát” không đúng: “{typed}”" in bad.content.decode()
        shipment.refresh_from_db()
        assert shipment.state == "transit"  # nothing changed
    client.post(url, {"ngay": "06/03/2024", "ket_qua": "da_phat"})
    shipment.refresh_from_db()
    assert shipment.state == "delivered"
    assert shipment.delivered_at is not None
    assert timezone.localtime(shipment.delivered_at).date() == dt.date(2024, 3, 6)


def test_the_dossier_page_records_the_parcel_a_postal_dossier_came_in(staff: User) -> None:
    dossier = _postal_dossier(staff)
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert "Số hiệu bưu gửi đến" in page
    url = reverse("postal:arrival", args=[dossier.pk])
    assert 'id="ngay_gui" name="ngay_gui" inputmode="numeric" placeholder="dd/mm/yyyy"' in page
    wrong = client.post(url, {"so_hieu": "EE123456780VN", "ngay_gui": "01/03/2024"}, follow=True)
    assert "chữ số kiểm tra" in wrong.content.decode()
    iso = client.post(url, {"so_hieu": "EE123456785VN", "ngay_gui": "2024-03-01"}, follow=True)
    assert "“Ngày gửi” không đúng: “2024-03-01”" in iso.content.decode()
    assert not Shipment.objects.filter(dossier=dossier).exists()  # nothing recorded
    client.post(url, {"so_hieu": "EE123456785VN", "ngay_gui": "01/03/2024"})
    parcel = Shipment.objects.get(dossier=dossier)
    assert timezone.localtime(parcel.handed_at).date() == dt.date(2024, 3, 1)
    page = client.get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert "EE123456785VN" in page
