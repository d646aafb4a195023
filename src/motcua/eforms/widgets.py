"""An e-form definition as what the templates draw: sections of fields with their input names,
values typed so far, options, the message at each field, and which are fixed (pre-filled from a
verified identity, shown read-only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from motcua.catalog.eform_definition import FieldDef, FormDefinition, options_of
from motcua.eforms.origin import Origin
from motcua.eforms.values import PREFIX, as_input, display, shown
from motcua.units.models import Unit
from motcua.units.picker import AddressChoices, address_choices

INPUT_MODES = {"date": "numeric", "number": "numeric", "id_number": "numeric", "phone": "tel"}


@dataclass
class Widget:
    field: FieldDef
    input_name: str
    value: str
    error: str = ""
    options: tuple[str, ...] = ()
    fixed_text: str = ""  # pre-filled from VNeID: shown, not typed
    origin: Origin | None = None  # where a suggested value came from (earlier dossier, account)
    origin_id: str = ""  # the id of the section's note that tells it in full
    address: AddressChoices | None = None
    commune: str = ""
    input_mode: str = ""
    condition: str = ""  # the input name the field depends on (client-side show/hide)


@dataclass
class SectionView:
    title: str
    widgets: list[Widget] = field(default_factory=list)
    condition: str = ""
    equals: str = ""
    notes: list[tuple[str, str]] = field(default_factory=list)  # (id, where suggestions came from)


def widgets(
    definition: FormDefinition,
    *,
    post: Mapping[str, str] | None = None,
    values: Mapping[str, Any] | None = None,
    errors: Mapping[str, str] | None = None,
    fixed: Mapping[str, Any] | None = None,
    day: dt.date,
    near: Unit | None = None,
    origins: Mapping[str, Origin] | None = None,
) -> list[SectionView]:
    """The sections to draw: input as posted (after an error) or as kept (``values``)."""
    fixed, errors = fixed or {}, errors or {}
    typed = dict(post) if post is not None else as_input(definition, values or {})
    out = []
    for section in definition.sections:
        view = SectionView(title=section.title)
        if section.show_if is not None:
            view.condition, view.equals = PREFIX + section.show_if.field, section.show_if.equals
        for fd in section.fields:
            name = PREFIX + fd.name
            widget = Widget(
                field=fd,
                input_name=name,
                value=str(typed.get(name, "")),
                error=errors.get(fd.name, ""),
                options=options_of(fd),
                input_mode=INPUT_MODES.get(fd.type, ""),
                condition=PREFIX + fd.show_if.field if fd.show_if else "",
                origin=(origins or {}).get(fd.name) if post is None else None,
            )
            if widget.origin is not None:
                notes = [note for _, note in view.notes]
                if widget.origin.note not in notes:
                    view.notes.append((f"{section.key}-origin-{len(notes)}", widget.origin.note))
                    notes.append(widget.origin.note)
                widget.origin_id = view.notes[notes.index(widget.origin.note)][0]
            if fd.name in fixed:
                widget.fixed_text = display(fd, fixed[fd.name])
            elif fd.type == "address":
                widget.address = address_choices(day, str(typed.get(f"{name}-province", "")), near)
                widget.commune = str(typed.get(f"{name}-commune", ""))
            view.widgets.append(widget)
        out.append(view)
    return out


def table(
    definition: FormDefinition, values: Mapping[str, Any], *, printing: bool = False
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section title, [(label, value as read)]) of the fields answered, for the officer and the
    printed declaration."""
    visible = {fd.name for fd in shown(definition, values)}
    out = []
    for section in definition.sections:
        rows = [
            (fd.label, display(fd, values.get(fd.name), words=printing))
            for fd in section.fields
            if fd.name in visible
            and values.get(fd.name) not in (None, "")
            and (fd.printed or not printing)
        ]
        if rows:
            out.append((section.title, rows))
    return out
