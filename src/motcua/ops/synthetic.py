"""Pieces of the synthetic-data generator: the benchmark units and staff, and the services'
audit snapshots of each planned act written directly as the canonical JSON that
audit.chain.event_hash hashes (tests/ops/test_generate.py verifies the chain it gives)."""

from __future__ import annotations

import datetime as dt
from json.encoder import encode_basestring

from django.core.serializers.json import DjangoJSONEncoder

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.catalog.models import ProcedureVersion
from motcua.domain.dossier_states import Status
from motcua.domain.vntime import VN
from motcua.units.models import Unit, UnitKind
from motcua.units.services import UnitSpec, add_unit

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
    "partition",  # always 0: the generator writes into partition 0 (audit/partitions.py)
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
RECEIVER_ACTS = {"receive", "accept", "refuse_at_intake", "hand_over", "return_result"}
STATUS_AFTER = {
    "receive": Status.RECEIVED.value,
    "refuse_at_intake": Status.REFUSED_AT_INTAKE.value,
    "accept": Status.ACCEPTED.value,
    "hand_over": Status.IN_PROGRESS.value,
    "withdraw": Status.WITHDRAWN.value,
    "approve": Status.RESOLVED.value,
    "refuse": Status.REFUSED.value,
    "return_result": Status.RETURNED.value,
}
_ENCODER = DjangoJSONEncoder()
string = encode_basestring  # a JSON string, non-ASCII kept (ensure_ascii=False)


def json_time(moment: dt.datetime) -> str:
    """A datetime as audit.chain.jsonable stores it (DjangoJSONEncoder), as a JSON string."""
    return string(_ENCODER.default(moment))


def snapshot(status: str, code: str, due: str) -> str:
    """The services' before/after snapshot (status, code, due dates) as canonical JSON — what
    json.dumps(…, sort_keys=True, ensure_ascii=False, separators=(",", ":")) gives; `code` and
    `due` are JSON already ("null" before acceptance)."""
    return (
        f'{{"code":{code},"due_at":{due},"extended_due_at":null,'
        f'"original_due_at":{due},"status":{string(status)}}}'
    )


def received_snapshot(procedure: str, channel: str) -> str:
    """The receive act's after: the snapshot plus the procedure and the channel."""
    return (
        f'{{"channel":{string(channel)},"code":null,"due_at":null,"extended_due_at":null,'
        f'"original_due_at":null,"procedure":{string(procedure)},'
        f'"status":{string(Status.RECEIVED.value)}}}'
    )


def canonical_event(
    *,
    seq: int,
    at: str,
    actor: int,
    actor_label: str,
    action: str,
    object_id: str,
    before: str | None,
    after: str,
    origin: str,
    prev: str,
) -> str:
    """audit.chain.event_hash's canonical JSON for a dossier event, built from JSON pieces
    (`actor_label`, `before`, `after`, `origin` already JSON; `at` the isoformat with
    microseconds)."""
    return (
        f'{{"action":{string(action)},"actor":{actor},"actor_label":{actor_label},'
        f'"after":{after},"at":"{at}","before":{before or "null"},'
        f'"object":["dossier",{string(object_id)}],"origin":{origin},"prev":"{prev}",'
        f'"seq":{seq}}}'
    )


def naive(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(VN).replace(tzinfo=None)


def utc(local: dt.datetime) -> dt.datetime:
    """A naive local (Vietnam) time as naive UTC."""
    offset = local.replace(tzinfo=VN).utcoffset()
    assert offset is not None
    return local - offset
