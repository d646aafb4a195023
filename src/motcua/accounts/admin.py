from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from motcua.accounts.models import User
from motcua.audit.admin_mixin import AuditedAdmin


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "full_name", "unit", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Thông tin cán bộ", {"fields": ("full_name", "phone", "unit")}),
    )
