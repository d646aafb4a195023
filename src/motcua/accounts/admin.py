"""Accounts and roles in the admin: every change, role grant and password set is audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.admin_mixin import AuditedAdmin
from motcua.audit.services import record


def _password_hash(pk: Any) -> str | None:
    if not str(pk).isdigit():  # the page answers 404 for it
        return None
    return User.objects.filter(pk=pk).values_list("password", flat=True).first()


def _audited_password_page(
    request: HttpRequest, pk: Any, action: str, page: Callable[[], HttpResponse]
) -> HttpResponse:
    """Run a password page in one transaction; when it changed the password, record who set
    whose (never the password or its hash)."""
    with transaction.atomic():
        before = _password_hash(pk)
        response = page()
        user = User.objects.filter(pk=pk).first()
        if user is not None and before is not None and user.password != before:
            record(
                actor=request.user if isinstance(request.user, User) else None,
                action=action,
                object_type="accounts.user",
                object_id=user.pk,
                after={"usable_password": user.has_usable_password()},
            )
    return response


_site_password_change = admin.site.password_change


def _password_change(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """An administrator changing their own password (/quan-tri/password_change/)."""
    return _audited_password_page(
        request,
        request.user.pk,
        "password_change",
        lambda: _site_password_change(request, extra_context),
    )


# The site builds its URLs from this attribute when urls.py reads admin.site.urls.
admin.site.password_change = _password_change  # type: ignore[method-assign,assignment]


def role_label(group: Group) -> str:
    """A role's Vietnamese name (groups are named by Role values, which no one should read)."""
    return str(group)  # accounts/apps.py: Group.__str__ gives the role's label


class RoleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return role_label(obj)


_PERMISSION_VERBS = {"add": "Thêm", "change": "Sửa", "delete": "Xóa", "view": "Xem"}


def permission_label(permission: Permission) -> str:
    """«Danh mục thủ tục hành chính | lĩnh vực | Sửa lĩnh vực»: Django names its permissions
    "Can change …" in English when they are created; the admin shows them in Vietnamese."""
    content_type = permission.content_type
    model = content_type.model_class()
    model_name = str(model._meta.verbose_name) if model else content_type.model
    app = str(model._meta.app_config.verbose_name) if model else content_type.app_label
    verb, _, model_code = permission.codename.partition("_")
    if verb in _PERMISSION_VERBS and model_code == content_type.model:
        return f"{app} | {model_name} | {_PERMISSION_VERBS[verb]} {model_name}"
    return f"{app} | {model_name} | {permission.name}"


class PermissionChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return permission_label(obj)


class RoleFilter(admin.SimpleListFilter):
    title = "vai trò"
    parameter_name = "vai_tro"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(role.value, role.label) for role in Role]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        value = self.value()
        return queryset.filter(groups__name=value) if value else queryset


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "full_name", "unit", "roles", "is_active", "is_staff")
    list_filter = ("is_staff", "is_superuser", "is_active", RoleFilter)
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Thông tin cán bộ", {"fields": ("full_name", "phone", "unit", "position")}),
    )

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "groups":
            kwargs["form_class"] = RoleChoiceField
        if db_field.name == "user_permissions":
            kwargs["form_class"] = PermissionChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description="vai trò")
    def roles(self, obj: User) -> str:
        return ", ".join(sorted(role_label(group) for group in obj.groups.all()))

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("groups")

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """An administrator setting (or disabling) someone's password: an event naming who and
        whose, never the password or its hash."""
        return _audited_password_page(
            request,
            unquote(id),
            "admin_set_password",
            lambda: super(UserAdmin, self).user_change_password(request, id, form_url),
        )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdmin, BaseGroupAdmin):
    """Roles are groups: their permissions change only with an event."""

    list_display = ("vietnamese_name",)
    list_display_links = ("vietnamese_name",)

    @admin.display(description="vai trò", ordering="name")
    def vietnamese_name(self, obj: Group) -> str:
        return role_label(obj)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "permissions":
            kwargs["form_class"] = PermissionChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)
