"""/api/v1/portal/: dossiers submitted on Cổng DVCQG arrive here (machine to machine).

Not session authentication: the portal signs each request with the shared secret
MOTCUA_PORTAL_INBOUND_SECRET — `X-Portal-Timestamp: <unix seconds>` and
`X-Portal-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>." + raw body>` (portal/inbound.py).
No secret configured → 403; a missing, wrong or stale signature → 401. A re-sent dossier
(same MaHoSo) answers 200 with the dossier made the first time; a new one 201.
"""

from __future__ import annotations

import json

from django.http import HttpRequest
from ninja import Router, Schema
from ninja import Status as HttpStatus
from ninja.errors import HttpError

from motcua.core.api_errors import errors
from motcua.portal.client import portal_settings
from motcua.portal.inbound import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature_ok
from motcua.portal.services import receive_from_portal

OBJECT = {"type": "object"}
UNCONFIGURED = "Chưa cấu hình khóa nhận hồ sơ từ Cổng (MOTCUA_PORTAL_INBOUND_SECRET)."
router = Router(tags=["Đồng bộ Cổng DVCQG"])


class InboundOut(Schema):
    id: int
    portal_code: str
    status: str
    created: bool


@router.post(
    "/inbound",
    auth=None,
    response={200: InboundOut, 201: InboundOut, **errors(400, 401, 403, 422)},
    openapi_extra={"requestBody": {"content": {"application/json": {"schema": OBJECT}}}},
)
def inbound(request: HttpRequest) -> HttpStatus[InboundOut]:
    """Receive one dossier submitted on the portal (body: the portal's JSON, see docs)."""
    secret = portal_settings().inbound_secret
    if not secret:
        raise HttpError(403, UNCONFIGURED)
    body = request.body
    if not signature_ok(
        secret, request.headers.get(TIMESTAMP_HEADER), request.headers.get(SIGNATURE_HEADER), body
    ):
        raise HttpError(401, "Chữ ký của Cổng không hợp lệ hoặc đã hết hạn.")
    try:
        data = json.loads(body)
    except ValueError:
        raise HttpError(400, "Nội dung không phải JSON hợp lệ.") from None
    dossier, created = receive_from_portal(data, via="api")
    out = InboundOut(
        id=dossier.pk,
        portal_code=dossier.portal_origin.portal_code,
        status=dossier.status,
        created=created,
    )
    return HttpStatus(201 if created else 200, out)
