"""The records the benchmark generator (ops/generate.py) plans and writes: the dossier and
hand-over columns it sets, one planned dossier, and the facts its flag events read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from motcua.domain.dossier_states import Status
from motcua.domain.vntime import VN

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN = [
    "Văn An",
    "Thị Bình",
    "Minh Châu",
    "Thị Dung",
    "Quốc Hùng",
    "Thị Lan",
    "Văn Nam",
    "Ngọc Ánh",
]
CHANNEL_SHARE = {"counter": 0.55, "online": 0.44, "postal": 0.01}
CHUNK_DAYS = 10
EVENTS_IN_MEMORY = 1_000_000  # summary events summed in memory before an upsert
DOSSIER_COLUMNS = (
    "id",
    "procedure_version_id",
    "receiving_unit_id",
    "competent_unit_id",
    "channel",
    "applicant_name",
    "applicant_name_fold",
    "applicant_id_number",
    "received_at",
    "received_by_id",
    "online_level",
    "paid_online",
    "has_digitised_components",
    "status",
    "code",
    "accepted_at",
    "due_at",
    "original_due_at",
    "resolved_at",
    "returned_at",
    "ended_at",
    "clock_events",
    "accepted_day",
    "due_day",
    "resolved_day",
    "ended_day",
    "fees_collected",
    "assignee_id",
    "flag_events",
)
HAND_OVER_COLUMNS = (
    "id",
    "dossier_id",
    "seq",
    "step_name",
    "from_user_id",
    "to_user_id",
    "to_unit_id",
    "at",
    "step_due_at",
    "finished_at",
    "timeliness",
)


@dataclass
class Summary:
    dossiers: int = 0
    events: int = 0
    units: int = 0


class FlagFacts:
    """What `flags.flag_events` reads of a dossier, for one generated dossier: its times aware
    (local, Vietnam), the columns the generator sets, the other columns at their defaults."""

    __slots__ = (
        "accepted_at",
        "channel",
        "e_certified_copies",
        "electronic_certified_copy",
        "electronic_result",
        "fees_collected",
        "has_digitised_components",
        "has_reused_data",
        "imported",
        "online_level",
        "paid_online",
        "received_at",
        "resolved_at",
        "result_delivery",
        "returned_at",
    )

    def __init__(self, defaults: dict[str, Any]) -> None:
        self.accepted_at: dt.datetime | None = None
        self.received_at: dt.datetime | None = None
        self.resolved_at: dt.datetime | None = None
        self.returned_at: dt.datetime | None = None
        self.channel: str = defaults["channel"]
        self.online_level: str = defaults["online_level"]
        self.paid_online: bool = defaults["paid_online"]
        self.has_digitised_components: bool = defaults["has_digitised_components"]
        self.fees_collected: int = defaults["fees_collected"]
        self.has_reused_data: bool = defaults["has_reused_data"]
        self.e_certified_copies: int = defaults["e_certified_copies"]
        self.electronic_certified_copy: bool = defaults["electronic_certified_copy"]
        self.electronic_result: bool = defaults["electronic_result"]
        self.imported: bool = defaults["imported"]
        self.result_delivery: str = defaults["result_delivery"]


class Planned:
    """One dossier as the services would leave it by `now` (times naive, local)."""

    __slots__ = (
        "accepted",
        "acts",
        "channel",
        "code",
        "due",
        "ended",
        "pk",
        "resolved",
        "returned",
        "status",
        "unit",
        "version",
    )

    def __init__(self, pk: int, unit: int, version: int, channel: str) -> None:
        self.pk, self.unit, self.version, self.channel = pk, unit, version, channel
        self.status = Status.RECEIVED.value
        self.code: str | None = None
        self.accepted: dt.datetime | None = None
        self.due: dt.datetime | None = None
        self.resolved: dt.datetime | None = None
        self.returned: dt.datetime | None = None
        self.ended: dt.datetime | None = None
        self.acts: list[tuple[dt.datetime, str]] = []


def _day(moment: dt.datetime | None) -> dt.date | None:
    return None if moment is None else moment.date()


def _aware(local: dt.datetime | None) -> dt.datetime | None:
    """A naive local time as an aware one in Vietnam's zone (its local day is its date)."""
    return None if local is None else local.replace(tzinfo=VN)
