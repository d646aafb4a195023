"""The catalogue in the Vietnamese admin. A change of law is a new version from a date; a version
that a dossier uses is shown read-only (catalog/services.py: in_use)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from motcua.audit.admin_mixin import AuditedAdmin
from motcua.calendars.notice_form import vn_date_field
from motcua.catalog.excel import SheetError, import_catalog
from motcua.catalog.models import (
    Component,
    Fee,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    Publication,
)
from motcua.catalog.services import in_use, in_use_message, new_version


def _editable(obj: ProcedureVersion | None) -> bool:
    return obj is None or obj.pk is None or not in_use(obj)


def _fees_editable(obj: ProcedureVersion | None) -> bool:
    """A fee in force since before today is law already applied: changing it is a new dated
    version with its deciding document (new_version_view), never an edit in place."""
    if obj is None or obj.pk is None:
        return True
    return _editable(obj) and obj.valid_from >= dt.date.today()


class VersionPartInline(admin.TabularInline):  # type: ignore[type-arg]
    """Fees, documents and steps: read-only on a version that a dossier uses."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj) and super().has_delete_permission(request, obj)


class FeeInline(VersionPartInline):
    model = Fee

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _fees_editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _fees_editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _fees_editable(obj) and super().has_delete_permission(request, obj)


class ComponentInline(VersionPartInline):
    model = Component


class StepInline(VersionPartInline):
    model = ProcessStep


class ImportSheetForm(forms.Form):
    sheet = forms.FileField(label="Tệp Excel danh mục (.xlsx)")
    valid_from = vn_date_field(
        "Áp dụng từ ngày", help_text="Mỗi thủ tục trong tệp có phiên bản mới từ ngày này."
    )


class NewVersionForm(forms.Form):
    valid_from = vn_date_field(
        "Áp dụng từ ngày", help_text="Hồ sơ tiếp nhận trước ngày này vẫn theo phiên bản cũ."
    )
    document = forms.CharField(
        label="Văn bản quyết định thay đổi",
        max_length=300,
        help_text="Số, ký hiệu và ngày của văn bản, ví dụ: Nghị quyết số 12/2026/NQ-HĐND "
        "ngày 10/11/2026 của HĐND tỉnh (mức thu phí, lệ phí mới).",
    )


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(AuditedAdmin):
    list_display = ("procedure", "name", "field", "level", "online_level", "valid_from")
    list_filter = ("field", "level", "online_level")
    search_fields = ("procedure__code", "name", "name_fold")
    inlines = (ComponentInline, FeeInline, StepInline)
    readonly_fields = ("new_version_link",)
    change_list_template = "admin/catalog/procedureversion_changelist.html"
    autocomplete_fields = ("procedure",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj) and super().has_delete_permission(request, obj)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        version = self.get_object(request, object_id)
        if request.method == "GET" and version is not None and not _editable(version):
            messages.info(request, in_use_message(version))
        elif request.method == "GET" and version is not None and not _fees_editable(version):
            messages.info(
                request,
                "Phí, lệ phí của phiên bản đang áp dụng không sửa trực tiếp: hãy tạo phiên bản "
                "mới từ ngày có hiệu lực, kèm văn bản quyết định thay đổi.",
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Sửa đổi theo văn bản mới")
    def new_version_link(self, obj: ProcedureVersion) -> SafeString | str:
        if obj.pk is None:
            return "—"
        url = reverse("admin:catalog_procedureversion_new_version", args=[obj.pk])
        return format_html('<a class="button" href="{}">Tạo phiên bản mới từ một ngày</a>', url)

    def get_urls(self) -> list[URLPattern]:
        extra = [
            path(
                "<id:pk>/phien-ban-moi/",
                self.admin_site.admin_view(self.new_version_view),
                name="catalog_procedureversion_new_version",
            ),
            path(
                "nhap-excel/",
                self.admin_site.admin_view(self.import_view),
                name="catalog_procedureversion_import",
            ),
        ]
        return extra + super().get_urls()

    def new_version_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = get_object_or_404(ProcedureVersion, pk=pk)
        if not self.has_add_permission(request):
            return HttpResponse(status=403)
        form = NewVersionForm(
            request.POST or None, initial={"valid_from": dt.date.today() + dt.timedelta(days=1)}
        )
        if request.method == "POST" and form.is_valid():
            try:
                created = new_version(
                    version,
                    form.cleaned_data["valid_from"],
                    actor=request.user,  # type: ignore[arg-type]
                    document=form.cleaned_data["document"],
                )
            except ValueError as exc:
                form.add_error("valid_from", str(exc))
            else:
                messages.success(
                    request, "Đã tạo phiên bản mới. Hãy sửa nội dung thay đổi rồi lưu."
                )
                return HttpResponseRedirect(
                    reverse("admin:catalog_procedureversion_change", args=[created.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "version": version,
            "title": "Tạo phiên bản mới của thủ tục",
            "opts": self.model._meta,
        }
        return render(request, "admin/catalog/new_version.html", context)

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponse(status=403)
        form = ImportSheetForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            try:
                changed = import_catalog(
                    form.cleaned_data["sheet"],
                    form.cleaned_data["valid_from"],
                    actor=request.user,  # type: ignore[arg-type]
                )
            except SheetError as exc:
                problems = exc.problems
            else:
                messages.success(request, f"Đã cập nhật {changed} thủ tục.")
                return HttpResponseRedirect(reverse("admin:catalog_procedureversion_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "problems": problems,
            "title": "Nhập danh mục thủ tục từ Excel",
            "opts": self.model._meta,
        }
        return render(request, "admin/catalog/import.html", context)


@admin.register(Procedure)
class ProcedureAdmin(AuditedAdmin):
    list_display = ("code", "current_name", "kind")
    search_fields = ("code", "versions__name_fold")

    @admin.display(description="tên thủ tục (phiên bản đang áp dụng)")
    def current_name(self, obj: Procedure) -> str:
        version = obj.version_on(dt.date.today()) or obj.versions.order_by("valid_from").first()
        return version.name if version else "—"


@admin.register(Field)
class FieldAdmin(AuditedAdmin):
    list_display = ("code", "name", "ministry", "report_order")


@admin.register(Publication)
class PublicationAdmin(AuditedAdmin):
    list_display = ("unit", "procedure", "at_desk", "on_portal")
    list_filter = ("unit", "at_desk", "on_portal")
    autocomplete_fields = ("unit", "procedure")
