"""Staff pages: the dossier page and its acts (the list is desk.py, the intake intake.py;
the fee collection and its receipt are payments/desk_views.py, under the same URLs).

The pages never write models: each form calls the same service function as the API.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.accounts.roles import HOLDING_ROLES, Role
from motcua.audit.models import AuditEvent
from motcua.documents.formsets import FormKind, form_for
from motcua.documents.render import render_pdf, render_tracking_book_xlsx
from motcua.domain.dossier_states import Action, Status
from motcua.domain.uploads import check_upload
from motcua.domain.vnformat import parse_vn_date
from motcua.dossiers.acts import ACTS, acts_for
from motcua.dossiers.agency_page import agency_page
from motcua.dossiers.countdown import countdown, finished
from motcua.dossiers.detail_extras import detail_context
from motcua.dossiers.forms import control_slip_context, tracking_book_context
from motcua.dossiers.handover_record import return_slip_pdf, step_results
from motcua.dossiers.history import event_detail, event_label
from motcua.dossiers.issued import content_of
from motcua.dossiers.models import IssuedDocument, Opinion
from motcua.dossiers.permissions import (
    Forbidden,
    acting_on,
    agency_step,
    get_dossier_for_staff,
    own_dossier_for_staff,
    refusal,
    staff_member,
)
from motcua.dossiers.services import DossierError
from motcua.prints import services as prints
from motcua.units.picker import address_choices


def _staff(request: HttpRequest) -> User:
    return staff_member(request.user)  # 403 for an account without a unit or a role


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
        "events": [
            (e, event_label(e.action, e.after), event_detail(e.action, e.after)) for e in events
        ],
        "opinions": dossier.opinions.select_related("author"),
        "hand_overs": dossier.hand_overs.select_related("to_user", "from_user"),
        "components": dossier.components.all(),
        "colleagues": colleagues,
        "steps": dossier.procedure_version.steps.all(),
        "fees": dossier.procedure_version.fees.all(),
        "documents": dossier.documents.all(),
        "can_collect": refusal(user, dossier, "collect_fee") is None,
        "countdown": countdown(dossier, timezone.localdate()),
        "finished": finished(dossier),
        "step_results": step_results(dossier),
        # what citizens, payments and eforms add (the applicant's note, the fees, the e-form):
        **detail_context(user, dossier),  # dossiers/detail_extras.py
    }
    return render(request, "dossiers/detail.html", context)


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = _staff(request)
    try:
        chosen = Action(action)
        with acting_on(user, pk, chosen) as dossier:  # one locked read, checked
            ACTS[chosen].run(user, dossier, {**request.POST.dict(), "_files": request.FILES})
        messages.success(request, f"Đã {chosen.label}.")
    except ValueError as exc:  # DossierError, and an unknown action name
        messages.error(
            request, str(exc) if isinstance(exc, DossierError) else "Thao tác không hợp lệ."
        )
    except Forbidden as exc:
        messages.error(request, str(exc))
    return redirect("dossiers:detail", pk)


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
def draft(request: HttpRequest, pk: int, opinion_id: int) -> HttpResponse:
    """The specialist's draft result, for the dossier's own units (never an agency)."""
    dossier = own_dossier_for_staff(_staff(request), pk)
    found = Opinion.objects.filter(pk=opinion_id, dossier=dossier).exclude(draft_file="").first()
    if found is None:
        raise Http404("Không có dự thảo kết quả")
    with found.draft_file.open("rb") as stored:
        content = stored.read()
    kind, _ = check_upload(content[:8], len(content))  # checked when it was uploaded
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response


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


DATE_ERROR = "Ngày phải viết theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 01/12/2026."


@login_required
def return_slip(request: HttpRequest, pk: int) -> HttpResponse:
    """Phiếu trả kết quả: what was handed over, to whom (name, ID number), by whom."""
    user = _staff(request)
    dossier = own_dossier_for_staff(user, pk)
    if dossier.returned_at is None:
        messages.error(request, "Hồ sơ chưa trả kết quả nên chưa có phiếu trả kết quả.")
        return redirect("dossiers:detail", pk)
    return _pdf(return_slip_pdf(dossier), f"{dossier.code}-phieu-tra-ket-qua.pdf")


@login_required
def tracking_book(request: HttpRequest) -> HttpResponse:
    """Sổ theo dõi hồ sơ of the user's unit for a period, as PDF or Excel."""
    user = _staff(request)
    assert user.unit is not None
    today = timezone.localdate()
    typed = {"start": request.GET.get("tu", "").strip(), "end": request.GET.get("den", "").strip()}
    if not typed["start"] and not typed["end"]:
        typed = {"start": f"{today.replace(day=1):%d/%m/%Y}", "end": f"{today:%d/%m/%Y}"}
        return render(request, "dossiers/tracking_book.html", typed)
    try:
        start, end = parse_vn_date(typed["start"]), parse_vn_date(typed["end"])
    except ValueError:
        return render(
            request,
            "dossiers/tracking_book.html",
            {
                **typed,
                "error": "Ngày phải viết theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 01/12/2026.",
            },
            status=400,
        )
    if end < start:
        return render(
            request,
            "dossiers/tracking_book.html",
            {**typed, "error": "Ngày kết thúc phải sau ngày bắt đầu."},
            status=400,
        )
    if request.GET.get("dinh-dang") == "xlsx":
        context = tracking_book_context(user.unit, start, end)
        form = form_for(FormKind.TRACKING_BOOK, end)
        response = HttpResponse(
            render_tracking_book_xlsx(form, context),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="so-theo-doi-{start}-{end}.xlsx"'
        return response
    # The PDF of a period can be long (a province's month: ≈ 1 ms a row in Typst, tens of
    # seconds): the job queue makes it.
    job = prints.request_tracking_book(user, start, end)
    return redirect("prints:job", job.pk)
