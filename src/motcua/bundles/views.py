"""/lien-thong/: inter-linked dossiers at my unit (each agency with its own accounts), the step
acts, the records of the steps my unit finished (read-only: after its step an agency sees its
step's record, never the dossier), and the attribution of delays per agency."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from motcua.accounts.models import User
from motcua.bundles import services
from motcua.bundles.models import StepOutput, StepWait
from motcua.core.converters import parse_id
from motcua.domain.dossier_states import Action
from motcua.domain.vnformat import TypedDateError, typed_period
from motcua.dossiers.acts import ACTS
from motcua.dossiers.models import HandOver
from motcua.dossiers.permissions import (
    AGENCY_STEP,
    Forbidden,
    components_visible_to,
    get_dossier_for_staff,
    staff_member,
    step_record_for,
)
from motcua.dossiers.services import DossierError
from motcua.results.services import MAX_SCAN_BYTES
from motcua.units.models import Unit
from motcua.units.tree import units_served_by, units_within


def _staff(request: HttpRequest) -> User:
    return staff_member(request.user)  # 403 for an account without a unit or a role


DONE_SHOWN = 100


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The bundle steps my unit holds now, oldest deadline first; then those it finished."""
    user = _staff(request)
    assert user.unit is not None
    mine = HandOver.objects.filter(
        to_unit_id__in=units_served_by(user.unit),
        dossier__procedure_version__interlinked_group__isnull=False,
        dossier__procedure_version__interlinked_order__isnull=True,
    ).select_related("dossier__procedure_version", "dossier__competent_unit")
    held = mine.filter(finished_at__isnull=True).prefetch_related("waits").order_by("step_due_at")
    done = mine.filter(finished_at__isnull=False).order_by("-finished_at")[:DONE_SHOWN]
    context = {
        # each step with the components it needs, openable from here (only those: permissions)
        "held": [(step, components_visible_to(user, step.dossier)) for step in held],
        "done": done,
        "now": timezone.now(),
        "units": [  # units that exist today: an abolished commune is never offered
            u
            for u in Unit.objects.exclude(pk=user.unit.pk).order_by("name")
            if u.is_active_on(timezone.localdate())
        ],
    }
    return render(request, "bundles/inbox.html", context)


@login_required
@require_GET
def step_record(request: HttpRequest, pk: int) -> HttpResponse:
    """My unit's own step of an inter-linked dossier: what was handed to it, when and by whom,
    what it recorded and when. Read-only; no applicant data, documents or other steps."""
    step = step_record_for(_staff(request), pk)
    output = (
        StepOutput.objects.filter(hand_over=step)
        .select_related("recorded_by", "document__issuer_unit")
        .first()
    )
    waits = step.waits.select_related("waiting_on").order_by("since")
    return render(
        request, "bundles/step_record.html", {"step": step, "output": output, "waits": waits}
    )


@login_required
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    dossier = get_dossier_for_staff(user, pk, AGENCY_STEP)
    upload = request.FILES.get("van_ban")
    try:
        services.complete_step(
            dossier,
            actor=user,
            title=request.POST.get("ket_qua", ""),
            number=request.POST.get("so", ""),
            # the PDF of the step's own system, signed with the unit's certificate
            document=upload.read(MAX_SCAN_BYTES + 1) if upload is not None else None,
        )
    except DossierError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã hoàn thành bước và chuyển hồ sơ {dossier.code}.")
    return redirect("bundles:inbox")


@login_required
@require_POST
def return_step(request: HttpRequest, pk: int) -> HttpResponse:
    """The agency returns the step it holds to the competent unit, with the reason (the act's
    registry entry, as the API)."""
    user = _staff(request)
    try:
        dossier = get_dossier_for_staff(user, pk, Action.RETURN_STEP, log_read=False)
        ACTS[Action.RETURN_STEP].run(user, dossier, request.POST.dict())
    except (DossierError, Forbidden) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã trả bước về {dossier.competent_unit.name}: {dossier.code}.")
    return redirect("bundles:inbox")


@login_required
@require_POST
def wait(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    dossier = get_dossier_for_staff(user, pk, AGENCY_STEP)
    on = Unit.objects.filter(pk=parse_id(request.POST.get("cho_don_vi")) or 0).first()
    try:
        if on is None:
            raise DossierError("Chọn cơ quan cần thực hiện trước.")
        services.add_wait(dossier, actor=user, reason=request.POST.get("ly_do", ""), waiting_on=on)
    except DossierError as exc:
        messages.error(request, str(exc))
    return redirect("bundles:inbox")


@login_required
@require_POST
def clear(request: HttpRequest, wait_pk: int) -> HttpResponse:
    user = _staff(request)
    found = StepWait.objects.filter(pk=wait_pk).first()
    if found is None:
        raise Http404
    try:
        services.clear_wait(found, actor=user)
    except DossierError as exc:
        messages.error(request, str(exc))
    return redirect("bundles:waits")


@login_required
def waits(request: HttpRequest) -> HttpResponse:
    """What other agencies wait for from my unit."""
    user = _staff(request)
    assert user.unit is not None
    rows = StepWait.objects.filter(
        cleared_at__isnull=True, waiting_on_id__in=units_served_by(user.unit)
    ).select_related("hand_over__dossier", "hand_over__to_unit")
    return render(request, "bundles/waits.html", {"rows": rows})


@login_required
def attribution(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    assert user.unit is not None
    today = timezone.localdate()
    typed = {"tu": request.GET.get("tu", ""), "den": request.GET.get("den", "")}
    try:
        start, end = typed_period(typed["tu"], typed["den"], (dt.date(today.year, 1, 1), today))
    except TypedDateError as exc:
        return render(
            request,
            "bundles/attribution.html",
            {"typed": typed, "error": str(exc)},
            status=400,
        )
    scope = units_served_by(user.unit) | units_within(user.unit)
    rows = services.attribution(scope, start, end)
    typed = {"tu": f"{start:%d/%m/%Y}", "den": f"{end:%d/%m/%Y}"}
    context = {"rows": rows, "start": start, "end": end, "typed": typed}
    return render(request, "bundles/attribution.html", context)
