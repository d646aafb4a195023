"""Pieces of the synthetic-data generator: the benchmark units and staff, the services'
audit snapshots replayed for each planned act, and the HandOver row of the hand-over act."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.catalog.models import ProcedureVersion
from motcua.domain.dossier_states import Status
from motcua.dossiers.models import Dossier, HandOver, Timeliness
from motcua.units.models import Unit, UnitKind
from motcua.units.services import UnitSpec, add_unit

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
PROVINCE = "BENCH"


def bench_units(count: int) -> list[Unit]:
    """The benchmark province and its `count` communes (created once, then reused)."""
    add_unit(UnitSpec(PROVINCE, "Tỉnh Thử tải", UnitKind.PROVINCE, agency_code="000.00.00.H99"))
    units = []
    for i in range(count):
        code = f"{PROVINCE}-{i + 1:04d}"
        agency = f"{1 + i % 999:03d}.{1 + i // 999:02d}.99.H99"
        unit, _ = add_unit(
            UnitSpec(code, f"Xã Thử tải {i + 1}", UnitKind.COMMUNE, PROVINCE, agency_code=agency)
        )
        units.append(unit)
    return units


def _staff(unit: Unit) -> tuple[User, User]:
    receiver = create_or_update_staff(
        username=f"bench-tn-{unit.pk}", full_name="Cán bộ Tiếp nhận", role=Role.RECEIVING_OFFICER
    )
    specialist = create_or_update_staff(
        username=f"bench-cv-{unit.pk}", full_name="Chuyên viên Xử lý", role=Role.SPECIALIST
    )
    User.objects.filter(pk__in=[receiver.pk, specialist.pk]).update(unit=unit)
    return receiver, specialist


def _versions() -> list[ProcedureVersion]:
    """The version of each procedure in force today (the newest)."""
    newest: dict[int, ProcedureVersion] = {}
    for version in ProcedureVersion.objects.prefetch_related("fees").order_by("valid_from"):
        newest[version.procedure_id] = version
    if not newest:
        raise ValueError("Chưa nạp danh mục thủ tục (motcua catalog load).")
    return list(newest.values())


def _fee(version: ProcedureVersion) -> int:
    return sum(f.amount or 0 for f in version.fees.all() if f.rule == "fixed")


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=VN)


AUDIT_COLUMNS = (
    "id",
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "before",
    "after",
    "origin",
    "prev_hash",
    "hash",
)
_ENCODER = DjangoJSONEncoder()


def _plain(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """audit.chain.jsonable for a flat dict, without the JSON round trip."""
    if values is None:
        return None
    return {
        k: _ENCODER.default(v) if isinstance(v, dt.datetime | dt.date) else v
        for k, v in values.items()
    }


_SNAPSHOT = ("status", "code", "due_at", "original_due_at", "extended_due_at")
_RECEIVER_ACTS = {"receive", "accept", "refuse_at_intake", "hand_over", "return_result"}


def _naive(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(VN).replace(tzinfo=None)


class _State:
    """Replays the planned acts to give each audit event the snapshot the service would take."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {
            "status": Status.RECEIVED.value,
            "code": None,
            "due_at": None,
            "original_due_at": None,
            "extended_due_at": None,
        }

    def step(self, d: Dossier, action: str, t: dt.datetime) -> dict[str, Any]:
        status = {
            "receive": Status.RECEIVED,
            "refuse_at_intake": Status.REFUSED_AT_INTAKE,
            "accept": Status.ACCEPTED,
            "hand_over": Status.IN_PROGRESS,
            "withdraw": Status.WITHDRAWN,
            "approve": Status.RESOLVED,
            "refuse": Status.REFUSED,
            "return_result": Status.RETURNED,
        }[action]
        self.values["status"] = status.value
        if action == "accept":
            self.values.update(code=d.code, due_at=d.due_at, original_due_at=d.original_due_at)
        extra: dict[str, Any] = {}
        if action == "receive":
            extra = {"procedure": d.procedure_version.procedure.code, "channel": d.channel}
        return {**self.values, **extra}


def _hand_over(d: Dossier, t: dt.datetime, staff: tuple[User, User]) -> HandOver:
    finished = d.resolved_at or d.ended_at
    timeliness = ""
    if finished is not None and d.due_at is not None:
        late = finished.astimezone(VN).date() > d.due_at.astimezone(VN).date()
        timeliness = Timeliness.LATE if late else Timeliness.ON_TIME
    return HandOver(
        dossier=d,
        seq=1,
        step_name="Chuyển xử lý",
        from_user=staff[0],
        to_user=staff[1],
        to_unit=d.competent_unit,
        at=_aware(t),
        step_due_at=d.due_at or _aware(t),
        finished_at=finished,
        timeliness=timeliness,
    )
