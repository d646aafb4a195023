from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from motcua.accounts.models import User
from motcua.audit.admin_mixin import AuditedAdmin, snapshot
from motcua.audit.services import record
from motcua.calendars.models import CalendarDay, CalendarNotice, OfficeSessions, UncertainDay
from motcua.calendars.notice_form import NoticeForm, UncertainDayForm, replace_days
from motcua.calendars.year_report import notice_missing, statutory_rows


class WarnsOfMissingNotice(AuditedAdmin):
    """From 1 December the list pages say when next year has no notice loaded."""

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        warning = notice_missing(timezone.localdate())
        if warning:
            messages.warning(request, warning)
        return super().changelist_view(request, extra_context)


@admin.register(CalendarDay)
class CalendarDayAdmin(WarnsOfMissingNotice):
    list_display = ("day", "kind", "reason", "legal_ref", "province", "notice")
    list_filter = ("kind", "province")
    date_hierarchy = "day"
    search_fields = ("reason", "legal_ref")

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The entered exceptions, then the whole year as deadlines count it (read-only)."""
        year_text = request.GET.get("day__year", "")
        year = int(year_text) if year_text.isdigit() and 1990 <= int(year_text) <= 2100 else None
        year = year or timezone.localdate().year
        context = {
            **(extra_context or {}),
            "statutory_year": year,
            "statutory_rows": statutory_rows(year),
        }
        return super().changelist_view(request, context)


@admin.register(CalendarNotice)
class CalendarNoticeAdmin(WarnsOfMissingNotice):
    """Adding a notice is this one form: the document and its days (dd/mm/yyyy)."""

    form = NoticeForm
    list_display = ("number", "issuer", "issued", "year", "title")
    list_filter = ("year",)
    search_fields = ("number", "title")

    @admin.display(description="ngày ban hành", ordering="issued_on")
    def issued(self, notice: CalendarNotice) -> str:
        return f"{notice.issued_on:%d/%m/%Y}"

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # the notice's own event
        created, deleted = replace_days(
            form.instance, form.cleaned_data["days_off"], form.cleaned_data["work_days"]
        )
        actor = request.user if isinstance(request.user, User) else None
        for row in deleted:
            record(
                actor=actor,
                action="admin_delete",
                object_type=CalendarDay._meta.label_lower,
                object_id=row.pk,
                before=snapshot(row),
            )
        for row in created:
            record(
                actor=actor,
                action="admin_add",
                object_type=CalendarDay._meta.label_lower,
                object_id=row.pk,
                after=snapshot(row),
            )


@admin.register(UncertainDay)
class UncertainDayAdmin(AuditedAdmin):
    """A day whose legal basis is uncertain: the administrator decides, with the reason shown."""

    form = UncertainDayForm
    list_display = ("name", "day_month", "since", "is_day_off", "reason")

    @admin.display(description="ngày")
    def day_month(self, item: UncertainDay) -> str:
        return f"{item.day:02d}/{item.month:02d}"

    @admin.display(description="áp dụng từ", ordering="applies_from")
    def since(self, item: UncertainDay) -> str:
        return f"{item.applies_from:%d/%m/%Y}"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deciding "a working day" is the way to turn it off


@admin.register(OfficeSessions)
class OfficeSessionsAdmin(AuditedAdmin):
    list_display = ("province", "morning_start", "morning_end", "afternoon_start", "afternoon_end")
