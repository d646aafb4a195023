"""The public payment pages with the sandbox gateway, through Django's test client."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from motcua.dossiers.models import Dossier
from motcua.payments.models import OnlinePayment, Payment, SandboxCharge


def _open(client: Client, dossier: Dossier, digits: str = "5678") -> object:
    return client.post(reverse("payments:pay"), {"ma": dossier.code, "so": digits})


def test_a_citizen_pays_through_the_sandbox_and_comes_back_to_a_paid_receipt(
    owing: Dossier,
) -> None:
    client = Client()
    page = _open(client, owing)
    assert "10.000" in page.content.decode()  # type: ignore[attr-defined]
    go = client.post(reverse("payments:pay"), {"ho_so": owing.pk, "hanh_dong": "thanh_toan"})
    assert go.status_code == 302
    sandbox_url = go["Location"]
    assert "CỔNG THANH TOÁN THỬ NGHIỆM" in client.get(sandbox_url).content.decode()
    back = client.post(sandbox_url, {"ket_qua": "thanh_cong", "bao_ket_qua": "lost"})
    assert back.status_code == 302
    result = client.get(back["Location"])
    # the callback was lost; the return page asked the gateway itself (never trusting the URL)
    assert result.status_code == 200
    assert "Đã thanh toán" in result.content.decode()
    assert OnlinePayment.objects.get(dossier=owing).state == "paid"
    assert Payment.objects.get(dossier=owing).method == "online"


def test_wrong_digits_show_nothing_and_paying_needs_the_check_first(owing: Dossier) -> None:
    client = Client()
    page = _open(client, owing, "0000")
    assert page.status_code == 400  # type: ignore[attr-defined]
    assert "10.000" not in page.content.decode()  # type: ignore[attr-defined]
    go = client.post(reverse("payments:pay"), {"ho_so": owing.pk, "hanh_dong": "thanh_toan"})
    assert go.status_code == 404
    assert not OnlinePayment.objects.exists()


def test_a_tampered_return_is_refused(owing: Dossier) -> None:
    client = Client()
    _open(client, owing)
    go = client.post(reverse("payments:pay"), {"ho_so": owing.pk, "hanh_dong": "thanh_toan"})
    back = client.post(go["Location"], {"ket_qua": "that_bai", "bao_ket_qua": "lost"})
    tampered = back["Location"].replace("state=failed", "state=paid")
    assert client.get(tampered).status_code == 400
    assert Payment.objects.get(dossier=owing).status == "waiting"


@pytest.mark.summary_drift  # the payment is cancelled directly in the row
def test_the_public_status_page_offers_online_payment_only_while_a_fee_waits(
    owing: Dossier,
) -> None:
    client = Client()
    lookup = {"ma": owing.code, "so": "5678"}
    page = client.post(reverse("status"), lookup).content.decode()
    assert reverse("payments:pay") in page
    Payment.objects.filter(dossier=owing).update(status="cancelled")
    page = client.post(reverse("status"), lookup).content.decode()
    assert reverse("payments:pay") not in page


def test_the_gateway_sends_the_citizen_back_to_the_public_address(
    owing: Dossier, settings: Settings
) -> None:
    settings.MOTCUA_PUBLIC_URL = "https://motcua.phumy.gov.vn"
    client = Client()
    _open(client, owing)
    client.post(reverse("payments:pay"), {"ho_so": owing.pk, "hanh_dong": "thanh_toan"})
    attempt = OnlinePayment.objects.get(dossier=owing)
    charge = SandboxCharge.objects.get(order_id=attempt.order_id)  # what the gateway was given
    assert charge.return_url == "https://motcua.phumy.gov.vn" + reverse("payments:return")
