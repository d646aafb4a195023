"""E-forms as data: definitions refused when they do not validate, the server-side check that
writes nothing, VNeID pre-fill kept as vouched, the officer's audited correction, the printed
declaration, and the refusals for everyone else."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.audit.models import AuditEvent
from motcua.catalog.eform_definition import (
    definition_problems,
)
from motcua.catalog.eform_lists import ETHNIC_GROUPS
from motcua.catalog.loader import CatalogError, read_reference, validate
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import load_catalog
from motcua.citizens.identity import VneidIdentity, verified_by_vneid
from motcua.citizens.models import CitizenDocument, CitizenProfile, Draft
from motcua.dossiers.models import Dossier
from motcua.eforms.models import FormData
from motcua.units.models import Unit
from tests.catalog_data import catalog
from tests.citizens.conftest import PASSWORD, PDF, upload

pytestmark = pytest.mark.django_db
EFORMS = read_reference.__globals__["REFERENCE_FILE"].parent / "eforms"
PRINTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"


def birth_definition() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EFORMS / "dang-ky-khai-sinh.json").read_text("utf-8"))
    return data


@pytest.fixture
def with_eform(reference: None) -> ProcedureVersion:
    version = ProcedureVersion.objects.get(procedure__code="1.001193")
    version.eform = birth_definition()
    version.save()
    return version


@pytest.fixture
def vneid_citizen(reference: None) -> CitizenProfile:

    return verified_by_vneid(
        "089190000777",
        full_name="Lê Thị Hồng",
        phone="0912345670",
        identity=VneidIdentity(
            birth_date=dt.date(1990, 5, 4), sex="Nữ", address="Ấp Trung 3, xã Phú Tân, An Giang"
        ),
    )


def _filled(phu_tan: Unit, **changes: str) -> dict[str, str]:
    province = phu_tan.province()
    assert province is not None
    post = {
        "unit": str(phu_tan.pk),
        "result_delivery": "electronic",
        "ef-requester_relationship": "Mẹ",
        "ef-requester_residence-province": province.code,  # VNeID's address: a suggestion
        "ef-requester_residence-commune": phu_tan.code,
        "ef-requester_residence": "Ấp Trung 3",
        "ef-child_name": "Lê Minh An",
        "ef-child_birth_date": "20/02/2026",
        "ef-child_sex": "Nam",
        "ef-child_ethnicity": "Kinh",
        "ef-child_nationality": "Việt Nam",
        "ef-child_birth_place-province": province.code,
        "ef-child_birth_place-commune": phu_tan.code,
        "ef-child_birth_place": "Trạm y tế xã",
        "ef-child_hometown": "Xã Phú Tân, tỉnh An Giang",
        "ef-has_mother": "Có",
        "ef-has_father": "Chưa xác định",
        "ef-mother_name": "Lê Thị Hồng",
        "ef-mother_birth_year": "1990",
        "ef-mother_ethnicity": "Kinh",
        "ef-mother_nationality": "Việt Nam",
        "ef-mother_residence-province": province.code,
        "ef-mother_residence-commune": phu_tan.code,
        "ef-mother_residence": "Ấp Trung 3",
    }
    post.update(changes)
    return post


def _draft(client: Client, citizen: CitizenProfile) -> Draft:
    client.post("/cong-dan/ho-so-nhap/tao/", {"code": "1.001193"})
    return Draft.objects.get(citizen=citizen)


def _submit(client: Client, draft: Draft, post: dict[str, str]) -> Any:
    form = draft.procedure_version.components.first()
    assert form is not None
    return client.post(
        f"/cong-dan/ho-so-nhap/{draft.pk}/",
        {**post, "action": "submit", f"file-{form.pk}": upload("giay-chung-sinh.pdf", PDF)},
    )


def test_the_shipped_definitions_validate_and_load_with_their_versions(reference: None) -> None:
    data = read_reference()
    assert validate(data) == []
    codes = {row["code"] for row in data["procedures"] if row.get("eform")}
    assert {"1.001193", "1.000656", "1.000894", "1.004873", "2.000815", "3.000722"} <= codes
    assert len(ETHNIC_GROUPS.options) == 54
    assert "121-TCTK/PPCĐ" in ETHNIC_GROUPS.source


def test_a_definition_that_does_not_validate_is_refused_naming_the_field(db: None) -> None:
    data = catalog()
    bad = birth_definition()
    bad["sections"][1]["fields"][2]["type"] = "gender"  # child_sex
    bad["sections"][1]["fields"][3]["list"] = "dan_toc"  # an unknown list
    data["procedures"][0]["eform"] = bad
    with pytest.raises(CatalogError) as refused:
        load_catalog(data)
    text = "\n".join(refused.value.problems)
    assert "trường “child_sex” (Giới tính): kiểu không hợp lệ" in text
    assert not ProcedureVersion.objects.exists()  # nothing written


def test_meaning_problems_name_the_field() -> None:
    bad = birth_definition()
    bad["sections"][1]["fields"][3]["list"] = "dan_toc"
    bad["sections"][2]["show_if"] = {"field": "has_mother", "equals": "Có lẽ"}
    bad["sections"][1]["fields"].append(copy.deepcopy(bad["sections"][1]["fields"][0]))
    problems = definition_problems(bad)
    assert any("“child_ethnicity” (Dân tộc): danh mục “dan_toc” không có" in p for p in problems)
    assert any("“child_name” (Họ, chữ đệm, tên): tên trường bị trùng" in p for p in problems)


def test_a_used_version_keeps_its_form_a_change_needs_a_new_version(
    with_eform: ProcedureVersion, vneid_citizen: CitizenProfile, phu_tan: Unit
) -> None:
    client = Client()
    client.force_login(vneid_citizen.user)
    draft = _draft(client, vneid_citizen)
    _submit(client, draft, _filled(phu_tan))
    assert Dossier.objects.count() == 1
    data = catalog()
    changed = birth_definition()
    changed["title"] = "Tờ khai khác"
    data["procedures"][0]["eform"] = changed
    with pytest.raises(CatalogError, match="đã được dùng cho hồ sơ"):
        load_catalog(data)
    with_eform.refresh_from_db()
    assert with_eform.eform["title"] == "Tờ khai đăng ký khai sinh"


def test_invalid_input_gets_a_message_at_the_field_and_writes_nothing(
    with_eform: ProcedureVersion, vneid_citizen: CitizenProfile, phu_tan: Unit
) -> None:
    client = Client()
    client.force_login(vneid_citizen.user)
    draft = _draft(client, vneid_citizen)
    form = with_eform.components.first()
    assert form is not None
    post = _filled(phu_tan, **{"ef-child_birth_date": "2026-02-20", "ef-child_ethnicity": "Xyz"})
    response = client.post(
        f"/cong-dan/ho-so-nhap/{draft.pk}/",
        {**post, "action": "submit", f"file-{form.pk}": upload("to-khai.pdf", PDF)},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="ef-child_birth_date-error"' in page
    assert "Ngày phải có dạng ngày/tháng/năm" in page
    assert "Hãy chọn một giá trị trong danh sách." in page
    draft.refresh_from_db()
    assert draft.unit is None
    assert not draft.items.exists()
    assert not FormData.objects.exists()
    assert not Dossier.objects.exists()
    assert not CitizenDocument.objects.filter(citizen=vneid_citizen).exists()


def test_vneid_values_are_prefilled_kept_and_reach_the_dossier(
    with_eform: ProcedureVersion, vneid_citizen: CitizenProfile, phu_tan: Unit
) -> None:
    client = Client()
    client.force_login(vneid_citizen.user)
    draft = _draft(client, vneid_citizen)
    page = client.get(f"/cong-dan/ho-so-nhap/{draft.pk}/").content.decode()
    assert "Lê Thị Hồng" in page
    assert "Từ VNeID" in page
    assert "04/05/1990" in page
    post = _filled(phu_tan, **{"ef-requester_name": "Người Khác"})  # cannot replace VNeID's
    response = _submit(client, draft, post)
    assert response.status_code == 302
    data = FormData.objects.get()
    assert data.dossier is not None
    assert data.dossier.channel == "online"
    assert data.values["requester_name"] == "Lê Thị Hồng"
    assert data.values["requester_birth_date"] == "1990-05-04"
    assert data.values["child_birth_date"] == "2026-02-20"
    assert data.values["child_birth_place"]["text"].startswith("Trạm y tế xã, Xã Phú Tân")
    assert "father_name" not in data.values  # the father's section was not shown
    assert "requester_name" in data.prefilled


@pytest.fixture
def submitted(
    with_eform: ProcedureVersion, vneid_citizen: CitizenProfile, phu_tan: Unit
) -> Dossier:
    client = Client()
    client.force_login(vneid_citizen.user)
    draft = _draft(client, vneid_citizen)
    _submit(client, draft, _filled(phu_tan))
    return Dossier.objects.get()


def test_the_officer_reads_edits_with_an_audit_and_prints_the_declaration(
    submitted: Dossier, officer: User, phu_tan: Unit
) -> None:
    client = Client()
    client.force_login(officer)
    page = client.get(f"/ho-so/{submitted.pk}/").content.decode()
    assert "Tờ khai điện tử" in page
    assert "Lê Minh An" in page
    assert "20/02/2026" in page
    edit = f"/to-khai/ho-so/{submitted.pk}/sua/"
    bad = client.post(edit, _filled(phu_tan, **{"ef-child_name": ""}))
    assert bad.status_code == 400
    assert "Cần nhập “Họ, chữ đệm, tên”" in bad.content.decode()
    assert FormData.objects.get().values["child_name"] == "Lê Minh An"
    assert not AuditEvent.objects.filter(action="edit_eform").exists()
    post = _filled(phu_tan, **{"ef-child_name": "Lê Minh Ân", "ef-requester_name": "Khác"})
    assert client.post(edit, post).status_code == 302
    kept = FormData.objects.get().values
    assert kept["child_name"] == "Lê Minh Ân"
    assert kept["requester_name"] == "Lê Thị Hồng"  # VNeID's, not retyped by the officer
    event = AuditEvent.objects.get(action="edit_eform")
    assert event.actor == officer
    assert event.object_id == str(submitted.pk)
    assert event.before == {"child_name": "Lê Minh An"}
    assert event.after == {"child_name": "Lê Minh Ân"}
    response = client.get(f"/to-khai/ho-so/{submitted.pk}/in/")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in text
    assert "Lê Minh Ân" in text
    assert "Kính gửi: Ủy ban nhân dân xã Phú Tân" in text
    assert (
        "ghi bằng chữ: Ngày hai mươi tháng hai năm hai nghìn không trăm hai mươi sáu"
        in " ".join(text.split())
    )


def test_strangers_cannot_read_or_edit_the_e_form(
    submitted: Dossier, phu_tan: Unit, other_citizen: CitizenProfile
) -> None:
    other_unit = (
        Unit.objects.filter(kind="commune").exclude(pk=phu_tan.pk).exclude(short_code="").first()
    )
    assert other_unit is not None
    elsewhere = create_or_update_staff(
        username="khac",
        full_name="Cán bộ xã khác",
        role=Role.RECEIVING_OFFICER,
        password=PASSWORD,
        unit=other_unit,
    )
    statistics = create_or_update_staff(
        username="thongke",
        full_name="Văn phòng",
        role=Role.STATISTICS_OFFICER,
        password=PASSWORD,
        unit=phu_tan,
    )
    edit, pdf = f"/to-khai/ho-so/{submitted.pk}/sua/", f"/to-khai/ho-so/{submitted.pk}/in/"
    client = Client()
    client.force_login(elsewhere)
    assert client.get(edit).status_code == 404
    assert client.get(pdf).status_code == 404
    assert client.get(f"/ho-so/{submitted.pk}/").status_code == 404
    client.force_login(statistics)  # may read the dossier, may not correct it
    assert client.post(edit, {"ef-child_name": "X"}).status_code == 403
    client.force_login(other_citizen.user)
    assert client.get(pdf).status_code in (302, 403)
    assert client.post(edit, {"ef-child_name": "X"}).status_code in (302, 403)
    assert FormData.objects.get().values["child_name"] == "Lê Minh An"
    assert not AuditEvent.objects.filter(action="edit_eform").exists()


def test_an_untouched_counter_eform_is_not_typed_though_its_province_is_preselected() -> None:
    from motcua.eforms.pages import PageForm

    untouched = {"ef-birth_place-province": "91", "ef-child_name": " ", "applicant_name": "A"}
    assert not PageForm.typed(untouched)
    assert PageForm.typed({**untouched, "ef-birth_place-commune": "30406"})
    assert PageForm.typed({**untouched, "ef-child_name": "Nguyễn Văn An"})
