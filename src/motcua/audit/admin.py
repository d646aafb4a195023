from django.contrib import admin
from django.http import HttpRequest

from motcua.audit.models import AuditEvent, PersonalDataRead


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the log is append-only, nobody edits or deletes it."""

    list_display = ("partition", "seq", "at", "actor_label", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("object_id", "actor_label")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(PersonalDataRead)
class PersonalDataReadAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: who saw whose personal data (the access log, beside the chain)."""

    list_display = ("at", "actor_label", "object_type", "object_id")
    list_filter = ("object_type",)
    search_fields = ("object_id", "actor_label")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
