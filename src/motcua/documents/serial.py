"""Form contexts as JSON and back, so a form fixed by an act can be rendered later, identically.

An act stores the context it built (``context_to_json``) with the issued document; the renderer,
after commit or on a reprint, rebuilds the same frozen dataclass (``context_from_json``) and gets
the same bytes. Dataclasses carry their class name ("$type"), dates and date-times their ISO text
("$date", "$datetime", with the UTC offset when aware), tuples become lists. Only the dataclasses
of ``documents.context`` are rebuilt; anything else is a ValueError.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from motcua.documents import context as contexts

_TYPES: dict[str, type[Any]] = {
    name: value
    for name, value in vars(contexts).items()
    if isinstance(value, type) and dataclasses.is_dataclass(value)
}


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if _TYPES.get(name) is not type(value):
            raise ValueError(f"not a form context part: {name}")
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$type": name, **fields}
    if isinstance(value, dt.datetime):  # before date: a datetime is a date
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    raise ValueError(f"cannot store {type(value).__name__} in a form context")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(item) for item in value)
    if not isinstance(value, dict):
        return value
    if "$datetime" in value:
        return dt.datetime.fromisoformat(value["$datetime"])
    if "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    name = value.get("$type")
    cls = _TYPES.get(name) if isinstance(name, str) else None
    if cls is None:
        raise ValueError(f"unknown form context part: {name!r}")
    return cls(**{key: _decode(item) for key, item in value.items() if key != "$type"})


def context_to_json(context: contexts.FormContext) -> dict[str, Any]:
    encoded = _encode(context)
    assert isinstance(encoded, dict)
    return encoded


def context_from_json(data: dict[str, Any]) -> contexts.FormContext:
    context = _decode(data)
    if not isinstance(context, contexts.FormContext):
        raise ValueError(f"not a form context: {type(context).__name__}")
    return context
