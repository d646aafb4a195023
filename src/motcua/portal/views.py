"""The operator page /dong-bo/ (administrators): the queue by state, dead letters, replay."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.portal.client import portal_settings
from motcua.portal.models import MessageState
from motcua.portal.permissions import messages_visible_to, operator, portal_dossiers_visible_to
from motcua.portal.services import ReplayError, replay_all_dead, replay_message, state_counts

DEAD_SHOWN = 200


def _administrator(request: HttpRequest) -> User:
    return operator(request.user)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The queue of the administrator's own units (portal/permissions.py)."""
    user = _administrator(request)
    visible = messages_visible_to(user)
    dead = (
        visible.filter(state=MessageState.DEAD)
        .select_related("dossier")
        .order_by("-dead_at")[:DEAD_SHOWN]
    )
    oldest = visible.filter(state=MessageState.PENDING).order_by("created_at").first()
    conf = portal_settings()
    return render(
        request,
        "portal/dashboard.html",
        {
            "counts": state_counts(visible),
            "dead": dead,
            "oldest": oldest,
            "configured": bool(conf.url),
            "inbound_configured": bool(conf.inbound_secret),
            "conf": conf,
            "recent_inbound": portal_dossiers_visible_to(user)
            .select_related("dossier")
            .order_by("-received_at")[:20],
        },
    )


@login_required
@require_POST
def replay(request: HttpRequest, message_id: int) -> HttpResponse:
    actor = _administrator(request)
    try:
        message = replay_message(message_id, actor=actor)
    except ReplayError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã đưa tin {message.idempotency_key} vào hàng đợi gửi lại.")
    return redirect("portal:dashboard")


@login_required
@require_POST
def replay_all(request: HttpRequest) -> HttpResponse:
    actor = _administrator(request)
    count = replay_all_dead(actor=actor)
    messages.success(request, f"Đã đưa {count} tin dừng gửi vào hàng đợi gửi lại.")
    return redirect("portal:dashboard")
