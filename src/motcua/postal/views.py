"""/buu-chinh/: results in transit by post and their delivery; the parcel a dossier came in."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.calendars.services import to_aware
from motcua.domain.vnformat import TypedDateError, typed_date
from motcua.dossiers.permissions import get_dossier_for_staff, staff_member
from motcua.dossiers.services import DossierError
from motcua.postal import services
from motcua.postal.models import Direction, Shipment, ShipmentState
from motcua.units.tree import units_served_by


def _user(request: HttpRequest) -> User:
    return staff_member(request.user)  # 403 for an account without a unit or a role


def _date(raw: str, label: str) -> dt.datetime:
    """A day typed as dd/mm/yyyy, at noon local time (a post mark has no hour)."""
    try:
        day = typed_date(raw, label)
    except TypedDateError as exc:
        raise DossierError(str(exc)) from exc
    return to_aware(dt.datetime.combine(day, dt.time(12)))


@login_required
def shipments(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    assert user.unit is not None
    units = units_served_by(user.unit)
    rows = (
        Shipment.objects.filter(dossier__receiving_unit_id__in=units, direction=Direction.OUTBOUND)
        .select_related("dossier__procedure_version")
        .order_by("state", "-handed_at")[:200]
    )
    return render(
        request,
        "postal/shipments.html",
        {"rows": rows, "today": timezone.localdate(), "in_transit": ShipmentState.IN_TRANSIT},
    )


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    shipment = Shipment.objects.filter(pk=pk).first()
    if shipment is None:
        raise Http404
    get_dossier_for_staff(user, shipment.dossier_id, "return_result")
    try:
        services.confirm_delivery(
            shipment,
            actor=user,
            delivered_at=_date(request.POST.get("ngay", ""), "Ngày phát"),
            delivered=request.POST.get("ket_qua") != "chuyen_hoan",
            note=request.POST.get("ghi_chu", ""),
        )
    except DossierError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã ghi nhận bưu gửi {shipment.tracking_number}.")
    return redirect("postal:shipments")


@login_required
@require_POST
def arrival(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    user = _user(request)
    dossier = get_dossier_for_staff(user, dossier_pk, "receive")
    try:
        services.record_postal_arrival(
            dossier,
            actor=user,
            tracking_number=request.POST.get("so_hieu", ""),
            posted_at=_date(request.POST.get("ngay_gui", ""), "Ngày gửi"),
        )
    except DossierError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã ghi số hiệu bưu gửi đến.")
    return redirect("dossiers:detail", dossier.pk)
