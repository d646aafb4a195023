"""THE VNeID SIMULATOR — a simulator of an outside system (the identity operator's OpenID Connect
endpoints), for demos and tests. It is switched on by MOTCUA_VNEID=simulator, which config.py
refuses when MOTCUA_ENV=production: the simulator vouches for whatever identity the tester types.

It stands behind the same adapter as the real operator (identity_providers.OidcProvider), so the
sign-in views run exactly the code they run against VNeID, minus the network:
- its sign-in page (/cong-dan/vneid-thu-nghiem/, `page` below) stands for the operator's
  authorization endpoint: the tester types the personal ID number, name and phone the operator
  would return, then consents (a code is sent back to our return address with the state) or
  refuses (error=access_denied);
- its token and userinfo endpoints are answered in-process by `transport`, handed to the adapter
  in place of HTTP.
Codes and access tokens are signed with SECRET_KEY (django.core.signing, one salt each) and
expire after CODE_AGE; the simulator keeps no table. A code can be replayed within its age (the
real operator's codes are single-use): our side refuses any return whose state is not the one in
the citizen's session, and the session's state is used once.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone

from motcua.citizens.identity_providers import (
    ADDRESS_COMMUNE_CLAIM,
    ADDRESS_PROVINCE_CLAIM,
    OidcProvider,
)
from motcua.config import VNEID_RETURN_PATH
from motcua.domain.vnformat import parse_vn_date
from motcua.units.picker import address_choices, address_line, resolve_address_commune
from motcua.units.services import UnitError

BASE = "https://vneid-thu-nghiem.invalid"  # never resolved: the transport answers in-process
PAGE_PATH = "/cong-dan/vneid-thu-nghiem/"
CLIENT_ID = "motcua-thu-nghiem"
CODE_AGE = 300  # seconds
PERSONAL_ID = re.compile(r"^\d{12}$")


def _client_secret() -> str:
    return hashlib.sha256(f"vneid-simulator:{settings.SECRET_KEY}".encode()).hexdigest()


def config() -> dict[str, str]:
    return {
        "issuer": BASE,
        "authorization_endpoint": PAGE_PATH,  # relative: the citizen's browser stays on our host
        "token_endpoint": f"{BASE}/token",
        "userinfo_endpoint": f"{BASE}/userinfo",
        "client_id": CLIENT_ID,
        "client_secret": _client_secret(),
        "redirect_uri": VNEID_RETURN_PATH,
        "scope": "openid profile address",
        "personal_id_claim": "sub",
    }


def provider() -> OidcProvider:
    return OidcProvider(config(), transport=transport, require_https=False)


def transport(
    method: str, url: str, data: dict[str, str], headers: dict[str, str]
) -> dict[str, Any]:
    """The operator's token endpoint (POST …/token) and userinfo endpoint (GET …/userinfo)."""
    if method == "POST" and url == f"{BASE}/token":
        return _token(data)
    if method == "GET" and url == f"{BASE}/userinfo":
        bearer = headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            return dict(signing.loads(bearer, salt="vneid-sim-token", max_age=CODE_AGE))
        except signing.BadSignature:
            return {"error": "invalid_token"}
    return {"error": "not_found"}


def _token(data: dict[str, str]) -> dict[str, Any]:
    if data.get("client_id") != CLIENT_ID or data.get("client_secret") != _client_secret():
        return {"error": "invalid_client"}
    try:
        claims = signing.loads(data.get("code", ""), salt="vneid-sim-code", max_age=CODE_AGE)
    except signing.BadSignature:
        return {"error": "invalid_grant"}
    if claims.pop("redirect_uri", None) != data.get("redirect_uri"):
        return {"error": "invalid_grant"}
    token = signing.dumps(claims, salt="vneid-sim-token")
    return {"access_token": token, "token_type": "Bearer", "expires_in": CODE_AGE}


def _claim_date(typed: str) -> str | None:
    """Typed dd/mm/yyyy as on the card, sent as the standard claim yyyy-mm-dd ("" when not
    typed, None when it is not a date)."""
    try:
        return parse_vn_date(typed).isoformat() if typed.strip() else ""
    except ValueError:
        return None


