"""Accounts and roles in the admin: every change, role grant and password set is audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
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


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "full_name", "unit", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Thông tin cán bộ", {"fields": ("full_name", "phone", "unit")}),
    )

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "groups":
            kwargs["form_class"] = RoleChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)

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


def role_label(group: Group) -> str:
    """A role's Vietnamese name (groups are named by Role values, which no one should read)."""
    try:
        return Role(group.name).label
    except ValueError:
        return group.name


class RoleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return role_label(obj)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(AuditedAdmin, BaseGroupAdmin):
    """Roles are groups: their permissions change only with an event."""

    list_display = ("name", "vietnamese_name")

    @admin.display(description="vai trò")
    def vietnamese_name(self, obj: Group) -> str:
        return role_label(obj)
