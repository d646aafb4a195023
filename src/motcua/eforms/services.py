"""The only write path for e-form values (eforms/models.py); each write is an audit event.

The citizen's draft keeps what was typed so far; submitting or receiving the dossier moves the
values onto the dossier; an officer's correction is checked like the citizen's input and
recorded with the values before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from motcua.accounts.models import User
from motcua.audit.services import record
from motcua.catalog.eform_definition import FormDefinition, load_definition
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.eforms.models import FormData
from motcua.eforms.values import Cleaned, clean


class EformError(ValueError):
    """A refusal in Vietnamese (nothing was written)."""


def definition_of(version: ProcedureVersion) -> FormDefinition | None:
    """The version's e-form, None when the procedure has none."""
    return load_definition(version.eform) if version.eform else None


def draft_values(draft_id: int) -> dict[str, Any]:
    data = FormData.objects.filter(draft_id=draft_id).first()
    return dict(data.values) if data else {}


def dossier_values(dossier: Dossier) -> FormData | None:
    return FormData.objects.filter(dossier=dossier).first()


def vouched(data: FormData | None) -> dict[str, Any]:
    """The values VNeID vouched for when the citizen submitted: the officer does not retype
    them either (they come from the national population database)."""
    if data is None:
        return {}
    return {name: data.values[name] for name in data.prefilled if name in data.values}


@transaction.atomic
def save_for_draft(
    draft_id: int, cleaned: Cleaned, *, prefilled: list[str], actor: User
) -> FormData:
    """Keep a draft's checked values (the caller refuses input with errors before this);
    `actor`: the draft's citizen."""
    if not cleaned.ok:
        raise EformError("Tờ khai còn thông tin chưa hợp lệ; chưa lưu.")
    data, _ = FormData.objects.select_for_update().get_or_create(draft_id=draft_id)
    if data.dossier_id is not None:
        raise EformError("Hồ sơ này đã được nộp; không sửa được tờ khai trong bản nháp.")
    data.values, data.prefilled = cleaned.values, sorted(prefilled)
    data.save()
    record(
        actor=actor,
        action="save_eform",
        object_type="citizen_draft",
        object_id=draft_id,
        after={"fields": sorted(cleaned.values)},
    )
    return data


@transaction.atomic
def attach_draft(draft_id: int, dossier: Dossier, *, actor: User) -> FormData | None:
    """The submitted draft's values become the dossier's (once; again: nothing changes);
    `actor`: the draft's citizen."""
    data = FormData.objects.select_for_update().filter(draft_id=draft_id).first()
    if data is None or data.dossier_id == dossier.pk:
        return data
    data.dossier = dossier
    data.save(update_fields=["dossier", "updated_at"])
    record(
        actor=actor,
        action="save_eform",
        object_type="dossier",
        object_id=dossier.pk,
        after={"values": data.values, "prefilled": data.prefilled},
    )
    return data


@transaction.atomic
def save_for_dossier(dossier: Dossier, cleaned: Cleaned, *, actor: User) -> FormData:
    """The values typed at the counter when the dossier is received."""
    if not cleaned.ok:
        raise EformError("Tờ khai còn thông tin chưa hợp lệ; chưa lưu.")
    data, _ = FormData.objects.get_or_create(dossier=dossier)
    data.values = cleaned.values
    data.save()
    record(
        actor=actor,
        action="save_eform",
        object_type="dossier",
        object_id=dossier.pk,
        after={"values": cleaned.values},
    )
    return data


@transaction.atomic
def edit_by_officer(
    dossier: Dossier, post: Mapping[str, str], *, actor: User, day: dt.date
) -> Cleaned:
    """An officer's correction of the dossier's e-form: checked whole, written only when every
    field is valid, recorded with the values before and after. Returns the check (errors: at
    their fields, nothing written)."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if locked.returned_at is not None or locked.ended_at is not None:
        raise EformError("Hồ sơ đã kết thúc; không sửa tờ khai được nữa.")
    definition = definition_of(locked.procedure_version)
    if definition is None:
        raise EformError("Thủ tục này không có tờ khai điện tử.")
    data, _ = FormData.objects.select_for_update().get_or_create(dossier=locked)
    cleaned = clean(definition, post, day=day, complete=True, fixed=vouched(data))
    if not cleaned.ok:
        return cleaned
    before = dict(data.values)
    if before == cleaned.values:
        return cleaned
    data.values = cleaned.values
    data.save()
    changed = sorted(
        k for k in set(before) | set(cleaned.values) if before.get(k) != cleaned.values.get(k)
    )
    record(
        actor=actor,
        action="edit_eform",
        object_type="dossier",
        object_id=locked.pk,
        before={k: before.get(k) for k in changed},
        after={k: cleaned.values.get(k) for k in changed},
    )
    return cleaned
