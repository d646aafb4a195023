"""The marital-status confirmation is usually asked for by the person it is about: its e-form
pre-fills that person from VNeID, so the requester can answer "Bản thân" (themself)."""

from __future__ import annotations

import datetime as dt
import json

from motcua.catalog.eform_definition import load_definition, options_of
from motcua.catalog.loader import EFORMS_DIR
from motcua.eforms.values import clean


def test_the_requester_can_ask_for_their_own_marital_status_confirmation() -> None:
    raw = json.loads((EFORMS_DIR / "xac-nhan-tinh-trang-hon-nhan.json").read_text("utf-8"))
    definition = load_definition(raw)
    field = next(f for f in definition.fields() if f.name == "requester_relationship")
    assert options_of(field)[0] == "Bản thân"
    assert "Người được ủy quyền" in options_of(field)
    assert field.assumed  # an assumed list, marked as such
    day = dt.date(2026, 3, 2)
    own = clean(definition, {"ef-requester_relationship": "Bản thân"}, day=day, complete=False)
    assert "requester_relationship" not in own.errors
    child = clean(definition, {"ef-requester_relationship": "Con"}, day=day, complete=False)
    assert "requester_relationship" in child.errors  # not a relationship this request allows
