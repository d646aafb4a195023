from django.contrib import admin

from motcua.audit.admin_mixin import AuditedAdmin
from motcua.bundles.models import AgencyLink


@admin.register(AgencyLink)
class AgencyLinkAdmin(AuditedAdmin):
    list_display = ("commune", "performer", "agency")
