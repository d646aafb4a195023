"""Public payment pages: pay a dossier's fees online, the gateway's callback and return, and
the sandbox gateway's page (a simulator, shown only when the sandbox is the configured gateway).

A citizen reaches the fees of a dossier with its code plus the last four digits of the phone or
personal ID number (the public status page's rule); the check is remembered in the session.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from motcua.core.links import public_url
from motcua.dossiers.models import Dossier
from motcua.dossiers.owners import dossiers_owned_by
from motcua.dossiers.public import allow_guess, second_factor_matches
from motcua.payments import online, sandbox
from motcua.payments.gateway import OFF_MESSAGE, GatewayError, offered
from motcua.payments.models import OnlinePayment, Payment, PaymentStatus, SandboxCharge
from motcua.payments.selection import gateway
from motcua.payments.services import PaymentError
from motcua.payments.tasks import enqueue_callbacks

SESSION_KEY = "payable_dossiers"


def _allowed(request: HttpRequest) -> set[int]:
    """Dossiers this visitor may pay for: checked with code + 4 digits in this session, or
    owned by the signed-in citizen (dossiers.owners, the citizens app's rule: submitted online,
    or for an organisation they represent)."""
    return set(request.session.get(SESSION_KEY, [])) | dossiers_owned_by(request.user)


def _find(request: HttpRequest, context: dict[str, object]) -> Dossier | None:
    if not allow_guess(request):
        context["error"] = "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau 10 phút."
        return None
    code = request.POST.get("ma", "").strip().upper()
    dossier = Dossier.objects.filter(code=code).first() if code else None
    if dossier is None or not second_factor_matches(
        request.POST.get("so", ""), dossier.applicant_phone, dossier.applicant_id_number
    ):
        context["error"] = (
            "Không tìm thấy hồ sơ khớp với mã hồ sơ và 4 số cuối điện thoại "
            "(hoặc số định danh) đã nhập."
        )
        return None
    request.session[SESSION_KEY] = sorted(_allowed(request) | {dossier.pk})
    return dossier


def _id(text: str) -> int | None:
    """A row id typed in a form or a link: ASCII digits that fit a database integer, or None."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


@require_http_methods(["GET", "POST"])
def pay(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {
        "code": request.GET.get("ma", ""),
        "online_offered": offered(),
        "off_message": OFF_MESSAGE,
    }
    dossier: Dossier | None = None
    if request.method == "POST" and request.POST.get("hanh_dong") == "thanh_toan":
        wanted = _id(request.POST.get("ho_so", ""))
        dossier = Dossier.objects.filter(pk=wanted).first() if wanted is not None else None
        if dossier is None or dossier.pk not in _allowed(request):
            raise Http404
        back = public_url(reverse("payments:return"))
        try:
            _, url = online.start_online_payment(dossier, return_url=back)
        except PaymentError as exc:
            context["error"] = str(exc)
        else:
            return HttpResponseRedirect(url)
    elif request.method == "POST":
        dossier = _find(request, context)
    elif (shown := _id(request.GET.get("ho_so", ""))) is not None and shown in _allowed(request):
        dossier = Dossier.objects.get(pk=shown)
    if dossier is not None:
        context |= {
            "dossier": dossier,
            "waiting": Payment.objects.filter(dossier=dossier, status=PaymentStatus.WAITING),
            "paid": Payment.objects.filter(dossier=dossier, status=PaymentStatus.PAID),
            "attempts": OnlinePayment.objects.filter(dossier=dossier).order_by("-created_at"),
        }
    return render(request, "payments/pay.html", context, status=400 if "error" in context else 200)


@csrf_exempt
@require_POST
def callback(request: HttpRequest) -> HttpResponse:
    """The gateway's server-to-server notice (IPN). Signed; idempotent."""
    try:
        attempt = online.handle_callback(request.POST.dict())
    except GatewayError as exc:
        return JsonResponse({"ok": False, "error": str(exc)}, status=400)
    return JsonResponse({"ok": True, "order_id": attempt.order_id, "state": attempt.state})


def back_from_gateway(request: HttpRequest) -> HttpResponse:
    """The citizen's browser coming back. Never trusted to move money: we ask the gateway."""
    try:
        said = gateway().verify(request.GET.dict())
    except GatewayError as exc:
        return render(request, "payments/result.html", {"error": str(exc)}, status=400)
    attempt = OnlinePayment.objects.filter(order_id=said.order_id).first()
    if attempt is None:
        raise Http404
    if attempt.state == "pending":
        attempt = online.reconcile_one(attempt)
    context: dict[str, object] = {"attempt": attempt, "said": said}
    if attempt.dossier_id in _allowed(request):  # the payer: the way back and the receipts
        context["owner"] = attempt.dossier_id in dossiers_owned_by(request.user)
        context["receipts"] = attempt.payments.filter(status=PaymentStatus.PAID)
    return render(request, "payments/result.html", context)


def receipt(request: HttpRequest, payment_id: int) -> HttpResponse:
    """The receipt of a paid fee, for the payer (the same check as paying); 404 otherwise."""
    payment = (
        Payment.objects.select_related("dossier__receiving_unit", "collected_by")
        .filter(pk=payment_id, status=PaymentStatus.PAID)
        .first()
    )
    if payment is None or payment.dossier_id not in _allowed(request):
        raise Http404
    dossier = payment.dossier
    back = (
        reverse("citizens:dossier", args=[dossier.pk])
        if dossier.pk in dossiers_owned_by(request.user)
        else f"{reverse('payments:pay')}?ho_so={dossier.pk}"
    )
    context = {"dossier": dossier, "payment": payment, "back_url": back}
    return render(request, "dossiers/receipt.html", context)


@require_http_methods(["GET", "POST"])
def sandbox_page(request: HttpRequest, order_id: str) -> HttpResponse:
    """Only the payer's own session reaches the page: the visitor who opened the payment (the
    dossier checked with code + digits in this session, or the signed-in citizen who owns
    it). Anyone else, and any visitor when the sandbox is not the gateway, gets 404."""
    if settings.MOTCUA_PAYMENT.gateway != "sandbox":
        raise Http404
    charge = SandboxCharge.objects.filter(order_id=order_id).first()
    attempt = OnlinePayment.objects.filter(order_id=order_id).first()
    if charge is None or attempt is None or attempt.dossier_id not in _allowed(request):
        raise Http404
    context: dict[str, object] = {"charge": charge, "modes": sandbox.CALLBACK_MODES}
    if request.method == "POST":
        try:
            charge = sandbox.finish_charge(
                order_id,
                paid=request.POST.get("ket_qua") == "thanh_cong",
                callback=request.POST.get("bao_ket_qua", "now"),
                deliver=enqueue_callbacks,
            )
        except GatewayError as exc:
            context["error"] = str(exc)
            return render(request, "payments/sandbox.html", context, status=400)
        return redirect(f"{charge.return_url}?{urlencode(sandbox.return_params(charge))}")
    return render(request, "payments/sandbox.html", context)
