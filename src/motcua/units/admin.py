from django.contrib import admin

from motcua.audit.admin_mixin import AuditedAdmin
from motcua.units.models import Unit


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = (
        "code",
        "admin_code",
        "name",
        "kind",
        "parent",
        "short_code",
        "valid_from",
        "valid_to",
    )
    list_filter = ("kind",)
    search_fields = ("code", "admin_code", "name", "name_fold", "agency_code")
    autocomplete_fields = ("parent", "successor")
    readonly_fields = ("short_code",)
