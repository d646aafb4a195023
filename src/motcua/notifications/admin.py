from django.contrib import admin
from django.http import HttpRequest

from motcua.audit.admin_mixin import AuditedAdmin
from motcua.notifications.models import Notification, RecordedMessage


@admin.register(Notification)
class NotificationAdmin(AuditedAdmin):
    """Queued and sent messages are read here; a delete is an audit event."""

    list_display = ("created_at", "kind", "channel", "address", "state", "attempts")
    list_filter = ("state", "kind", "channel")
    search_fields = ("address", "dossier__code")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(RecordedMessage)
class RecordedMessageAdmin(AuditedAdmin):
    """What the recording SMS/Zalo backend kept (test environments): read, or deleted with an
    audit event."""

    list_display = ("at", "channel", "address", "body")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
