"""Admin edits go into the audit chain too (reference data is a state change like any other).

Every path by which the Django admin writes is covered, each in the write's own transaction:
the add and change forms (recorded after the many-to-many fields are saved, so a role grant
shows the new role), the inlines (one event per created, changed or deleted row), the delete
page and the "delete selected" action (one event per deleted object, with its last state)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.db.models import Model, QuerySet
from django.forms.models import model_to_dict
from django.http import HttpRequest

from motcua.audit.services import record

SECRET_FIELDS = frozenset({"password"})  # never in an event, not even hashed
_BEFORE = "_audit_before"  # the stored state, kept on the instance between save and save_related


def _label(item: Any) -> Any:
    """A related row in an event: its natural key (a group's name) or else its id."""
    natural = getattr(item, "natural_key", None)
    if callable(natural):
        return ".".join(str(part) for part in natural())
    return item.pk if isinstance(item, Model) else item


def snapshot(obj: Model) -> dict[str, Any]:
    """The object's editable fields as plain JSON: many-to-many as sorted names or ids, files
    by name, secrets left out."""
    state: dict[str, Any] = {}
    for key, value in model_to_dict(obj).items():
        if key in SECRET_FIELDS:
            continue
        if hasattr(value, "read"):  # a file: its stored name
            state[key] = getattr(value, "name", "") or ""
        elif isinstance(value, list | tuple | set):
            state[key] = sorted((_label(item) for item in value), key=str)
        else:
            state[key] = value
    return state


def _actor(request: HttpRequest) -> AbstractUser | None:
    return request.user if isinstance(request.user, get_user_model()) else None


def _record(request: HttpRequest, action: str, obj: Model, object_id: Any, **states: Any) -> None:
    record(
        actor=_actor(request),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=object_id,
        **states,
    )


DAY_FIRST = ["%d/%m/%Y"]  # strictly: not even the ISO form Django accepts besides the locale's


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Records every add, change and delete made in the admin, in the same transaction.

    Dates are typed dd/mm/yyyy (and HH:MM): anything else is refused with the Vietnamese
    message of locale/vi (formats/vi: the calendar widget writes the same form)."""

    formfield_overrides = {
        models.DateField: {"widget": widgets.AdminDateWidget, "input_formats": DAY_FIRST},
        models.DateTimeField: {
            "form_class": forms.SplitDateTimeField,
            "widget": widgets.AdminSplitDateTime,
            "input_date_formats": DAY_FIRST,
        },
    }

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = None
        if change and obj.pk is not None:
            old = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = snapshot(old) if old is not None else None
        setattr(obj, _BEFORE, before)
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The object's event is written here, once its many-to-many fields are saved."""
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = getattr(obj, _BEFORE, None)
        action = "admin_change" if change else "admin_add"
        _record(request, action, obj, obj.pk, before=before, after=snapshot(obj))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """One event per inline row created, changed or deleted."""
        ids = {id(f.instance): f.instance.pk for f in formset.initial_forms}
        stored = {
            row.pk: snapshot(row)
            for row in formset.model._default_manager.filter(
                pk__in=[pk for pk in ids.values() if pk is not None]
            )
        }
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            _record(request, "admin_add", obj, obj.pk, after=snapshot(obj))
        for obj, _fields in formset.changed_objects:
            before = stored.get(obj.pk)
            _record(request, "admin_change", obj, obj.pk, before=before, after=snapshot(obj))
        for obj in formset.deleted_objects:  # deleted rows have lost their pk: use the form's
            pk = ids.get(id(obj))
            _record(request, "admin_delete", obj, pk, before=stored.get(pk))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            _record(request, "admin_delete", obj, obj.pk, before=snapshot(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        """The "delete selected" action: one event per object, all in the deletion's transaction."""
        with transaction.atomic():
            for obj in queryset:
                _record(request, "admin_delete", obj, obj.pk, before=snapshot(obj))
            super().delete_queryset(request, queryset)
