"""The stored state of dossiers held against the audit log.

Every act on a dossier appends an event whose `after` is the dossier's state once the act is
done (dossiers/services.snapshot: status, code, due dates). So the latest such event of a
dossier says what the row must hold now. A row edited in the database without an act (status
set to "returned" by hand, a due date moved, a code changed) disagrees with its log; so does a
dossier that has no act at all but was not imported. `motcua audit verify` names every one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from motcua.audit.models import AuditEvent
from motcua.domain.dossier_states import Status
from motcua.dossiers.models import Dossier

FIELDS = ("status", "code", "due_at", "original_due_at", "extended_due_at")
LABELS = {
    "status": "trạng thái",
    "code": "mã hồ sơ",
    "due_at": "hạn trả kết quả",
    "original_due_at": "hạn ban đầu",
    "extended_due_at": "hạn sau gia hạn",
}
STATUS_LABELS = {status.value: status.label for status in Status}
_CHUNK = 500


def _logged(value: Any) -> Any:
    """A value as the log stores it (DjangoJSONEncoder: datetimes to the millisecond)."""
    if isinstance(value, str) and len(value) >= 19 and value[10] == "T":
        return dt.datetime.fromisoformat(value)
    return value


def _stored(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def _shown(field: str, value: Any) -> str:
    if value is None or value == "":
        return "(trống)"
    if field == "status":
        return f"“{STATUS_LABELS.get(value, value)}”"
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    return str(value)


def _last_states(ids: list[int]) -> dict[str, dict[str, Any]]:
    """Per dossier id (as text), the `after` of its latest act event."""
    latest: dict[str, dict[str, Any]] = {}
    rows = (
        AuditEvent.objects.filter(
            object_type="dossier",
            object_id__in=[str(pk) for pk in ids],
            seq__isnull=False,
            after__has_keys=list(FIELDS),
        )
        .order_by("seq")
        .values_list("object_id", "after")
    )
    for object_id, after in rows:
        latest[object_id] = after or {}
    return latest


def disagreements() -> Iterator[str]:
    """Each dossier whose row disagrees with its log, with the fields, in Vietnamese."""
    last_pk = 0
    while True:
        chunk = list(
            Dossier.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .values("pk", "imported", *FIELDS)[:_CHUNK]
        )
        if not chunk:
            return
        last_pk = chunk[-1]["pk"]
        states = _last_states([row["pk"] for row in chunk])
        for row in chunk:
            name = f"Hồ sơ {row['code'] or '(chưa có mã)'} (số {row['pk']})"
            logged = states.get(str(row["pk"]))
            if logged is None:
                if not row["imported"]:
                    yield f"{name}: không có sự kiện nào trong nhật ký."
                continue
            wrong = [
                f"{LABELS[field]} là {_shown(field, row[field])}, "
                f"theo nhật ký phải là {_shown(field, _logged(logged.get(field)))}"
                for field in FIELDS
                if _stored(row[field]) != _logged(logged.get(field))
            ]
            if wrong:
                yield f"{name}: " + "; ".join(wrong) + "."
