"""No test double runs in production, and the payment sandbox answers only the payer's session."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from motcua.config import ConfigError, PaymentConfig, load_config
from motcua.dossiers.models import Dossier
from motcua.payments.models import OnlinePayment, Payment
from motcua.payments.online import start_online_payment
from motcua.payments.services import PaymentError
from tests.payments.conftest import fresh_rate_limits, in_march_2024, owing, reference

__all__ = ["fresh_rate_limits", "in_march_2024", "owing", "reference"]
PRODUCTION = {
    "MOTCUA_ENV": "production",
    "SECRET_KEY": "k" * 50,
    "MOTCUA_AUDIT_KEY": "a" * 50,
    "MOTCUA_PUBLIC_URL": "https://motcua.example.gov.vn",
}
OFF = PaymentConfig(gateway="off", url=None, query_url=None, merchant="MOTCUA", secret="x" * 64)


def test_production_refuses_the_payment_sandbox(tmp_path: Path) -> None:
    env = {**PRODUCTION, "MOTCUA_DATA_DIR": str(tmp_path), "MOTCUA_PAYMENT_GATEWAY": "sandbox"}
    with pytest.raises(ConfigError) as refused:
        load_config(env)
    assert "MOTCUA_PAYMENT_GATEWAY=sandbox: not allowed when MOTCUA_ENV=production" in str(
        refused.value
    )


def test_production_turns_online_payment_off_unless_a_real_gateway_is_configured(
    tmp_path: Path,
) -> None:
    config = load_config({**PRODUCTION, "MOTCUA_DATA_DIR": str(tmp_path)})
    assert config.payment.gateway == "off"
    assert load_config({"MOTCUA_DATA_DIR": str(tmp_path)}).payment.gateway == "sandbox"


def _start(client: Client, dossier: Dossier) -> str:
    client.post(reverse("payments:pay"), {"ma": dossier.code, "so": "5678"})
    go = client.post(reverse("payments:pay"), {"ho_so": dossier.pk, "hanh_dong": "thanh_toan"})
    assert go.status_code == 302
    return str(go["Location"])


def test_a_stranger_cannot_open_or_settle_someone_else_s_sandbox_payment(owing: Dossier) -> None:
    sandbox_url = _start(Client(), owing)
    stranger = Client()
    assert stranger.get(sandbox_url).status_code == 404
    settle = stranger.post(sandbox_url, {"ket_qua": "thanh_cong", "bao_ket_qua": "now"})
    assert settle.status_code == 404
    assert OnlinePayment.objects.get(dossier=owing).state == "pending"
    assert Payment.objects.get(dossier=owing).status == "waiting"


def test_a_guessed_order_id_is_404_for_an_anonymous_visitor(owing: Dossier) -> None:
    _start(Client(), owing)
    guessed = reverse("payments:sandbox", args=[f"{owing.code}-TT01"])
    assert Client().post(guessed, {"ket_qua": "thanh_cong"}).status_code == 404
    assert Payment.objects.get(dossier=owing).status == "waiting"


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "²", ""])
def test_a_bad_dossier_id_on_the_payment_page_is_404_not_500(value: str, db: None) -> None:
    answer = Client().post(reverse("payments:pay"), {"ho_so": value, "hanh_dong": "thanh_toan"})
    assert answer.status_code == 404


def test_with_online_payment_off_nothing_can_be_started_and_the_page_says_so(
    owing: Dossier,
) -> None:
    with override_settings(MOTCUA_PAYMENT=OFF):
        client = Client()
        page = client.post(reverse("payments:pay"), {"ma": owing.code, "so": "5678"})
        text = page.content.decode()
        assert "Đơn vị chưa cung cấp thanh toán trực tuyến" in text
        assert 'value="thanh_toan"' not in text
        with pytest.raises(PaymentError, match="chưa cung cấp thanh toán trực tuyến"):
            start_online_payment(owing, return_url="/")
        sandbox = reverse("payments:sandbox", args=[f"{owing.code}-TT01"])
        assert client.get(sandbox).status_code == 404
    assert not OnlinePayment.objects.filter(dossier=owing).exists()
