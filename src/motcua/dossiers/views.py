"""Staff pages: the intake form, the dossier page and its acts (the list is desk.py).

The pages never write models: each form calls the same service function as the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.models import User
from motcua.accounts.roles import HOLDING_ROLES, Role
from motcua.audit.models import AuditEvent
from motcua.catalog.models import Procedure, current_versions
from motcua.citizens.submission import applicant_note
from motcua.documents.formsets import FormKind, form_for
from motcua.documents.render import render_pdf, render_tracking_book_xlsx
from motcua.domain.dossier_states import Action, Status
from motcua.domain.vnformat import format_money
from motcua.dossiers.acts import ACTS, acts_for
from motcua.dossiers.agency_page import agency_page
from motcua.dossiers.countdown import countdown, finished
from motcua.dossiers.forms import control_slip_context, tracking_book_context
from motcua.dossiers.history import event_label
from motcua.dossiers.issued import content_of
from motcua.dossiers.models import IssuedDocument
from motcua.dossiers.permissions import (
    Forbidden,
    agency_step,
    get_dossier_for_staff,
    may_receive,
    own_dossier_for_staff,
    refusal,
)
from motcua.dossiers.services import (
    Applicant,
    ComponentIn,
    DossierError,
    Intake,
    accept_dossier,
    receive_dossier,
)
from motcua.eforms import pages as eform_pages
from motcua.eforms.services import save_for_dossier
from motcua.eforms.views import dossier_section
from motcua.payments import services as payments
from motcua.payments.models import Payment
from motcua.payments.services import FeeQuantity, PaymentError
from motcua.prints import services as prints
from motcua.units.picker import address_choices, resolve_address_commune
from motcua.units.services import UnitError


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or user.unit is None or not user.roles():
        raise PermissionDenied("Trang dành cho cán bộ đã được gán đơn vị và vai trò.")
    return user


def _intake_from_post(request: HttpRequest, user: User) -> Intake:
    post = request.POST
    birth = post.get("birth_date") or None
    try:
        birth_date = dt.date.fromisoformat(birth) if birth else None
    except ValueError:
        raise DossierError("Ngày sinh không đúng định dạng (ngày/tháng/năm).") from None
    names = post.getlist("component")
    components = [
        ComponentIn(name=name, digitised=post.get(f"digitised-{index}") == "on")
        for index, name in enumerate(names)
        if post.get(f"present-{index}") == "on"
    ]
    assert user.unit is not None
    try:
        address_unit = resolve_address_commune(
            post.get("address_unit", ""), timezone.localdate(), post.get("address_province", "")
        )
    except UnitError as exc:
        raise DossierError(str(exc)) from None
    return Intake(
        procedure_code=post.get("procedure_code", ""),
        receiving_unit=user.unit,
        competent_unit=user.unit,
        channel=post.get("channel", "counter"),
        applicant=Applicant(
            name=post.get("applicant_name", ""),
            id_number=post.get("id_number", ""),
            birth_date=birth_date,
            address=post.get("address", ""),
            address_unit=address_unit,
            phone=post.get("phone", ""),
            email=post.get("email", ""),
        ),
        components=components,
        result_delivery=post.get("result_delivery", "desk"),
        delivery_address=post.get("delivery_address", ""),
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake_form(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if user.unit is None or not may_receive(user, user.unit):
        raise PermissionDenied("Chỉ công chức tiếp nhận được tiếp nhận hồ sơ.")
    code = request.GET.get("thu-tuc") or request.POST.get("procedure_code", "")
    procedure = Procedure.objects.filter(code=code).first()
    version = procedure.version_on(timezone.localdate()) if procedure else None
    context: dict[str, Any] = {
        "version": version,
        "post": request.POST,
        "procedures": current_versions(timezone.localdate())
        .filter(procedure__kind="procedure")
        .order_by("name"),
    }
    context["address"] = address_choices(
        timezone.localdate(), request.POST.get("address_province", ""), near=user.unit
    )
    if version is not None:
        context["components"] = version.components.all()
        context["fees"] = version.fees.all()
    eform = eform_pages.for_intake(version)
    if request.method == "POST":
        try:
            intake = _intake_from_post(request, user)
            day, complete = timezone.localdate(), eform.typed(request.POST)
            if not eform.check(request.POST, day=day, complete=complete):
                raise DossierError(eform_pages.INVALID)  # checked before anything is written
            key = request.POST.get("form_key", "")
            with transaction.atomic():
                dossier = receive_dossier(
                    intake, actor=user, idempotency_key=f"{user.pk}:web:{key}" if key else None
                )
                if eform.checked is not None and eform.checked.values:
                    save_for_dossier(dossier, eform.checked, actor=user)
            if request.POST.get("decision") == "accept":
                dossier = accept_dossier(dossier, actor=user)
                messages.success(request, f"Đã tiếp nhận hồ sơ {dossier.code}.")
            else:
                messages.info(request, "Đã ghi nhận hồ sơ; hãy chọn yêu cầu bổ sung hoặc từ chối.")
            return redirect("dossiers:detail", dossier.pk)
        except DossierError as exc:
            context["error"] = str(exc)
    context["eform"] = eform.sections(
        day=timezone.localdate(),
        near=user.unit,
        post=request.POST.dict() if request.method == "POST" else None,
    )
    return render(request, "dossiers/intake.html", context, status=200 if eform.ok else 400)


@login_required
def address_communes(request: HttpRequest) -> HttpResponse:
    """The communes of a province on today's list (options for the intake form's picker)."""
    _staff(request)
    choices = address_choices(timezone.localdate(), request.GET.get("address_province", "-"))
    return render(request, "units/address_communes.html", {"address": choices})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    dossier = get_dossier_for_staff(user, pk)
    step = agency_step(user, dossier)
    if step is not None:  # an inter-linked agency: only what its step needs
        return agency_page(request, user, dossier, step)
    events = (
        AuditEvent.objects.filter(object_type="dossier", object_id=str(dossier.pk))
        .exclude(action="read_personal_data")
        .in_chain_order()
    )
    colleagues = [
        (
            colleague,
            " · ".join(
                sorted(
                    Role(g.name).label for g in colleague.groups.all() if g.name in HOLDING_ROLES
                )
            ),
        )
        for colleague in User.objects.filter(
            unit=user.unit, is_active=True, groups__name__in=list(HOLDING_ROLES)
        )
        .exclude(pk=user.pk)
        .distinct()
        .order_by("full_name")
        .prefetch_related("groups")
    ]
    context = {
        "dossier": dossier,
        "status": Status(dossier.status),
        "actions": acts_for(user, dossier),
        "events": [(e, event_label(e.action)) for e in events],
        "hand_overs": dossier.hand_overs.select_related("to_user", "from_user"),
        "components": dossier.components.all(),
        "colleagues": colleagues,
        "payments": Payment.objects.filter(dossier=dossier),
        "steps": dossier.procedure_version.steps.all(),
        "fees": dossier.procedure_version.fees.all(),
        "documents": dossier.documents.all(),
        "can_collect": refusal(user, dossier, "collect_fee") is None,
        "countdown": countdown(dossier, timezone.localdate()),
        "finished": finished(dossier),
        "applicant_note": applicant_note(dossier),
        **dossier_section(user, dossier),
    }
    return render(request, "dossiers/detail.html", context)


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = _staff(request)
    try:
        chosen = Action(action)
        dossier = get_dossier_for_staff(user, pk, chosen, log_read=False)
        ACTS[chosen].run(user, dossier, {**request.POST.dict(), "_files": request.FILES})
        messages.success(request, f"Đã {chosen.label}.")
    except ValueError as exc:  # DossierError, and an unknown action name
        messages.error(
            request, str(exc) if isinstance(exc, DossierError) else "Thao tác không hợp lệ."
        )
    except Forbidden as exc:
        messages.error(request, str(exc))
    return redirect("dossiers:detail", pk)


@login_required
@require_POST
def collect_fee(request: HttpRequest, pk: int) -> HttpResponse:
    """Assess one catalogue fee (pages, copies) and collect it at the desk in one step."""
    user = _staff(request)
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
    user = _staff(request)
    dossier = own_dossier_for_staff(user, pk)
    payment = Payment.objects.filter(pk=payment_id, dossier=dossier).first()
    if payment is None:
        raise Http404("Không có biên lai")
    return render(request, "dossiers/receipt.html", {"dossier": dossier, "payment": payment})


def _pdf(content: bytes, name: str, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@login_required
def issued_document(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    """A reprint serves the stored bytes, exactly as issued (rendered now if not yet)."""
    user = _staff(request)
    dossier = own_dossier_for_staff(user, pk)
    document = IssuedDocument.objects.filter(pk=document_id, dossier=dossier).first()
    if document is None:
        raise Http404("Không có văn bản")
    return _pdf(content_of(document), f"{dossier.code}-{document.form_key.replace('/', '-')}.pdf")


@login_required
def control_slip(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    dossier = own_dossier_for_staff(user, pk)
    if dossier.accepted_at is None or dossier.due_at is None:
        messages.error(request, "Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát.")
        return redirect("dossiers:detail", pk)
    form = form_for(FormKind.CONTROL_SLIP, timezone.localtime(dossier.accepted_at).date())
    return _pdf(
        render_pdf(form, control_slip_context(dossier)), f"{dossier.code}-phieu-kiem-soat.pdf"
    )


@login_required
def tracking_book(request: HttpRequest) -> HttpResponse:
    """Sổ theo dõi hồ sơ of the user's unit for a period, as PDF or Excel."""
    user = _staff(request)
    assert user.unit is not None
    try:
        start = dt.date.fromisoformat(request.GET.get("tu", ""))
        end = dt.date.fromisoformat(request.GET.get("den", ""))
    except ValueError:
        today = timezone.localdate()
        return render(
            request, "dossiers/tracking_book.html", {"start": today.replace(day=1), "end": today}
        )
    if end < start:
        messages.error(request, "Ngày kết thúc phải sau ngày bắt đầu.")
        return redirect("dossiers:tracking_book")
    if request.GET.get("dinh-dang") == "xlsx":
        context = tracking_book_context(user.unit, start, end)
        form = form_for(FormKind.TRACKING_BOOK, end)
        response = HttpResponse(
            render_tracking_book_xlsx(form, context),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="so-theo-doi-{start}-{end}.xlsx"'
        return response
    # The PDF of a period can be long (≈ 16 ms a row in WeasyPrint): the job queue makes it.
    job = prints.request_tracking_book(user, start, end)
    return redirect("prints:job", job.pk)
