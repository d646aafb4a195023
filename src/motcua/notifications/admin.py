from django.contrib import admin

from motcua.notifications.models import Notification, RecordedMessage


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ("created_at", "kind", "channel", "address", "state", "attempts")
    list_filter = ("state", "kind", "channel")
    search_fields = ("address", "dossier__code")
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(RecordedMessage)
class RecordedMessageAdmin(admin.ModelAdmin[RecordedMessage]):
    list_display = ("at", "channel", "address", "body")
