"""The alerts board's filters and pages, read from the query string (`/canh-bao/`).

`read_filters(params, scope, leader=...)` never fails, as the staff dossier list's filters
(dossiers/desk_filters.py): an unknown alert kind or a page number that is not one is named in a
Vietnamese message and left out (every kind; the first or the last page). A unit that is not in
the user's scope — or does not exist: the two are not told apart — is refused: `denied` is set and
the board shows none of its alerts (views.board answers 403).

Parameters: `loai` (a KIND_LABELS key), `don-vi` (a unit's code, as the reports' `don-vi`),
`cua-toi=1` (only the dossiers I hold; the old `cua_toi` is still read), `trang` (page number).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from motcua.alerts.services import KIND_LABELS, Alert
from motcua.domain.text import nfc
from motcua.domain.vnformat import format_number
from motcua.units.models import Unit

PAGE_SIZE = 50  # alerts on one page of the board
KIND, UNIT, MINE, PAGE = "loai", "don-vi", "cua-toi", "trang"
_CODE_MAX = 40  # Unit.code's length
_SHOWN_MAX = 40  # characters of a bad value repeated in a message


@dataclass
class BoardFilters:
    kind: str = ""  # a KIND_LABELS key, or "" for every kind
    unit: Unit | None = None
    mine: bool = False
    denied: str = ""  # the unit code asked for, outside the scope
    problems: list[str] = field(default_factory=list)

    def keeps(self, alert: Alert, user_id: int, *, kind: bool = True) -> bool:
        """Whether `alert` passes the filters (`kind=False`: every filter but the kind's, to count
        the alerts of each kind)."""
        if self.mine and alert.holder_id != user_id:
            return False
        if self.unit is not None and alert.dossier.receiving_unit_id != self.unit.pk:
            return False
        return not (kind and self.kind and alert.kind != self.kind)


def _one(params: Mapping[str, str], key: str) -> str:
    return nfc(params.get(key, "") or "").strip()


def _shown(value: str) -> str:
    return value if len(value) <= _SHOWN_MAX else value[:_SHOWN_MAX] + "…"


def read_filters(
    params: Mapping[str, str], scope: Collection[int], *, leader: bool
) -> BoardFilters:
    """The filters of the board; an officer who is not a leader always sees only their own."""
    found = BoardFilters()
    mine = _one(params, MINE) or _one(params, "cua_toi")
    found.mine = mine == "1" or not leader
    kind = _one(params, KIND)
    if kind in KIND_LABELS:
        found.kind = kind
    elif kind:
        found.problems.append(f"Loại cảnh báo “{_shown(kind)}” không có; đang hiện mọi loại.")
    code = _one(params, UNIT)
    if code:
        storable = len(code) <= _CODE_MAX and "\x00" not in code  # PostgreSQL refuses NUL
        unit = Unit.objects.filter(code=code, pk__in=list(scope)).first() if storable else None
        if unit is None:
            found.denied = code
            found.problems.append(
                f"Đơn vị “{_shown(code)}” không thuộc phạm vi bạn được xem cảnh báo; "
                "không hiện cảnh báo của đơn vị này."
            )
        else:
            found.unit = unit
    return found


@dataclass(frozen=True)
class BoardPage:
    rows: Sequence[Alert]
    number: int  # from 1
    count: int  # pages, at least 1
    total: int  # alerts on every page
    first_row: int  # 1-based position of the first row (0 when none)

    @property
    def last_row(self) -> int:
        return self.first_row + len(self.rows) - 1 if self.rows else 0

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count


def page_of(alerts: Sequence[Alert], asked: str, problems: list[str]) -> BoardPage:
    """Page `asked` (a number from 1) of `alerts`; a value that is not a page number is named
    in `problems` and the first page shown, a number past the last page shows the last."""
    count = max(1, -(-len(alerts) // PAGE_SIZE))
    asked = asked.strip()
    number = 1
    if asked.isascii() and asked.isdigit():
        wanted = int(asked) if len(asked) <= 12 else count + 1
        if wanted < 1:
            problems.append(f"Không có trang {_shown(asked)}; đang hiện trang 1.")
        elif wanted > count:
            number = count
            problems.append(
                f"Không có trang {_shown(asked)}: danh sách có {format_number(count)} trang; "
                "đang hiện trang cuối."
            )
        else:
            number = wanted
    elif asked:
        problems.append(f"Số trang “{_shown(asked)}” không hợp lệ; đang hiện trang 1.")
    start = (number - 1) * PAGE_SIZE
    rows = alerts[start : start + PAGE_SIZE]
    return BoardPage(rows, number, count, len(alerts), start + 1 if rows else 0)
