from django.contrib.auth import get_user_model
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public front page, or the staff member's start page once logged in."""
    context: dict[str, object] = {}
    if request.user.is_authenticated:
        assert isinstance(request.user, get_user_model())
        if hasattr(request.user, "citizen_profile"):  # citizens have their own pages
            return redirect("citizens:home")
        context["roles"] = [role.label for role in request.user.roles()]
        return render(request, "core/staff_home.html", context)
    return render(request, "core/public_home.html", context)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"status": "ok", "database": connection.vendor})
