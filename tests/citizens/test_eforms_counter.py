"""The same e-forms at the counter, and every shipped definition drawn, checked and printed."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.template.loader import render_to_string
from django.test import Client
from pypdf import PdfReader

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.catalog.eform_definition import FormDefinition, load_definition, options_of
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.models import Dossier
from motcua.eforms.declaration import render_declaration
from motcua.eforms.models import FormData
from motcua.eforms.values import clean, shown
from motcua.eforms.widgets import widgets
from motcua.units.models import Unit
from tests.citizens.test_eforms import EFORMS, PRINTS, _filled, submitted, vneid_citizen, with_eform

pytestmark = pytest.mark.django_db
__all__ = ["submitted", "vneid_citizen", "with_eform"]


def _at_the_counter(phu_tan: Unit, **eform: str) -> dict[str, str]:
    return {
        "procedure_code": "1.001193",
        "form_key": "k1",
        "applicant_name": "Lê Thị Hồng",
        "id_number": "089190000777",
        "phone": "0912345670",
        "channel": "counter",
        "result_delivery": "desk",
        "component": "Tờ khai đăng ký khai sinh theo mẫu",
        "present-0": "on",
        "decision": "check",
        **eform,
    }


def _counter_eform(phu_tan: Unit, **changes: str) -> dict[str, str]:
    post = _filled(phu_tan, **changes)
    post.pop("unit")
    post.pop("result_delivery")
    province = phu_tan.province()
    assert province is not None
    post.update(
        {
            "ef-requester_name": "Lê Thị Hồng",
            "ef-requester_id": "089190000777",
            "ef-requester_residence-province": province.code,
            "ef-requester_residence-commune": phu_tan.code,
            "ef-requester_residence": "Ấp Trung 3",
        }
    )
    return post


def test_the_counter_uses_the_same_definition_and_writes_nothing_when_invalid(
    with_eform: ProcedureVersion, officer: User, phu_tan: Unit
) -> None:
    client = Client()
    client.force_login(officer)
    form = client.get("/ho-so/tiep-nhan/?thu-tuc=1.001193").content.decode()
    assert 'name="ef-child_name"' in form
    assert 'name="ef-child_birth_place-commune"' in form
    bad = client.post(
        "/ho-so/tiep-nhan/",
        _at_the_counter(phu_tan, **{**_counter_eform(phu_tan), "ef-requester_id": "12345"}),
    )
    assert bad.status_code == 400
    assert "Số định danh cá nhân gồm đúng 12 chữ số." in bad.content.decode()
    assert not Dossier.objects.exists()
    assert not FormData.objects.exists()
    good = client.post("/ho-so/tiep-nhan/", _at_the_counter(phu_tan, **_counter_eform(phu_tan)))
    assert good.status_code == 302
    data = FormData.objects.get()
    assert data.dossier == Dossier.objects.get()
    assert data.values["child_name"] == "Lê Minh An"
    assert AuditEvent.objects.filter(action="save_eform", actor=officer).exists()


def test_at_the_counter_the_e_form_may_stay_empty_for_a_paper_declaration(
    with_eform: ProcedureVersion, officer: User, phu_tan: Unit
) -> None:
    client = Client()
    client.force_login(officer)
    assert client.post("/ho-so/tiep-nhan/", _at_the_counter(phu_tan)).status_code == 302
    assert Dossier.objects.count() == 1
    assert not FormData.objects.exists()


def _valid_input(definition: FormDefinition, commune: Unit) -> dict[str, str]:
    """A value of the right kind for every field (the first option of every choice)."""
    province = commune.province()
    assert province is not None
    post: dict[str, str] = {}
    for fd in definition.fields():
        name = f"ef-{fd.name}"
        if fd.type == "address":
            post |= {f"{name}-province": province.code, f"{name}-commune": commune.code}
            post[name] = "Ấp Trung 3"
        else:
            post[name] = {
                "date": "01/01/2000",
                "choice": (options_of(fd) or ("",))[0],
                "number": str(fd.min or 1),
                "id_number": "089190000777",
                "phone": "0912345670",
            }.get(fd.type, "Nội dung đã khai"[: fd.max_length])
    return post


@pytest.mark.parametrize("name", sorted(p.stem for p in EFORMS.glob("*.json")))
def test_every_shipped_definition_is_drawn_checked_and_printed(
    name: str, submitted: Dossier, phu_tan: Unit
) -> None:
    definition = load_definition(json.loads((EFORMS / f"{name}.json").read_text("utf-8")))
    day = dt.date(2026, 3, 2)
    html = render_to_string(
        "eforms/_form.html", {"eform": widgets(definition, values={}, day=day, near=phu_tan)}
    )
    assert all(f'name="ef-{fd.name}' in html for fd in definition.fields())
    empty = clean(definition, {}, day=day, complete=True)
    assert {fd.name for fd in shown(definition, {}) if fd.required} <= set(empty.errors)
    checked = clean(definition, _valid_input(definition, phu_tan), day=day, complete=True)
    assert checked.errors == {}
    pdf = render_declaration(submitted, definition, checked.values)
    PRINTS.mkdir(parents=True, exist_ok=True)
    (PRINTS / f"eform-declaration-{name}.pdf").write_bytes(pdf)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert definition.title.upper() in " ".join(text.split())
