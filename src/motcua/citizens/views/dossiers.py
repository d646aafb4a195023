"""Hồ sơ của tôi: the citizen's own dossiers, their progress, and what the agency asked for."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.citizens.models import CitizenDocument, SubmittedFile
from motcua.citizens.permissions import citizen_of, get_submission_for_citizen, submissions_of
from motcua.citizens.services import CitizenError, checked
from motcua.citizens.submission import missing_items, resubmit_online
from motcua.domain.dossier_states import Action, Status
from motcua.dossiers.handover_record import step_results
from motcua.dossiers.issued import content_of
from motcua.dossiers.models import Dossier, DossierComponent, HandOver, IssuedDocument
from motcua.dossiers.permissions import get_dossier_for_staff, may_open_component
from motcua.notifications.models import Kind, Notification
from motcua.payments.services import dossier_balance

SUPPLEMENT_ACTS = (Action.REQUEST_INTAKE_SUPPLEMENT.value, Action.REQUEST_SUPPLEMENT.value)


def holder(dossier: Dossier) -> HandOver | None:
    """The latest hand-over: the step and agency holding the dossier now (None if not yet)."""
    if dossier.resolved_at is not None or dossier.ended_at is not None:
        return None
    return dossier.hand_overs.select_related("to_unit").order_by("-seq").first()


def supplement_requests(dossier: Dossier) -> list[dict[str, Any]]:
    """Each request to complete the dossier: when, what is missing, why."""
    events = AuditEvent.objects.filter(
        object_type="dossier", object_id=str(dossier.pk), action__in=SUPPLEMENT_ACTS
    ).in_chain_order()
    return [
        {
            "at": event.at,
            "missing": (event.after or {}).get("missing", []),
            "reason": (event.after or {}).get("reason", ""),
        }
        for event in events
    ]


STAFF_KINDS = (Kind.STAFF_ALERT, Kind.ONLINE_RECEIVED)


@login_required(login_url="citizens:login")
def my_dossiers(request: HttpRequest) -> HttpResponse:
    citizen = citizen_of(request)
    rows = [
        {
            "submission": s,
            "dossier": s.dossier,
            "status": Status(s.dossier.status),
            "holder": holder(s.dossier),
            "supplements": supplement_requests(s.dossier),
        }
        for s in submissions_of(citizen).order_by("-submitted_at")[:200]
    ]
    return render(request, "citizens/my_dossiers.html", {"rows": rows})


@login_required(login_url="citizens:login")
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    citizen = citizen_of(request)
    submission = get_submission_for_citizen(citizen, pk)
    dossier = submission.dossier
    files = {
        f.component_id: f.document
        for f in SubmittedFile.objects.filter(component__dossier=dossier).select_related("document")
    }
    context = {
        "submission": submission,
        "dossier": dossier,
        "status": Status(dossier.status),
        "holder": holder(dossier),
        "hand_overs": dossier.hand_overs.select_related("to_unit"),
        "step_results": step_results(dossier),
        # nothing paid for is released before it is paid (results.permissions.WITHHELD)
        "owes": dossier_balance(dossier) > 0,
        "supplements": supplement_requests(dossier),
        "components": [(c, files.get(c.pk)) for c in dossier.components.all()],
        "documents": dossier.documents.all(),
        "can_resubmit": dossier.status == Status.INTAKE_SUPPLEMENT.value,
        "missing": list(enumerate(missing_items(dossier))),
        "store": CitizenDocument.objects.filter(citizen=citizen, in_store=True),
        # What was sent to the applicant about this dossier (staff alerts are not theirs).
        "messages_sent": Notification.objects.filter(dossier=dossier)
        .exclude(kind__in=STAFF_KINDS)
        .order_by("-created_at"),
    }
    return render(request, "citizens/dossier.html", context)


@login_required(login_url="citizens:login")
@require_POST
def resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the documents the officer asked for at intake (every file checked first)."""
    citizen = citizen_of(request)
    submission = get_submission_for_citizen(citizen, pk)
    count = len(missing_items(submission.dossier))
    try:
        uploads = {}
        for index in range(count):
            upload = request.FILES.get(f"file-{index}")
            if upload is not None:
                uploads[index] = checked(upload.name or "", upload, upload.size)
        reuse = {
            index: int(value)
            for index in range(count)
            if (value := request.POST.get(f"reuse-{index}", "")).isdigit()
        }
        resubmit_online(submission, uploads=uploads, reuse=reuse)
        messages.success(request, "Đã nộp giấy tờ bổ sung. Cán bộ tiếp nhận sẽ kiểm tra lại.")
    except CitizenError as exc:
        messages.error(request, str(exc))
    return redirect("citizens:dossier", pk)


@login_required(login_url="citizens:login")
def issued_document(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    """A form issued to the citizen (receipt, supplement list, refusal), as stored (rendered now
    if the job has not run yet)."""
    citizen = citizen_of(request)
    dossier = get_submission_for_citizen(citizen, pk).dossier
    document = IssuedDocument.objects.filter(pk=document_id, dossier=dossier).first()
    if document is None:
        raise Http404("Không có văn bản")
    response = HttpResponse(content_of(document), content_type="application/pdf")
    name = document.form_key.replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@login_required
def staff_file(request: HttpRequest, component_id: int) -> HttpResponse:
    """An officer opens the file behind a component of an online dossier of their unit."""
    component = DossierComponent.objects.filter(pk=component_id).first()
    user = request.user
    if component is None or not isinstance(user, User):
        raise Http404("Không có thành phần hồ sơ")
    get_dossier_for_staff(user, component.dossier_id)  # 404 outside the unit; the read is logged
    if not may_open_component(user, component):  # an agency: only what its step needs
        raise Http404("Không có thành phần hồ sơ")
    submitted = SubmittedFile.objects.filter(component=component).select_related("document")
    file = submitted.first()
    if file is None:
        raise Http404("Thành phần này không có tệp điện tử")
    with file.document.file.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type=file.document.content_type)
    response["Content-Disposition"] = "inline"
    return response
