"""Sign-in with VNeID (OpenID Connect authorization code): the start and the return.

The adapter is whatever `vneid_provider()` builds from the configuration: the operator's
endpoints (MOTCUA_VNEID=oidc) or the VNeID simulator (MOTCUA_VNEID=simulator). Off: 404.
The state is random, kept in the citizen's session and used once; a return without it, with
another state, a refusal at the operator, or an operator that cannot be reached signs nobody in
and says why on the login page.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from motcua.citizens.identity_providers import OidcProvider, ProviderNotConfigured
from motcua.citizens.services import CitizenError
from motcua.citizens.sign_in import vneid_provider
from motcua.citizens.views.account import BACKEND, client_ip, safe_next

SESSION_KEY = "vneid_pending"
REFUSED = "Bạn chưa đồng ý chia sẻ thông tin định danh từ VNeID nên chưa đăng nhập được."
EXPIRED = (
    "Lượt đăng nhập bằng VNeID đã hết hạn hoặc không hợp lệ. "
    "Vui lòng bấm “Đăng nhập bằng VNeID” lại."
)
UNREACHABLE = (
    "Không kết nối được với VNeID. Vui lòng thử lại sau hoặc đăng nhập bằng số định danh và "
    "mật khẩu."
)
FAILED = "Đăng nhập bằng VNeID không thành công: VNeID không xác nhận được tài khoản của bạn."


def _provider() -> OidcProvider:
    try:
        return vneid_provider()
    except ProviderNotConfigured as exc:
        raise Http404(str(exc)) from exc


def _failed(request: HttpRequest, message: str, status: int) -> HttpResponse:
    context = {"error": message, "personal_id": "", "next": "", "vneid": settings.MOTCUA_VNEID.mode}
    return render(request, "citizens/login.html", context, status=status)


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    oidc = _provider()
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {"state": state, "next": safe_next(request.GET.get("next"))}
    return redirect(oidc.authorization_url(state, nonce))


@require_GET
def finish(request: HttpRequest) -> HttpResponse:
    oidc = _provider()
    pending = request.session.pop(SESSION_KEY, None)
    if request.GET.get("error"):
        return _failed(request, REFUSED, 400)
    if not pending or request.GET.get("state") != pending["state"]:
        return _failed(request, EXPIRED, 400)
    try:
        profile = oidc.authenticate(
            client_ip=client_ip(request),
            code=request.GET.get("code", ""),
            state=request.GET.get("state", ""),
            expected_state=pending["state"],
        )
    except CitizenError as exc:  # the operator's data does not make a valid account
        return _failed(request, f"{FAILED} ({exc})", 400)
    except (OSError, ValueError):  # URLError, HTTPError, timeouts, a body that is not JSON
        return _failed(request, UNREACHABLE, 502)
    if profile is None:
        return _failed(request, FAILED, 400)
    login(request, profile.user, backend=BACKEND)
    return redirect(pending["next"] or "citizens:home")
