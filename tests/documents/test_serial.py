"""A form context survives JSON (as the issued-document row stores it) and renders the same."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from motcua.documents.context import Agency, ReceiptContext
from motcua.documents.formsets import TT_01_2018, TT_03_2025, FormDefinition, FormKind, form_by_key
from motcua.documents.render import render_pdf
from motcua.documents.serial import context_from_json, context_to_json

from .samples import context_for

DAY_2018 = dt.date(2025, 6, 30)
DAY_2025 = dt.date(2026, 1, 5)
ALL_FORMS = [(DAY_2018, form) for form in TT_01_2018.forms.values()] + [
    (DAY_2025, form) for form in TT_03_2025.forms.values()
]


@pytest.mark.parametrize(("day", "form"), ALL_FORMS, ids=[f.key for _, f in ALL_FORMS])
def test_every_form_context_round_trips_through_json_text(
    day: dt.date, form: FormDefinition
) -> None:
    context = context_for(form.kind, day)
    stored = json.loads(json.dumps(context_to_json(context)))  # as a JSON column gives it back
    assert context_from_json(stored) == context
    assert form_by_key(form.key) is form


@pytest.mark.parametrize("key", ["TT01_2018/01", "TT03_2025/01", "TT03_2025/04"])
def test_the_stored_context_renders_the_same_bytes(key: str) -> None:
    form = form_by_key(key)
    context = context_for(form.kind, DAY_2025 if key.startswith("TT03") else DAY_2018)
    again = context_from_json(json.loads(json.dumps(context_to_json(context))))
    assert render_pdf(form, again) == render_pdf(form, context)


def test_aware_times_keep_their_instant_and_naive_times_stay_naive() -> None:
    receipt = context_for(FormKind.RECEIPT, DAY_2025)
    assert isinstance(receipt, ReceiptContext)
    for value in (dt.datetime(2026, 1, 5, 1, 30, tzinfo=dt.UTC), dt.datetime(2026, 1, 5, 8, 30)):
        context = dataclasses.replace(receipt, received_at=value)
        again = context_from_json(json.loads(json.dumps(context_to_json(context))))
        assert isinstance(again, ReceiptContext)
        assert again.received_at == value
        assert again.received_at.utcoffset() == value.utcoffset()


def test_only_form_context_parts_are_stored_or_rebuilt() -> None:
    with pytest.raises(ValueError, match="cannot store"):
        context_to_json(Agency(name="X", place_name=object()))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown form context part"):
        context_from_json({"$type": "User", "username": "x"})
    with pytest.raises(ValueError, match="not a form context"):
        context_from_json({"$type": "Agency", "name": "X", "place_name": "Y"})
