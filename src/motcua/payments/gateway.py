"""Payment gateways: one interface, two adapters.

The contract (the common shape of Vietnamese redirect gateways, e.g. VNPay's `vnp_SecureHash`):
we send the citizen to the gateway's page with the order's fields and an HMAC-SHA512 signature
over the fields sorted by name; the gateway answers with a signed **callback** (server to server,
possibly late, possibly repeated) and a signed **return** (the citizen's browser); we can **query**
an order's state at any time (the reconciliation job does). Signatures are checked on everything
that comes back; the callback is the only one that moves money in our books, idempotently.

- `HmacGateway` talks to a real gateway configured by MOTCUA_PAYMENT_URL / _QUERY_URL / _SECRET.
- `SandboxGateway` (payments/sandbox.py) is the built-in **simulator** for demos and tests, with
  its own table: same signatures, callbacks through the job queue, and switches to fail a
  payment, delay its callback, repeat it, or lose it. It depends on this interface, never the
  reverse; payments/selection.py chooses between them from the configuration.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

SIGNATURE = "signature"
FIELDS = ("merchant", "order_id", "amount", "description", "return_url")


class GatewayError(ValueError):
    """A message from the gateway that we must not believe (bad signature, wrong amount…)."""


@dataclass(frozen=True)
class GatewayResult:
    """What the gateway says about an order."""

    order_id: str
    amount: int
    state: str  # paid | failed | open
    gateway_ref: str


def sign(fields: Mapping[str, str], secret: str) -> str:
    """HMAC-SHA512 over `name=value` pairs sorted by name, joined by '&' (URL-encoded values)."""
    canonical = "&".join(
        f"{name}={urllib.parse.quote_plus(str(fields[name]))}"
        for name in sorted(fields)
        if name != SIGNATURE
    )
    return hmac.new(secret.encode(), canonical.encode(), hashlib.sha512).hexdigest()


def signed(fields: Mapping[str, str], secret: str) -> dict[str, str]:
    return {**{k: str(v) for k, v in fields.items()}, SIGNATURE: sign(fields, secret)}


def check_signed(params: Mapping[str, str], secret: str) -> GatewayResult:
    """Verify a callback/return/query answer and read it. Raises GatewayError when forged."""
    given = params.get(SIGNATURE, "")
    fields = {k: v for k, v in params.items() if k != SIGNATURE}
    if not given or not hmac.compare_digest(given, sign(fields, secret)):
        raise GatewayError("Chữ ký của cổng thanh toán không hợp lệ.")
    try:
        amount = int(fields["amount"])
        state = fields["state"]
        order_id = fields["order_id"]
    except (KeyError, ValueError) as exc:
        raise GatewayError("Thông báo của cổng thanh toán thiếu trường bắt buộc.") from exc
    if state not in ("paid", "failed", "open"):
        raise GatewayError("Trạng thái giao dịch không hợp lệ.")
    return GatewayResult(order_id, amount, state, fields.get("gateway_ref", ""))


class PaymentGateway(Protocol):
    name: str

    def start(self, order_id: str, amount: int, description: str, return_url: str) -> str:
        """Register the order with the gateway and give the URL to send the citizen to."""

    def verify(self, params: Mapping[str, str]) -> GatewayResult:
        """Check and read a callback or a browser return."""

    def query(self, order_id: str) -> GatewayResult | None:
        """Ask the gateway for an order's state (None: the gateway does not know it)."""


class HmacGateway:
    """A real redirect gateway (configuration in docs/configuration.md)."""

    name = "hmac"

    def __init__(self, url: str, query_url: str, merchant: str, secret: str) -> None:
        self.url, self.query_url, self.merchant, self.secret = url, query_url, merchant, secret

    def start(self, order_id: str, amount: int, description: str, return_url: str) -> str:
        fields = {
            "merchant": self.merchant,
            "order_id": order_id,
            "amount": str(amount),
            "description": description,
            "return_url": return_url,
        }
        return f"{self.url}?{urllib.parse.urlencode(signed(fields, self.secret))}"

    def verify(self, params: Mapping[str, str]) -> GatewayResult:
        return check_signed(params, self.secret)

    def query(self, order_id: str) -> GatewayResult | None:
        body = urllib.parse.urlencode(
            signed({"merchant": self.merchant, "order_id": order_id}, self.secret)
        ).encode()
        request = urllib.request.Request(self.query_url, data=body, method="POST")  # noqa: S310
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            answer = json.loads(response.read())
        if not answer:
            return None
        return check_signed({str(k): str(v) for k, v in answer.items()}, self.secret)


OFF_MESSAGE = (
    "Đơn vị chưa cung cấp thanh toán trực tuyến. Vui lòng nộp phí, lệ phí tại Bộ phận Một cửa."
)


def offered() -> bool:
    """Whether online payment is offered at all (MOTCUA_PAYMENT_GATEWAY is not off)."""
    return bool(settings.MOTCUA_PAYMENT.gateway != "off")
