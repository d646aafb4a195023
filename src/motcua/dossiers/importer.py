"""Import of historical dossiers with the national portal's field names (CSV, JSON Lines, Excel).

Every row is parsed and checked first; one bad row means nothing is imported (unless the caller
skips invalid rows) and every problem is listed with its line. A given NgayHenTra is kept as it
is; a missing one is computed by the deadline engine. Re-importing a MaHoSo updates the dossier an
earlier import created; a MaHoSo that belongs to a dossier of motcua's own acts (not imported) is
refused with its line, and nothing is changed: an import never rewrites a live dossier.
`import_dossiers` is the one write path for this act; it writes one audit event per import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.calendars.services import calendar_for, to_aware, to_local_naive
from motcua.catalog.models import ProcedureVersion
from motcua.domain.deadlines import DeadlineError, due_at
from motcua.domain.dossier_states import Status
from motcua.domain.text import fold, nfc
from motcua.domain.vntime import VN
from motcua.domain.workcalendar import WorkCalendar
from motcua.dossiers.clock import time_limit_of
from motcua.dossiers.codes import sync_sequences
from motcua.dossiers.events import import_rewriting, import_written
from motcua.dossiers.import_files import ImportProblems, read_rows
from motcua.dossiers.models import Channel, Dossier
from motcua.units.models import Unit

CHANNELS = {"1": Channel.COUNTER, "2": Channel.ONLINE, "3": Channel.POSTAL}
STATUSES = {
    1: Status.RECEIVED,
    2: Status.ACCEPTED,
    3: Status.REFUSED_AT_INTAKE,
    4: Status.IN_PROGRESS,
    5: Status.SUPPLEMENT_REQUESTED,
    6: Status.FINANCIAL_OBLIGATION,
    7: Status.WITHDRAWN,
    8: Status.CLOSED,
    9: Status.RESOLVED,
    10: Status.RETURNED,
}
LEVELS = {"3": "partial", "4": "full", "2": "none", "mot phan": "partial", "toan trinh": "full"}
FLAGS = (
    "DuocThanhToanTrucTuyen",
    "HoSoCoThanhPhanSoHoa",
    "CoKetQuaDienTu",
    "DuocTaiSuDung",
    "TraKetQuaQuaBuuChinh",
)  # the last one is motcua's: result returned by post
BATCH = 2000
__all__ = ["ImportProblems", "import_dossiers", "read_rows"]


@dataclass
class Parsed:
    line: int
    code: str
    values: dict[str, Any] = field(default_factory=dict)


def parse_time(value: Any) -> dt.datetime | None:
    """yyyyMMddHHmmss (portal) or ISO 8601; naive values are Vietnam time."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = str(value).strip()
        if text.isdigit() and len(text) == 14:
            moment = dt.datetime.strptime(text, "%Y%m%d%H%M%S")
        else:
            moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=VN)


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "co", "có", "x", "yes")


class Resolver:
    """Looks up units and procedure versions once per import, not once per row."""

    def __init__(self, default_unit: Unit | None) -> None:
        self.default_unit = default_unit
        self.units = {u.code: u for u in Unit.objects.all()}
        self.calendars: dict[int, WorkCalendar] = {}
        self.versions: dict[str, list[ProcedureVersion]] = {}
        for version in ProcedureVersion.objects.select_related("procedure").order_by("valid_from"):
            self.versions.setdefault(version.procedure.code, []).append(version)

    def calendar(self, unit: Unit) -> WorkCalendar:
        if unit.pk not in self.calendars:
            self.calendars[unit.pk] = calendar_for(unit)
        return self.calendars[unit.pk]

    def version(self, code: str, day: dt.date) -> ProcedureVersion | None:
        found = None
        for version in self.versions.get(code, []):
            if version.valid_from <= day:
                found = version
        return found


