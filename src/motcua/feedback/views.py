"""Staff pages: the PAKN list (overdue flag), recording a PAKN received by phone or e-mail, the
PAKN page with its acts, and the satisfaction figures. Pages call the same services as the API.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.models import User
from motcua.domain.feedback_rules import NINE_CRITERIA, SCALE, Level, PetitionKind
from motcua.domain.vnformat import TypedDateError, typed_period
from motcua.dossiers.permissions import Forbidden
from motcua.feedback.indicators import feedback_counts, satisfaction_summary
from motcua.feedback.models import Petition, PetitionChannel, PetitionState
from motcua.feedback.permissions import (
    get_petition_for_staff,
    may,
    petitions_for,
    served_unit_ids,
)
from motcua.feedback.public import landing
from motcua.feedback.services import (
    FeedbackError,
    PetitionIn,
    answer_petition,
    publish_petition,
    receive_petition,
    route_petition,
)


def _staff(request: HttpRequest) -> User | None:
    user = request.user
    if isinstance(user, User) and served_unit_ids(user):
        return user
    return None


def overdue(petition: Petition, today: dt.date) -> bool:
    if petition.state == PetitionState.ANSWERED:
        return petition.on_time is False
    return timezone.localtime(petition.due_at).date() < today


def index(request: HttpRequest) -> HttpResponse:
    """Staff: the list of the unit's PAKN; everyone else: the citizen landing page."""
    user = _staff(request)
    if user is None:
        return landing(request)
    state = request.GET.get("tinh-trang", "")
    rows = petitions_for(user).select_related("handler")
    if state in PetitionState.values:
        rows = rows.filter(state=state)
    today = timezone.localdate()
    listed = [(p, overdue(p, today)) for p in rows.order_by("state", "due_at")[:300]]
    return render(
        request,
        "feedback/staff_list.html",
        {
            "rows": listed,
            "state": state,
            "states": PetitionState.choices,
            "can_record": may(user, "record"),
        },
    )


@require_http_methods(["GET", "POST"])
def record_petition(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if user is None or not may(user, "record"):
        raise PermissionDenied("Trang dành cho cán bộ tiếp nhận phản ánh, kiến nghị.")
    context: dict[str, object] = {
        "kinds": list(PetitionKind),
        "channels": [c for c in PetitionChannel if c != PetitionChannel.WEB],
        "form": request.POST,
    }
    if request.method == "POST":
        assert user.unit is not None
        try:
            petition = receive_petition(
                PetitionIn(
                    unit=user.unit,
                    kind=request.POST.get("kind", ""),
                    name=request.POST.get("name", ""),
                    subject=request.POST.get("subject", ""),
                    content=request.POST.get("content", ""),
                    phone=request.POST.get("phone", ""),
                    email=request.POST.get("email", ""),
                    address=request.POST.get("address", ""),
                    procedure_code=request.POST.get("procedure_code", ""),
                    dossier_code=request.POST.get("dossier_code", ""),
                ),
                channel=request.POST.get("channel", ""),
                actor=user,
            )
        except FeedbackError as exc:
            context["error"] = str(exc)
            return render(request, "feedback/record.html", context, status=422)
        messages.success(request, f"Đã ghi nhận phản ánh, kiến nghị {petition.code}.")
        return redirect("feedback:detail", pk=petition.pk)
    return render(request, "feedback/record.html", context)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    if user is None:
        raise Http404("Không tìm thấy phản ánh, kiến nghị.")
    petition = get_petition_for_staff(user, pk)
    assert user.unit is not None
    colleagues = User.objects.filter(unit=user.unit, is_active=True, groups__isnull=False)
    return render(
        request,
        "feedback/detail.html",
        {
            "p": petition,
            "overdue": overdue(petition, timezone.localdate()),
            "colleagues": colleagues.distinct().order_by("full_name"),
            "can_route": may(user, "route", petition),
            "can_answer": may(user, "answer", petition),
            "can_publish": may(user, "publish", petition),
        },
    )


@require_POST
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    user = _staff(request)
    if user is None or name not in ("route", "answer", "publish"):
        raise Http404("Không tìm thấy phản ánh, kiến nghị.")
    try:
        petition = get_petition_for_staff(user, pk, name, log_read=False)
    except Forbidden as exc:
        raise PermissionDenied(str(exc)) from exc
    try:
        if name == "route":
            handler = User.objects.filter(
                username=request.POST.get("handler", ""), unit=user.unit
            ).first()
            if handler is None:
                raise FeedbackError("Chưa chọn cán bộ xử lý trong đơn vị.")
            route_petition(petition, actor=user, handler=handler)
            messages.success(request, f"Đã chuyển cho {handler} xử lý.")
        elif name == "answer":
            answer_petition(petition, actor=user, answer=request.POST.get("answer", ""))
            messages.success(request, "Đã trả lời phản ánh, kiến nghị.")
        else:
            publish_petition(
                petition, actor=user, public_question=request.POST.get("public_question", "")
            )
            messages.success(request, "Đã công khai kết quả trả lời.")
    except FeedbackError as exc:
        messages.error(request, str(exc))
    return redirect("feedback:detail", pk=pk)


def indicators(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if user is None:
        raise PermissionDenied("Trang dành cho cán bộ.")
    today = timezone.localdate()
    typed = {"tu": request.GET.get("tu", ""), "den": request.GET.get("den", "")}
    try:
        start, end = typed_period(typed["tu"], typed["den"], (dt.date(today.year, 1, 1), today))
    except TypedDateError as exc:
        context = {"typed": typed, "error": str(exc)}
        return render(request, "feedback/indicators.html", context, status=400)
    units = served_unit_ids(user)
    summary = satisfaction_summary(units, start, end)
    counts = feedback_counts(units, start, end)
    levels = [*SCALE, Level.NOT_APPLICABLE]
    return render(
        request,
        "feedback/indicators.html",
        {
            "start": start,
            "end": end,
            "typed": {"tu": f"{start:%d/%m/%Y}", "den": f"{end:%d/%m/%Y}"},
            "summary": summary,
            "counts": counts,
            "levels": levels,
            "criteria_rows": [
                (c.label, [summary.criteria.get(c.key, {}).get(lv.value, 0) for lv in levels])
                for c in NINE_CRITERIA
            ],
            "kind_rows": [(k.label, counts["by_kind"][k.value]) for k in PetitionKind],
        },
    )
