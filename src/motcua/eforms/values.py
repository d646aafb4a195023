"""What a person typed into an e-form, checked against its definition on the server.

Input names are ``ef-<field>`` (an address: ``ef-<field>-province``, ``ef-<field>-commune`` and
``ef-<field>`` for the house number and street). Every problem is a Vietnamese message at its
field; the caller writes nothing unless there is none. Values are kept as JSON: text as typed
(NFC, trimmed), a date as ISO ``yyyy-mm-dd`` (typed and shown dd/mm/yyyy), a number as an int,
an address as {province, commune, detail, text}.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from motcua.catalog.eform_definition import Condition, FieldDef, FormDefinition, options_of
from motcua.domain.text import nfc
from motcua.domain.vnformat import number_in_words, parse_vn_date
from motcua.units.picker import address_line, resolve_address_commune
from motcua.units.services import UnitError

PERSONAL_ID = re.compile(r"^\d{12}$")
PHONE = re.compile(r"^(\+84|0)\d{9,10}$")
PREFIX = "ef-"


@dataclass
class Cleaned:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def holds(condition: Condition | None, values: Mapping[str, Any]) -> bool:
    return condition is None or str(values.get(condition.field, "")) == condition.equals


def shown(definition: FormDefinition, values: Mapping[str, Any]) -> list[FieldDef]:
    """The fields a person is asked, given the answers so far (conditions of field and section)."""
    out = []
    for section in definition.sections:
        if not holds(section.show_if, values):
            continue
        out += [f for f in section.fields if holds(f.show_if, values)]
    return out


def _text(post: Mapping[str, str], name: str) -> str:
    return " ".join(nfc(str(post.get(name, ""))).split())


def _date(fd: FieldDef, raw: str, day: dt.date) -> tuple[Any, str]:
    try:
        when = parse_vn_date(raw)
    except ValueError:
        return raw, "Ngày phải có dạng ngày/tháng/năm, ví dụ 05/01/2026."
    if fd.not_future and when > day:
        return raw, "Ngày này chưa đến; hãy kiểm tra lại."
    return when.isoformat(), ""


def _number(fd: FieldDef, raw: str, day: dt.date) -> tuple[Any, str]:
    if not raw.isdigit():
        return raw, "Chỉ nhập chữ số."
    number = int(raw)
    if (fd.min is not None and number < fd.min) or (fd.max is not None and number > fd.max):
        return raw, f"Giá trị phải từ {fd.min if fd.min is not None else 0} đến {fd.max}."
    return number, ""


def _pattern(fd: FieldDef, raw: str, day: dt.date) -> tuple[Any, str]:
    if fd.type == "id_number" and not PERSONAL_ID.match(raw):
        return raw, "Số định danh cá nhân gồm đúng 12 chữ số."
    if fd.type == "phone" and not PHONE.match(raw.replace(" ", "")):
        return raw, "Số điện thoại gồm 10 chữ số, bắt đầu bằng 0 (hoặc +84)."
    if fd.type == "choice" and raw not in options_of(fd):
        return raw, "Hãy chọn một giá trị trong danh sách."
    return raw, ""


CHECKS = {"date": _date, "number": _number}


def _clean_one(fd: FieldDef, post: Mapping[str, str], day: dt.date) -> tuple[Any, str]:
    """(value, error) of one field; value "" or None when nothing was typed."""
    if fd.type == "address":
        return _clean_address(fd, post, day)
    raw = _text(post, PREFIX + fd.name)
    if not raw:
        return "", ""
    if len(raw) > fd.max_length:
        return raw, f"Không quá {fd.max_length} ký tự."
    return CHECKS.get(fd.type, _pattern)(fd, raw, day)


def _clean_address(fd: FieldDef, post: Mapping[str, str], day: dt.date) -> tuple[Any, str]:
    base = PREFIX + fd.name
    detail = _text(post, base)
    province, commune_code = _text(post, f"{base}-province"), _text(post, f"{base}-commune")
    if not (detail or commune_code):
        return "", ""
    if len(detail) > fd.max_length:
        return None, f"Không quá {fd.max_length} ký tự."
    try:
        commune = resolve_address_commune(commune_code, day, province)
    except UnitError as exc:
        return None, str(exc)
    if commune is None:
        return None, "Hãy chọn tỉnh, thành phố và xã, phường, đặc khu."
    return {
        "province": province,
        "commune": commune.code,
        "detail": detail,
        "text": address_line(detail, commune),
    }, ""


def clean(
    definition: FormDefinition,
    post: Mapping[str, str],
    *,
    day: dt.date,
    complete: bool,
    fixed: Mapping[str, Any] | None = None,
) -> Cleaned:
    """Check every field shown. ``complete``: required fields must be filled (a submission;
    a saved draft may be partial). ``fixed``: values vouched for elsewhere (VNeID), which the
    input cannot change."""
    fixed = fixed or {}
    result = Cleaned()
    for fd in definition.fields():
        if fd.name in fixed:
            result.values[fd.name] = fixed[fd.name]
            continue
        value, error = _clean_one(fd, post, day)
        if error:
            result.errors[fd.name] = error
        elif value not in ("", None):
            result.values[fd.name] = value
    visible = {fd.name for fd in shown(definition, result.values)}
    result.values = {k: v for k, v in result.values.items() if k in visible}
    result.errors = {k: v for k, v in result.errors.items() if k in visible}
    if complete:
        for fd in shown(definition, result.values):
            needed = fd.required or (
                fd.require_if is not None and holds(fd.require_if, result.values)
            )
            if needed and fd.name not in result.values and fd.name not in result.errors:
                result.errors[fd.name] = f"Cần nhập “{fd.label}”."
    return result


def date_in_words(day: dt.date) -> str:
    """“Ngày hai mươi bốn tháng mười một năm hai nghìn không trăm hai mươi sáu”."""
    return (
        f"Ngày {number_in_words(day.day)} tháng {number_in_words(day.month)} "
        f"năm {number_in_words(day.year)}"
    )


def display(fd: FieldDef, value: Any, *, words: bool = False) -> str:
    """A kept value as a person reads it (a date dd/mm/yyyy, an address as one line); with
    ``words``, a date the form asks "ghi bằng chữ" for is followed by its words."""
    if value in (None, ""):
        return ""
    if fd.type == "address" and isinstance(value, dict):
        return str(value.get("text") or value.get("detail") or "")
    if fd.type == "date":
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        shown = day.strftime("%d/%m/%Y")
        return f"{shown}; ghi bằng chữ: {date_in_words(day)}" if words and fd.in_words else shown
    return str(value)


def as_input(definition: FormDefinition, values: Mapping[str, Any]) -> dict[str, str]:
    """Kept values back as form input (to show an existing form for editing)."""
    post: dict[str, str] = {}
    for fd in definition.fields():
        value = values.get(fd.name)
        if value in (None, ""):
            continue
        if fd.type == "address" and isinstance(value, dict):
            post[PREFIX + fd.name] = str(value.get("detail", ""))
            post[f"{PREFIX}{fd.name}-province"] = str(value.get("province", ""))
            post[f"{PREFIX}{fd.name}-commune"] = str(value.get("commune", ""))
        else:
            post[PREFIX + fd.name] = display(fd, value)
    return post