def parse_row(  # noqa: PLR0911  (one early return per rule, each with its own message)
    line: int, row: dict[str, Any], resolver: Resolver
) -> Parsed | str:
    """A checked row, or the reason it is refused (Vietnamese)."""
    if "__error__" in row:
        return f"Dòng {line}: {row['__error__']}."
    code = str(row.get("MaHoSo") or "").strip()
    if not code:
        return f"Dòng {line}: thiếu MaHoSo."
    try:
        times = {
            key: parse_time(row.get(key))
            for key in ("NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra", "NgayTuChoi")
        }
    except ValueError:
        return f"Dòng {line} ({code}): ngày không đúng dạng yyyyMMddHHmmss hoặc ISO 8601."
    accepted = times["NgayTiepNhan"]
    if accepted is None:
        return f"Dòng {line} ({code}): thiếu NgayTiepNhan."
    unit_code = str(row.get("DonViXuLy") or "").strip()
    unit = resolver.units.get(unit_code) if unit_code else resolver.default_unit
    if unit is None:
        return f"Dòng {line} ({code}): không có đơn vị xử lý “{unit_code}” (dùng --unit)."
    version = resolver.version(str(row.get("MaTTHC") or "").strip(), accepted.astimezone(VN).date())
    if version is None:
        return f"Dòng {line} ({code}): mã TTHC “{row.get('MaTTHC')}” không có trong danh mục."
    channel = CHANNELS.get(str(row.get("KenhThucHien") or "").strip())
    if channel is None:
        return f"Dòng {line} ({code}): KenhThucHien phải là 1, 2 hoặc 3."
    try:
        status = STATUSES[int(str(row.get("TrangThaiHoSo")).strip())]
    except (KeyError, ValueError):
        return f"Dòng {line} ({code}): TrangThaiHoSo phải từ 1 đến 10."
    ended = times["NgayKetThucXuLy"]
    if ended is not None and ended < accepted:
        return f"Dòng {line} ({code}): NgayKetThucXuLy trước NgayTiepNhan."
    try:
        fees = int(float(str(row.get("PhiLePhi") or 0)))
        copies = int(str(row.get("SoBanSaoDienTu") or 0))  # motcua's: e-certified copies
    except ValueError:
        return f"Dòng {line} ({code}): PhiLePhi và SoBanSaoDienTu phải là số."
    name = nfc(str(row.get("ChuHoSo") or "")).strip()
    level = LEVELS.get(fold(str(row.get("MucDo") or "")), "")
    return Parsed(
        line,
        code,
        {
            "unit": unit,
            "version": version,
            "channel": channel,
            "status": status.value,
            "times": times,
            "name": name,
            "online_level": level if channel == Channel.ONLINE else "",
            "flags": {f: _flag(row.get(f)) for f in FLAGS},
            "fees": fees,
            "copies": copies,
        },
    )


def _dossier(parsed: Parsed, due: dt.datetime | None) -> Dossier:
    v, t = parsed.values, parsed.values["times"]
    not_accepted = v["status"] in (Status.RECEIVED, Status.REFUSED_AT_INTAKE)
    without_result = v["status"] in (Status.WITHDRAWN, Status.CLOSED, Status.REFUSED_AT_INTAKE)
    flags = v["flags"]
    return Dossier(
        code=parsed.code,
        procedure_version=v["version"],
        time_limit_value=v["version"].time_limit_value,
        time_limit_unit=v["version"].time_limit_unit,
        receiving_unit=v["unit"],
        competent_unit=v["unit"],
        channel=v["channel"],
        status=v["status"],
        applicant_name=v["name"] or "(không rõ)",
        applicant_name_fold=fold(v["name"]),
        received_at=t["NgayTiepNhan"],
        accepted_at=None if not_accepted else t["NgayTiepNhan"],
        due_at=due,
        original_due_at=due,
        resolved_at=None if without_result else t["NgayKetThucXuLy"],
        returned_at=t["NgayTra"],
        ended_at=(t["NgayTuChoi"] or t["NgayKetThucXuLy"]) if without_result else None,
        online_level=v["online_level"],
        paid_online=flags["DuocThanhToanTrucTuyen"],
        has_digitised_components=flags["HoSoCoThanhPhanSoHoa"],
        electronic_result=flags["CoKetQuaDienTu"],
        has_reused_data=flags["DuocTaiSuDung"],
        fees_collected=v["fees"],
        imported=True,
        e_certified_copies=v["copies"],
        electronic_certified_copy=v["copies"] > 0,
        result_delivery="post" if flags["TraKetQuaQuaBuuChinh"] else "desk",
    )


def _due(parsed: Parsed, resolver: Resolver) -> dt.datetime | None:
    given: dt.datetime | None = parsed.values["times"]["NgayHenTra"]
    if given is not None:
        return given  # history is not recomputed
    version, unit = parsed.values["version"], parsed.values["unit"]
    try:
        due = due_at(
            resolver.calendar(unit),
            to_local_naive(parsed.values["times"]["NgayTiepNhan"]),
            time_limit_of(version),
            paper=parsed.values["channel"] != Channel.ONLINE,
        )
    except DeadlineError:
        return None
    return to_aware(due)


