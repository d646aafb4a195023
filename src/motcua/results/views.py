"""Pages of the results app: the public verification page (/xac-minh/) and the staff acts.

Public pages are rate-limited per client address, answer every bad input with a Vietnamese
message (never a 500) and show no dossier data. Staff pages call the services and go back to
the dossier page, like dossiers/views.py.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.models import User
from motcua.core.ratelimit import allow_request
from motcua.dossiers.permissions import Forbidden, staff_member
from motcua.dossiers.services import DossierError
from motcua.results.certification import certify_electronic_copy
from motcua.results.models import IssuedResult
from motcua.results.permissions import (
    dossier_for_certification,
    dossier_for_issue,
    result_for_download,
)
from motcua.results.services import MAX_SCAN_BYTES, issue_electronic_result
from motcua.results.verification import verify_document, verify_registered

ATTEMPTS, WINDOW = 30, 600  # per client address, per 10 minutes
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
MAX_UPLOAD = 20 * 1024 * 1024
TEMPLATE = "results/verify.html"


def _throttled(request: HttpRequest) -> bool:
    return not allow_request(request, "result-verify", limit=ATTEMPTS, window=WINDOW)


def _too_many(request: HttpRequest) -> HttpResponse:
    context = {"error": "Bạn đã xác minh quá nhiều lần. Vui lòng thử lại sau 10 phút."}
    return render(request, TEMPLATE, context, status=429)


def _token_from(text: str) -> str | None:
    """The code itself, or the last path segment of a pasted verification address."""
    candidate = text.strip().rstrip("/").rsplit("/", 1)[-1]
    return candidate if TOKEN.fullmatch(candidate) else None


@require_http_methods(["GET", "POST"])
def verify_form(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {}
    if request.method == "POST":
        if _throttled(request):
            return _too_many(request)
        upload = request.FILES.get("tep")
        code = request.POST.get("ma", "")
        if upload is not None:
            data = upload.read(MAX_UPLOAD + 1)
            if not data:
                context["error"] = "Tệp rỗng, không có nội dung."
            elif len(data) > MAX_UPLOAD:
                context["error"] = "Tệp quá lớn: tối đa 20 MB."
            elif not data.startswith(b"%PDF-"):
                context["error"] = "Tệp tải lên không phải PDF. Hãy chọn tệp PDF văn bản điện tử."
            else:
                context["verification"] = verify_document(data)
        elif code.strip():
            token = _token_from(code)
            if token is not None:
                return redirect("results:verify_token", token)
            context["error"] = "Mã xác minh không đúng định dạng."
        else:
            context["error"] = "Nhập mã xác minh hoặc chọn tệp PDF cần kiểm tra."
    return render(request, TEMPLATE, context, status=400 if "error" in context else 200)


def verify_token(request: HttpRequest, token: str) -> HttpResponse:
    if _throttled(request):
        return _too_many(request)
    result = IssuedResult.objects.select_related("issuer_unit").filter(token=token).first()
    if result is None:
        context = {"error": "Không tìm thấy văn bản điện tử với mã xác minh này."}
        return render(request, TEMPLATE, context, status=404)
    return render(request, TEMPLATE, {"verification": verify_registered(result), "by_code": True})


def _staff(request: HttpRequest) -> User:
    return staff_member(request.user)  # 403 for an account without a unit or a role


@login_required
@require_POST
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Ký số và phát hành kết quả điện tử (the leader's approval with the signed result)."""
    user = _staff(request)
    try:
        dossier = dossier_for_issue(user, pk)
        upload = request.FILES.get("source_pdf")
        result = issue_electronic_result(
            dossier,
            actor=user,
            title=request.POST.get("title", ""),
            number=request.POST.get("number", ""),
            body=request.POST.get("body", ""),
            source_pdf=upload.read(MAX_SCAN_BYTES + 1) if upload is not None else None,
        )
        messages.success(request, f"Đã ký số và phát hành kết quả điện tử “{result.title}”.")
    except (DossierError, Forbidden) as exc:
        messages.error(request, str(exc))
    return redirect("dossiers:detail", pk)


@login_required
@require_POST
def certify(request: HttpRequest, pk: int) -> HttpResponse:
    """Chứng thực bản sao điện tử từ bản chính."""
    user = _staff(request)
    post = request.POST
    try:
        dossier = dossier_for_certification(user, pk)
        upload = request.FILES.get("scan")
        if upload is None:
            raise DossierError("Chưa chọn tệp bản chụp (PDF, PNG, JPEG) của bản chính.")
        try:
            pages = int(post.get("pages") or 0)
            copies = int(post.get("copies") or 1)
        except ValueError:
            raise DossierError("Số trang, số bản phải là số nguyên.") from None
        key = post.get("form_key", "")
        result = certify_electronic_copy(
            dossier,
            actor=user,
            scan=upload.read(MAX_SCAN_BYTES + 1),
            document_name=post.get("document_name", ""),
            pages=pages,
            copies=copies,
            compared_with_original=post.get("compared") == "on",
            fee_method=post.get("fee_method", ""),
            bank_reference=post.get("bank_reference", ""),
            exemption_reason=post.get("exemption_reason", ""),
            idempotency_key=f"{user.pk}:web:{key}" if key else None,
        )
        messages.success(request, f"Đã chứng thực bản sao điện tử, số chứng thực {result.number}.")
    except (DossierError, Forbidden) as exc:
        messages.error(request, str(exc))
    return redirect("dossiers:detail", pk)


@login_required
def download(request: HttpRequest, result_id: int) -> HttpResponse:
    """The signed PDF, exactly as issued (staff of the dossier; citizens when wired)."""
    result = result_for_download(request.user, result_id)
    with result.file.open("rb") as stored:
        data = stored.read()
    response = HttpResponse(data, content_type="application/pdf")
    name = f"{result.dossier.code or 'ket-qua'}-{result.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
