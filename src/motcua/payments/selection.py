"""Which payment gateway serves, chosen from the configuration (MOTCUA_PAYMENT_GATEWAY): above
both the interface and its adapters (payments/gateway.py) and the simulator
(payments/sandbox.py)."""

from __future__ import annotations

from django.conf import settings

from motcua.payments.gateway import OFF_MESSAGE, GatewayError, HmacGateway, PaymentGateway
from motcua.payments.sandbox import SandboxGateway


def gateway() -> PaymentGateway:
    config = settings.MOTCUA_PAYMENT
    if config.gateway == "off":
        raise GatewayError(OFF_MESSAGE)
    if config.gateway == "hmac":
        return HmacGateway(config.url or "", config.query_url or "", config.merchant, config.secret)
    return SandboxGateway(config.secret)