UPDATED = (
    "procedure_version",
    "time_limit_value",
    "time_limit_unit",
    "receiving_unit",
    "competent_unit",
    "channel",
    "status",
    "applicant_name",
    "applicant_name_fold",
    "received_at",
    "accepted_at",
    "due_at",
    "original_due_at",
    "resolved_at",
    "returned_at",
    "ended_at",
    "online_level",
    "paid_online",
    "has_digitised_components",
    "electronic_result",
    "has_reused_data",
    "fees_collected",
    "imported",
    "e_certified_copies",
    "electronic_certified_copy",
    "result_delivery",
)


def _live_codes(parsed: list[Parsed]) -> set[str]:
    """The codes among `parsed` that belong to dossiers of motcua's own acts (not imported)."""
    live: set[str] = set()
    for start in range(0, len(parsed), BATCH):
        codes = [item.code for item in parsed[start : start + BATCH]]
        rows = Dossier.objects.filter(code__in=codes, imported=False).values_list("code", flat=True)
        live.update(code for code in rows if code is not None)
    return live


def _live_problem(item: Parsed) -> str:
    return (
        f"Dòng {item.line} ({item.code}): mã hồ sơ này thuộc một hồ sơ đang được tiếp nhận, "
        "giải quyết trên hệ thống (không phải hồ sơ nhập từ dữ liệu cũ); "
        "việc nhập không được ghi đè hồ sơ đó."
    )


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: list[str] = field(default_factory=list)


def import_dossiers(
    rows: Iterable[tuple[int, dict[str, Any]]],
    *,
    actor: User | None,
    default_unit: Unit | None,
    skip_invalid: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    resolver = Resolver(default_unit)
    parsed: list[Parsed] = []
    problems: list[str] = []
    digest = hashlib.sha256()
    seen: dict[str, int] = {}
    for line, row in rows:
        digest.update(json.dumps(row, sort_keys=True, default=str).encode())
        result = parse_row(line, row, resolver)
        if isinstance(result, str):
            problems.append(result)
        elif result.code in seen:
            problems.append(
                f"Dòng {line} ({result.code}): trùng MaHoSo với dòng {seen[result.code]}."
            )
        else:
            seen[result.code] = line
            parsed.append(result)
    live = _live_codes(parsed)
    problems.extend(_live_problem(item) for item in parsed if item.code in live)
    parsed = [item for item in parsed if item.code not in live]
    if problems and not skip_invalid:
        raise ImportProblems(problems)
    outcome = ImportResult(skipped=problems)
    with transaction.atomic():
        for start in range(0, len(parsed), BATCH):
            batch = parsed[start : start + BATCH]
            raced = _live_codes(batch)  # again: a live dossier may have taken a code since
            if raced:
                raise ImportProblems([_live_problem(i) for i in batch if i.code in raced])
            existing = dict(
                Dossier.objects.filter(code__in=[p.code for p in batch], imported=True).values_list(
                    "code", "pk"
                )
            )
            fresh, changed = [], []
            for item in batch:
                dossier = _dossier(item, _due(item, resolver))
                if item.code in existing:
                    dossier.pk = existing[item.code]
                    changed.append(dossier)
                else:
                    fresh.append(dossier)
            Dossier.objects.bulk_create(fresh)
            # A re-import may change the unit, procedure or channel the summary counted under.
            import_rewriting.send(
                sender=Dossier, dossiers=Dossier.objects.filter(pk__in=[d.pk for d in changed])
            )
            Dossier.objects.bulk_update(changed, UPDATED)
            # The report summary counts imported rows too (they have no acts).
            import_written.send(
                sender=Dossier,
                dossiers=Dossier.objects.filter(code__in=[item.code for item in batch]),
            )
            outcome.created += len(fresh)
            outcome.updated += len(changed)
            if progress is not None:
                progress(len(batch))
        sync_sequences([item.code for item in parsed])
        record(
            actor=actor,
            action="import_dossiers",
            object_type="import",
            object_id=digest.hexdigest()[:16],
            after={
                "created": outcome.created,
                "updated": outcome.updated,
                "skipped": len(problems),
                "sha256": digest.hexdigest(),
            },
        )
    return outcome
