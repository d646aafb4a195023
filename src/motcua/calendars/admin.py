from django.contrib import admin

from motcua.audit.admin_mixin import AuditedAdmin
from motcua.calendars.models import CalendarDay, OfficeSessions


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ("day", "kind", "reason", "legal_ref", "province")
    list_filter = ("kind", "province")
    date_hierarchy = "day"
    search_fields = ("reason", "legal_ref")


@admin.register(OfficeSessions)
class OfficeSessionsAdmin(AuditedAdmin):
    list_display = ("province", "morning_start", "morning_end", "afternoon_start", "afternoon_end")
