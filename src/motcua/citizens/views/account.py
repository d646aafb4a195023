"""Registration, sign-in (rate-limited), sign-out, the citizen's home, organisations, data store."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from motcua.citizens.identity_providers import (
    LoginBlocked,
    PasswordProvider,
    check_registration_allowed,
    record_registration,
)
from motcua.citizens.models import CitizenDocument, DocumentSource
from motcua.citizens.permissions import citizen_of
from motcua.citizens.services import (
    CitizenError,
    add_to_data_store,
    checked,
    register_citizen,
    register_organisation,
)
from motcua.core.ratelimit import client_address
from motcua.domain.vnformat import parse_vn_date
from motcua.payments.services import dossier_balance

BACKEND = "motcua.citizens.backends.StaffModelBackend"


def client_ip(request: HttpRequest) -> str:
    return client_address(request)  # behind a trusted reverse proxy: the forwarded client


def safe_next(value: str | None) -> str:
    """Where to go after signing in: only a path of our own citizens' pages (no host, no
    scheme, no backslash or control character a browser might read as another host)."""
    if not value or not value.startswith("/cong-dan/"):
        return ""
    if "\\" in value or any(ord(c) < 32 or ord(c) == 127 for c in value):
        return ""
    return value if url_has_allowed_host_and_scheme(value, allowed_hosts=None) else ""


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"post": request.POST}
    if request.method == "POST":
        post = request.POST
        try:
            check_registration_allowed(client_ip(request))
        except LoginBlocked as exc:
            context["error"] = str(exc)
            return render(request, "citizens/register.html", context, status=429)
        try:
            if post.get("password", "") != post.get("password2", ""):
                raise CitizenError("Hai lần nhập mật khẩu không khớp nhau.")
            birth = (post.get("birth_date") or "").strip()
            try:
                birth_date = parse_vn_date(birth) if birth else None
            except ValueError:
                raise CitizenError(
                    "Ngày sinh phải viết theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 02/03/1990."
                ) from None
            profile = register_citizen(
                personal_id=post.get("personal_id", ""),
                full_name=post.get("full_name", ""),
                password=post.get("password", ""),
                phone=post.get("phone", ""),
                email=post.get("email", ""),
                birth_date=birth_date,
                address=post.get("address", ""),
            )
            record_registration(client_ip(request), profile.personal_id, succeeded=True)
            login(request, profile.user, backend=BACKEND)
            messages.success(request, "Đăng ký tài khoản thành công.")
            return redirect("citizens:home")
        except CitizenError as exc:
            record_registration(client_ip(request), post.get("personal_id", ""), succeeded=False)
            context["error"] = str(exc)
    return render(request, "citizens/register.html", context)


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {
        "personal_id": request.POST.get("personal_id", ""),
        "vneid": settings.MOTCUA_VNEID.mode,
    }
    if request.method == "POST":
        try:
            profile = PasswordProvider().authenticate(
                client_ip=client_ip(request),
                personal_id=request.POST.get("personal_id", ""),
                password=request.POST.get("password", ""),
            )
        except LoginBlocked as exc:
            context["error"] = str(exc)
            return render(request, "citizens/login.html", context, status=429)
        if profile is not None:
            login(request, profile.user, backend=BACKEND)
            return redirect(safe_next(request.POST.get("next")) or "citizens:home")
        context["error"] = "Số định danh cá nhân hoặc mật khẩu không đúng."
    context["next"] = request.GET.get("next", "")
    return render(request, "citizens/login.html", context)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("citizens:login")


@login_required(login_url="citizens:login")
def home(request: HttpRequest) -> HttpResponse:
    citizen = citizen_of(request)
    return render(
        request,
        "citizens/home.html",
        {
            "citizen": citizen,
            "organisations": citizen.organisations.all(),
            "drafts": citizen.drafts.filter(submission__isnull=True).select_related(
                "procedure_version"
            ),
        },
    )


@login_required(login_url="citizens:login")
@require_POST
def add_organisation(request: HttpRequest) -> HttpResponse:
    citizen = citizen_of(request)
    try:
        organisation = register_organisation(
            citizen,
            name=request.POST.get("name", ""),
            tax_code=request.POST.get("tax_code", ""),
            address=request.POST.get("address", ""),
        )
        messages.success(request, f"Đã thêm tổ chức {organisation.name}.")
    except CitizenError as exc:
        messages.error(request, str(exc))
    return redirect("citizens:home")


@login_required(login_url="citizens:login")
@require_http_methods(["GET", "POST"])
def data_store(request: HttpRequest) -> HttpResponse:
    """Kho dữ liệu: the documents and results the citizen holds, and adding one."""
    citizen = citizen_of(request)
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise CitizenError("Chưa chọn tệp.")
            file = checked(upload.name or "", upload, upload.size)
            add_to_data_store(citizen, title=request.POST.get("title", ""), file=file)
            messages.success(request, "Đã lưu giấy tờ vào kho dữ liệu.")
            return redirect("citizens:data_store")
        except CitizenError as exc:
            messages.error(request, str(exc))
    documents = CitizenDocument.objects.filter(citizen=citizen, in_store=True)
    return render(request, "citizens/data_store.html", {"documents": documents})


@login_required(login_url="citizens:login")
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    from django.http import Http404

    citizen = citizen_of(request)
    document = CitizenDocument.objects.filter(pk=pk, citizen=citizen).first()
    if document is None:
        raise Http404("Không có giấy tờ")
    paid_for = document.dossier if document.source == DocumentSource.RESULT else None
    if paid_for is not None and dossier_balance(paid_for) > 0:  # released once it is paid for
        raise PermissionDenied("Kết quả được tải về sau khi phí, lệ phí đã được thanh toán.")
    with document.file.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type=document.content_type)
    response["Content-Disposition"] = f'inline; filename="{document.file.name.rsplit("/")[-1]}"'
    return response
