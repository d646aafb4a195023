"""The status groups of the staff dossier list: its tabs, each a set of statuses.

The groups after the first split the statuses of `dossier_states.Status` without overlap (a
test checks it); "Chưa hoàn thành" is every status that still allows an act (not TERMINAL) and
"Tất cả" every status.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from motcua.domain.dossier_states import TERMINAL, Status

S = Status


@dataclass(frozen=True)
class StatusGroup:
    key: str  # the URL value (?trang-thai=…)
    label: str
    statuses: frozenset[Status]


OPEN = "chua-xong"
ALL = "tat-ca"
_GROUPS = (
    StatusGroup(OPEN, "Chưa hoàn thành", frozenset(set(S) - TERMINAL)),
    StatusGroup("cho-tiep-nhan", "Chờ tiếp nhận", frozenset({S.RECEIVED})),
    StatusGroup(
        "dang-xu-ly", "Đang xử lý", frozenset({S.ACCEPTED, S.IN_PROGRESS, S.FINANCIAL_OBLIGATION})
    ),
    StatusGroup(
        "cho-bo-sung", "Chờ bổ sung", frozenset({S.INTAKE_SUPPLEMENT, S.SUPPLEMENT_REQUESTED})
    ),
    StatusGroup("tam-dung", "Tạm dừng", frozenset({S.SUSPENDED})),
    StatusGroup("co-ket-qua", "Đã có kết quả, chờ trả", frozenset({S.RESOLVED, S.REFUSED})),
    StatusGroup("da-tra", "Đã trả kết quả", frozenset({S.RETURNED})),
    StatusGroup(
        "da-dung", "Dừng, từ chối", frozenset({S.REFUSED_AT_INTAKE, S.WITHDRAWN, S.CLOSED})
    ),
    StatusGroup(ALL, "Tất cả", frozenset(S)),
)
STATUS_GROUPS: Mapping[str, StatusGroup] = MappingProxyType({g.key: g for g in _GROUPS})
