"""Admin edits go into the audit chain too (reference data is a state change like any other)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms.models import model_to_dict
from django.http import HttpRequest

from motcua.accounts.models import User
from motcua.audit.services import record


def _state(obj: Model) -> dict[str, Any]:
    return {
        key: value for key, value in model_to_dict(obj).items() if not hasattr(value, "read")
    }  # files are recorded by name elsewhere


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Records every add, change and delete made in the admin, in the same transaction."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = None
        if change and obj.pk is not None:
            old = type(obj).objects.filter(pk=obj.pk).first()
            before = _state(old) if old is not None else None
        super().save_model(request, obj, form, change)
        actor = request.user if isinstance(request.user, User) else None
        record(
            actor=actor,
            action="admin_change" if change else "admin_add",
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            before=before,
            after=_state(obj),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        actor = request.user if isinstance(request.user, User) else None
        record(
            actor=actor,
            action="admin_delete",
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            before=_state(obj),
        )
        super().delete_model(request, obj)