def address_claim(params: Any) -> dict[str, str]:
    """The permanent address as the claim the adapter reads (identity_providers.address_of):
    the OpenID Connect address members and the mã ĐVHC of the commune and its province (the
    member names are an assumption: the operator's contract is not public). As strict as the
    population database, which records an address by its units: a street needs a province and a
    commune of the official list in force today (UnitError otherwise)."""
    street = " ".join(str(params.get("address", "")).split())
    province_code = str(params.get("address_province", "")).strip()
    commune_code = str(params.get("address_unit", "")).strip()
    if not (street or province_code or commune_code):
        return {}
    commune = resolve_address_commune(commune_code, timezone.localdate(), province_code)
    province = commune.province() if commune is not None else None
    if commune is None or province is None:
        raise UnitError("Nơi thường trú phải có tỉnh, thành phố và xã, phường, đặc khu.")
    return {
        "formatted": address_line(street, commune),
        "street_address": street,
        "locality": commune.name,
        "region": province.name,
        "country": "VN",
        ADDRESS_COMMUNE_CLAIM: commune.admin_code,
        ADDRESS_PROVINCE_CLAIM: province.admin_code,
    }


def communes(request: HttpRequest) -> HttpResponse:
    """The communes of the province picked on the simulator's page (before any sign-in)."""
    if settings.MOTCUA_VNEID.mode != "simulator":
        return HttpResponse("Bộ giả lập VNeID không bật.", status=404)
    choices = address_choices(timezone.localdate(), request.GET.get("address_province", "-"))
    return render(request, "units/address_communes.html", {"address": choices})


def page(request: HttpRequest) -> HttpResponse:  # noqa: PLR0911  (one answer per refusal)
    """The operator's sign-in and consent page, as the simulator draws it."""
    if settings.MOTCUA_VNEID.mode != "simulator":
        return HttpResponse("Bộ giả lập VNeID không bật.", status=404)
    params = request.GET if request.method == "GET" else request.POST
    redirect_uri, state = params.get("redirect_uri", ""), params.get("state", "")
    if params.get("client_id") != CLIENT_ID or redirect_uri != VNEID_RETURN_PATH or not state:
        return HttpResponseBadRequest(
            "Yêu cầu đăng nhập không hợp lệ (client_id, redirect_uri, state)."
        )
    context: dict[str, Any] = {
        "params": {k: params.get(k, "") for k in ("client_id", "redirect_uri", "state", "nonce")},
        "personal_id": params.get("personal_id", ""),
        "full_name": params.get("full_name", ""),
        "phone": params.get("phone", ""),
        "birthdate": params.get("birthdate", ""),
        "gender": params.get("gender", ""),
        "address": params.get("address", ""),
        "selected": params.get("address_unit", ""),
        "address_choices": address_choices(
            timezone.localdate(), params.get("address_province", "")
        ),
    }
    if request.method != "POST":
        return render(request, "citizens/vneid_simulator.html", context)
    if "refuse" in request.POST:
        return redirect(f"{redirect_uri}?{urlencode({'error': 'access_denied', 'state': state})}")
    personal_id = context["personal_id"].strip()
    full_name = " ".join(context["full_name"].split())
    if not PERSONAL_ID.match(personal_id) or not full_name:
        context["error"] = "Nhập số định danh cá nhân đủ 12 chữ số và họ, chữ đệm, tên."
        return render(request, "citizens/vneid_simulator.html", context, status=400)
    birthdate = _claim_date(context["birthdate"])
    if birthdate is None:
        context["error"] = "Ngày sinh phải có dạng ngày/tháng/năm, ví dụ 05/01/1990."
        return render(request, "citizens/vneid_simulator.html", context, status=400)
    try:
        address = address_claim(params)
    except UnitError as exc:
        context["error"] = str(exc)
        return render(request, "citizens/vneid_simulator.html", context, status=400)
    claims = {
        "sub": personal_id,
        "name": full_name,
        "birthdate": birthdate,
        "gender": context["gender"] if context["gender"] in ("male", "female") else "",
        "address": address,
        "phone_number": context["phone"].strip(),
        "nonce": context["params"]["nonce"],
        "redirect_uri": redirect_uri,
    }
    code = signing.dumps(claims, salt="vneid-sim-code")
    return redirect(f"{redirect_uri}?{urlencode({'code': code, 'state': state})}")
