"""The desk's fee pages of a dossier: collect a fee (or ask for it to be paid online) and print
its receipt. They sit on the dossier's own URLs (/ho-so/<id>/thu-phi/, /ho-so/<id>/bien-lai/<n>/,
names `dossiers:collect_fee` and `dossiers:receipt`), wired in motcua/urls.py through
`desk_urlpatterns` below; the dossier page (dossiers/views.detail) shows the form and the fees.

The pages never write models: collecting calls services.collect_fee, as the API does
(payments/api.py), and asking for online payment online.request_online_payment.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from motcua.domain.vnformat import format_money
from motcua.dossiers.permissions import (
    Forbidden,
    get_dossier_for_staff,
    own_dossier_for_staff,
    staff_member,
)
from motcua.payments import online as online_payments
from motcua.payments import services as payments
from motcua.payments.models import Payment
from motcua.payments.services import FeeQuantity, PaymentError


@login_required
@require_POST
def collect_fee(request: HttpRequest, pk: int) -> HttpResponse:
    """Assess one catalogue fee (pages, copies) and collect it at the desk in one step, or
    ask the applicant to pay it online (the button "truc_tuyen": assessed and left waiting)."""
    user = staff_member(request.user)  # 403 without a unit or a role
    try:
        dossier = get_dossier_for_staff(user, pk, "collect_fee", log_read=False)
        # One "Số bản / số lượng" field: copies for per-page and fixed fees, the fee's own unit
        # ("mỗi bản sao", "mỗi chữ ký") for per-unit fees.
        copies = int(request.POST.get("copies") or 1)
        quantity = FeeQuantity(
            fee_id=int(request.POST.get("fee") or 0),
            pages=int(request.POST.get("pages") or 1),
            copies=copies,
            units=int(request.POST.get("units") or copies),
            exemption_reason=request.POST.get("exemption_reason", ""),
        )
        if request.POST.get("truc_tuyen") == "1":  # assessed now, paid online by the applicant
            asked = online_payments.request_online_payment(dossier, quantity, actor=user)
            messages.success(
                request,
                f"Đã yêu cầu người nộp thanh toán trực tuyến {format_money(asked.amount)} "
                f"({asked.description}); kết quả chỉ được trả sau khi đã thanh toán.",
            )
            return redirect("dossiers:detail", pk)
        payment = payments.collect_fee(
            dossier,
            quantity,
            actor=user,
            method=request.POST.get("method", "cash"),
            bank_reference=request.POST.get("bank_reference", ""),
        )
        messages.success(
            request, f"Đã thu {format_money(payment.amount)}, biên lai {payment.receipt_number}."
        )
        return redirect("dossiers:receipt", pk, payment.pk)
    except (ValueError, PaymentError) as exc:
        messages.error(
            request,
            str(exc) if isinstance(exc, PaymentError) else "Số trang, số bản phải là số nguyên.",
        )
    except Forbidden as exc:
        messages.error(request, str(exc))
    return redirect("dossiers:detail", pk)


@login_required
def receipt(request: HttpRequest, pk: int, payment_id: int) -> HttpResponse:
    """The fee receipt: amount in figures and in words, printable."""
    user = staff_member(request.user)  # 403 without a unit or a role
    dossier = own_dossier_for_staff(user, pk)
    payment = Payment.objects.filter(pk=payment_id, dossier=dossier).first()
    if payment is None:
        raise Http404("Không có biên lai")
    return render(request, "dossiers/receipt.html", {"dossier": dossier, "payment": payment})


# In the "dossiers" namespace, before dossiers/urls.py's "<id:pk>/<str:action>/" (motcua/urls.py)
desk_urlpatterns = [
    path("<id:pk>/thu-phi/", collect_fee, name="collect_fee"),
    path("<id:pk>/bien-lai/<id:payment_id>/", receipt, name="receipt"),
]
