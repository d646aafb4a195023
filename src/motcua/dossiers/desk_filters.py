"""The staff dossier list's filters: read from the query string, checked, turned into conditions.

`read_filters(params)` never fails: a value it cannot use (an unknown status, a non-numeric id, a
date not written dd/mm/yyyy, a range that ends before it starts) is left out and explained in
`DeskFilters.problems`, in Vietnamese; the list is then shown without that filter.
`DeskFilters.condition(...)` is every filter except the status tab (the tabs count with it);
`DeskFilters.status_q()` is the status tab. The scope (which dossiers the user may see) is not
decided here: the list starts from permissions.dossiers_visible_to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.db.models import Q

from motcua.domain.dossier_states import Status
from motcua.domain.status_groups import OPEN, STATUS_GROUPS
from motcua.domain.text import nfc
from motcua.domain.vnformat import parse_vn_date
from motcua.domain.workcalendar import WorkCalendar
from motcua.dossiers import countdown, desk_search
from motcua.dossiers.models import Channel

DEADLINES = {
    "qua-han": "Quá hạn",
    "hom-nay": "Đến hạn hôm nay",
    "sap-den": "Sắp đến hạn",
}
SOON_DAYS_DEFAULT, SOON_DAYS_MAX = 3, 30
SORTS = {
    "nhan-moi": "Ngày nhận: mới nhất trước",
    "nhan-cu": "Ngày nhận: cũ nhất trước",
    "han": "Hạn trả: gần nhất trước",
}
DEFAULT_SORT = "nhan-moi"
MAX_QUERY = 100  # characters of the search box
DATE_FIELDS = {
    "nhan-tu": "Nhận từ ngày",
    "nhan-den": "Nhận đến ngày",
    "han-tu": "Hạn trả từ ngày",
    "han-den": "Hạn trả đến ngày",
}
ID_FIELDS = {"linh-vuc": "Lĩnh vực", "thu-tuc": "Thủ tục", "nguoi-xu-ly": "Người đang xử lý"}


@dataclass
class DeskFilters:
    q: str = ""
    group: str = OPEN  # a STATUS_GROUPS key, or "" when `status` is set
    status: Status | None = None  # one status (saved views: "Chờ ký")
    ids: dict[str, int] = field(default_factory=dict)  # linh-vuc, thu-tuc, nguoi-xu-ly
    channel: str = ""
    dates: dict[str, dt.date] = field(default_factory=dict)  # DATE_FIELDS keys
    deadline: str = ""  # a DEADLINES key
    soon_days: int = SOON_DAYS_DEFAULT
    mine: bool = False
    sort: str = DEFAULT_SORT
    problems: list[str] = field(default_factory=list)

    def status_q(self) -> Q:
        if self.status is not None:
            return Q(status=self.status.value)
        # written literally: the open tab then reads the partial indexes of open dossiers
        return Q(status__literal_in=[s.value for s in STATUS_GROUPS[self.group].statuses])

    def drop_unknown_id(self, key: str, known: Collection[int]) -> None:
        """Leave out an id that is a number but not one of the choices offered."""
        if key in self.ids and self.ids[key] not in known:
            self.problems.append(f"{ID_FIELDS[key]}: lựa chọn không có trong danh sách, đã bỏ qua.")
            del self.ids[key]

    def condition(self, *, user_id: int, today: dt.date, calendar: WorkCalendar | None = None) -> Q:
        """Every filter but the status tab. `calendar` (the unit's) is needed for "sắp đến hạn"."""
        cond = Q()
        if self.q:
            cond &= desk_search.condition(self.q)
        lookups = {
            "linh-vuc": "procedure_version__field_id",
            "thu-tuc": "procedure_version__procedure_id",
            "nguoi-xu-ly": "assignee_id",
        }
        for key, value in self.ids.items():
            cond &= Q(**{lookups[key]: value})
        if self.mine:
            cond &= Q(assignee_id=user_id)
        if self.channel:
            cond &= Q(channel=self.channel)
        cond &= _date_range("received_at", self.dates.get("nhan-tu"), self.dates.get("nhan-den"))
        cond &= _date_range("due_at", self.dates.get("han-tu"), self.dates.get("han-den"))
        if self.deadline == "qua-han":
            cond &= countdown.overdue_q(today)
        elif self.deadline == "hom-nay":
            cond &= countdown.due_today_q(today)
        elif self.deadline == "sap-den":
            assert calendar is not None
            horizon = countdown.soon_horizon(calendar, today, self.soon_days)
            cond &= countdown.due_soon_q(today, horizon)
        return cond


def _date_range(column: str, start: dt.date | None, end: dt.date | None) -> Q:
    cond = Q()
    if start is not None:
        cond &= Q(**{f"{column}__gte": countdown.start_of(start)})
    if end is not None:
        cond &= Q(**{f"{column}__lt": countdown.start_of(end + dt.timedelta(days=1))})
    return cond


def _one(params: Mapping[str, str], key: str) -> str:
    return nfc(params.get(key, "") or "").strip()


def read_filters(params: Mapping[str, str]) -> DeskFilters:
    found = DeskFilters()
    found.q = _one(params, "q")[:MAX_QUERY]
    _read_status(params, found)
    _read_choices(params, found)
    _read_dates(params, found)
    found.mine = _one(params, "cua-toi") == "1"
    sort = _one(params, "sap-xep")
    if sort in SORTS:
        found.sort = sort
    elif sort:
        found.problems.append(f"Cách sắp xếp “{sort}” không có; sắp theo ngày nhận mới nhất.")
    return found


def _read_status(params: Mapping[str, str], found: DeskFilters) -> None:
    status = _one(params, "trang-thai")
    if status in STATUS_GROUPS:
        found.group = status
    elif status in {s.value for s in Status}:
        found.group, found.status = "", Status(status)
    elif status:
        found.problems.append(f"Trạng thái “{status}” không có; đang hiện hồ sơ chưa hoàn thành.")


def _read_choices(params: Mapping[str, str], found: DeskFilters) -> None:
    problems = found.problems
    for key, label in ID_FIELDS.items():
        value = _one(params, key)
        if value.isascii() and value.isdigit() and len(value) < 10:
            found.ids[key] = int(value)
        elif value:
            problems.append(f"{label}: giá trị “{value}” không hợp lệ, đã bỏ qua.")
    channel = _one(params, "kenh")
    if channel in Channel.values:
        found.channel = channel
    elif channel:
        problems.append(f"Kênh nộp “{channel}” không có, đã bỏ qua.")
    deadline = _one(params, "han")
    if deadline in DEADLINES:
        found.deadline = deadline
    elif deadline:
        problems.append(f"Điều kiện hạn “{deadline}” không có, đã bỏ qua.")
    days = _one(params, "so-ngay")
    if days.isascii() and days.isdigit() and len(days) < 3 and 1 <= int(days) <= SOON_DAYS_MAX:
        found.soon_days = int(days)
    elif days:
        problems.append(
            f"Số ngày “{days}” phải là số từ 1 đến {SOON_DAYS_MAX}; "
            f"đang dùng {SOON_DAYS_DEFAULT} ngày làm việc."
        )


def _read_dates(params: Mapping[str, str], found: DeskFilters) -> None:
    for key, label in DATE_FIELDS.items():
        value = _one(params, key)
        if not value:
            continue
        try:
            found.dates[key] = parse_vn_date(value)
        except ValueError:
            found.problems.append(
                f"{label}: “{value}” không phải ngày dạng ngày/tháng/năm (dd/mm/yyyy), đã bỏ qua."
            )
    for start, end, what in (("nhan-tu", "nhan-den", "Ngày nhận"), ("han-tu", "han-den", "Hạn")):
        if start in found.dates and end in found.dates and found.dates[end] < found.dates[start]:
            found.problems.append(f"{what}: “đến ngày” trước “từ ngày”, đã bỏ qua khoảng này.")
            del found.dates[start], found.dates[end]
