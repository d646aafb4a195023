"""/ho-so/: the one dossier list of every staff role — search, filters, status tabs with counts,
keyset pages of 50, the saved views "Việc của tôi" and "Chờ ký", and the Excel export.

Which dossiers a user may see is permissions.dossiers_visible_to (the one rule); the filters are
desk_filters.py, the paging keyset.py, the workbook desk_export.py. A filter value the list
cannot use is named in a message and left out; it never fails the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.services import record_personal_data_read
from motcua.calendars.services import calendar_for
from motcua.catalog.models import Field, current_versions
from motcua.core.querystring import query_with
from motcua.domain.dossier_states import Status
from motcua.domain.status_groups import OPEN, STATUS_GROUPS
from motcua.dossiers import desk_query, keyset
from motcua.dossiers.countdown import countdown
from motcua.dossiers.desk_export import EXPORT_COLUMNS, EXPORT_MAX, dossier_workbook
from motcua.dossiers.desk_filters import (
    DATE_FIELDS,
    DEADLINES,
    DEFAULT_SORT,
    ID_FIELDS,
    SORTS,
    DeskFilters,
    read_filters,
)
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.online_sla import late_online_intake
from motcua.dossiers.permissions import may_receive, visible_parts
from motcua.dossiers.views import _staff
from motcua.units.tree import units_served_by

PAGING_KEYS = ("sau", "truoc", "trang")
FORM_KEYS = (
    "q",
    "trang-thai",
    "kenh",
    "han",
    "so-ngay",
    "sap-xep",
    "cua-toi",
    *ID_FIELDS,
    *DATE_FIELDS,
)
AWAITING_SIGNATURE = {"cua-toi": "1", "trang-thai": Status.IN_PROGRESS.value}
# "Trả kết quả": the dossiers whose result (or refusal) is ready to hand over.
TO_RETURN = {"trang-thai": "co-ket-qua"}


@dataclass
class Listing:
    filters: DeskFilters
    parts: list[QuerySet[Dossier]]  # the scope's parts, with every filter but the status tab
    rows: QuerySet[Dossier]  # scope, filters and the status tab (for the export)
    choices: dict[str, Any]

    def tab_parts(self) -> list[QuerySet[Dossier]]:
        """The parts with the status tab too, and the columns a row shows."""
        related = ("procedure_version", "assignee", "receiving_unit")
        status = self.filters.status_q()
        return [part.filter(status).select_related(*related) for part in self.parts]


def _listing(request: HttpRequest, user: User, today: dt.date) -> Listing:
    assert user.unit is not None
    served = units_served_by(user.unit)
    filters = read_filters(request.GET)
    handlers = list(
        User.objects.filter(unit_id__in=served, is_active=True).order_by("full_name", "username")
    )
    fields = list(Field.objects.order_by("report_order", "name"))
    procedures = list(
        current_versions(today)
        .filter(procedure__kind="procedure")
        .order_by("name")
        .values_list("procedure_id", "name")
    )
    filters.drop_unknown_id("nguoi-xu-ly", {u.pk for u in handlers})
    filters.drop_unknown_id("linh-vuc", {f.pk for f in fields})
    filters.drop_unknown_id("thu-tuc", {pk for pk, _ in procedures})
    calendar = calendar_for(user.unit) if filters.deadline == "sap-den" else None
    condition = filters.condition(user_id=user.pk, today=today, calendar=calendar)
    visible = visible_parts(user, served)
    return Listing(
        filters,
        desk_query.parts_of(visible, condition),
        desk_query.union_of(visible).filter(condition).filter(filters.status_q()),
        {"handlers": handlers, "fields": fields, "procedures": procedures},
    )


def _query(params: QueryDict, drop: tuple[str, ...] = PAGING_KEYS, **values: object) -> str:
    return query_with(params, drop, **values)


def _saved_views(user: User, filters: DeskFilters) -> list[dict[str, object]]:
    """ "Việc của tôi" (the open dossiers I hold) and, for leaders, "Chờ ký" (those I hold being
    processed: approve or refuse), for receiving officers "Trả kết quả" (results ready to hand
    over) — links with preset filters."""
    plain = filters.mine and not (
        filters.ids or filters.q or filters.deadline or filters.channel or filters.dates
    )
    views: list[dict[str, object]] = [
        {
            "label": "Việc của tôi",
            "query": "cua-toi=1",
            "current": plain and filters.status is None and filters.group == OPEN,
        }
    ]
    if Role.RECEIVING_OFFICER in user.roles():
        views.append(
            {
                "label": "Trả kết quả",
                "query": urlencode(TO_RETURN),
                "current": not (filters.mine or filters.ids or filters.q or filters.deadline)
                and not (filters.channel or filters.dates)
                and filters.group == TO_RETURN["trang-thai"],
            }
        )
    if Role.LEADER in user.roles():
        views.append(
            {
                "label": "Chờ ký",
                "query": urlencode(AWAITING_SIGNATURE),
                "current": plain and filters.status == Status.IN_PROGRESS,
            }
        )
    return views


def _page(request: HttpRequest, listing: Listing) -> tuple[keyset.Page, int]:
    order = keyset.ORDERS[listing.filters.sort]
    after = keyset.read_position(request.GET.get("sau", "")) if "sau" in request.GET else None
    before = keyset.read_position(request.GET.get("truoc", "")) if "truoc" in request.GET else None
    if ("sau" in request.GET and after is None) or ("truoc" in request.GET and before is None):
        listing.filters.problems.append("Vị trí trang không hợp lệ; đang hiện trang đầu.")
    shown = desk_query.page(listing.tab_parts(), order, after=after, before=before)
    number = request.GET.get("trang", "")
    page_number = int(number) if number.isascii() and number.isdigit() and len(number) < 7 else 1
    return shown, max(2, page_number) if shown.has_previous else 1


@login_required
def dossier_list(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    assert user.unit is not None
    today = timezone.localdate()
    listing = _listing(request, user, today)
    filters = listing.filters
    counts = desk_query.tab_counts(listing.parts)
    if filters.status is not None:  # one status, from a link (e.g. "Chờ ký")
        total = desk_query.count_of(listing.parts, filters.status_q())
    else:
        total = counts[filters.group]
    shown, page_number = _page(request, listing)
    params = request.GET
    tabs = [
        {
            "label": group.label,
            "count": counts[key],
            "query": _query(params, (*PAGING_KEYS, "trang-thai"), **{"trang-thai": key}),
            "current": filters.group == key,
        }
        for key, group in STATUS_GROUPS.items()
    ]
    first_row = (page_number - 1) * keyset.PAGE_SIZE + 1
    views = _saved_views(user, filters)
    current_view = next((str(v["label"]) for v in views if v["current"]), "")
    context = {
        "heading": current_view or "Hồ sơ",
        "values": {key.replace("-", "_"): params.get(key, "") for key in FORM_KEYS},
        "advanced": bool(
            filters.ids or filters.channel or filters.dates or filters.sort != DEFAULT_SORT
        ),
        "filters": filters,
        "params": params,
        "tabs": tabs,
        "saved_views": views,
        "total": total,
        "rows": [(d, countdown(d, today)) for d in shown.rows],
        "late_online": late_online_intake(shown.rows),
        "page": shown,
        "page_number": page_number,
        "first_row": first_row,
        "last_row": first_row + len(shown.rows) - 1,
        "next_query": _query(params, sau=shown.last.token(), trang=page_number + 1)
        if shown.has_next and shown.last
        else "",
        "previous_query": _query(params, truoc=shown.first.token(), trang=page_number - 1)
        if shown.has_previous and shown.first
        else "",
        "export_query": _query(params),
        "channels": Channel.choices,
        "deadlines": DEADLINES,
        "sorts": SORTS,
        "status_label": filters.status.label if filters.status else "",
        "can_receive": may_receive(user, user.unit),
        **listing.choices,
    }
    return render(request, "dossiers/list.html", context)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The filtered list (every page, in the list's order) as an .xlsx workbook."""
    user = _staff(request)
    assert user.unit is not None
    today = timezone.localdate()
    listing = _listing(request, user, today)
    back = f"{reverse('dossiers:queue')}?{_query(request.GET)}"
    if listing.filters.problems:
        messages.error(request, "Chưa tải được: " + " ".join(listing.filters.problems))
        return redirect(back)
    order = keyset.ORDERS[listing.filters.sort]
    rows = list(
        listing.rows.select_related(
            "procedure_version__field", "assignee", "receiving_unit"
        ).order_by(*keyset.ordering(order, reverse=False))[: EXPORT_MAX + 1]
    )
    if len(rows) > EXPORT_MAX:
        messages.error(
            request,
            f"Danh sách có hơn {EXPORT_MAX:,} hồ sơ; hãy lọc hẹp lại rồi tải.".replace(",", "."),
        )
        return redirect(back)
    record_personal_data_read(  # who took whose personal data out of the system, and which
        actor=user,
        object_type="dossier_list",
        object_id=user.unit.code,
        fields=EXPORT_COLUMNS,
        extra={"rows": len(rows), "query": _query(request.GET)},
    )
    body = dossier_workbook(rows, unit=user.unit, today=today, query=_query(request.GET))
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="ho-so-{today:%d-%m-%Y}.xlsx"'
    return response
