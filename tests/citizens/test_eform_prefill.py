"""Pre-fill from the citizen's own earlier dossiers (never anybody else's), VNeID's address as
units of the official list, and the way from a procedure's page through the VNeID sign-in
straight onto its form (a local `next` only)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from motcua.catalog.eform_countries import COUNTRIES, ISO_CLDR, Country
from motcua.catalog.eform_lists import NATIONALITIES
from motcua.catalog.loader import CatalogError
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.services import _unremembered, load_catalog
from motcua.citizens.eform_page import for_draft
from motcua.citizens.eform_prefill import identity_address
from motcua.citizens.identity import VneidIdentity, verified_by_vneid
from motcua.citizens.identity_providers import address_of
from motcua.citizens.models import CitizenProfile, Draft
from motcua.config import VneidConfig
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit
from tests.catalog_data import catalog
from tests.citizens.test_eforms import _draft, _filled, _submit, birth_definition

pytestmark = pytest.mark.django_db
SIMULATOR = override_settings(MOTCUA_VNEID=VneidConfig(mode="simulator"))
HONG = {"personal_id": "089190000777", "full_name": "Lê Thị Hồng", "phone": "0912345670"}
FATHER = {
    "ef-has_father": "Có",
    "ef-father_name": "Phạm Văn Bình",
    "ef-father_birth_year": "1988",
    "ef-father_ethnicity": "Khơ-me",
    "ef-father_nationality": "Việt Nam",
}


@pytest.fixture
def with_eform(reference: None) -> ProcedureVersion:
    version = ProcedureVersion.objects.get(procedure__code="1.001193")
    version.eform = birth_definition()
    version.save()
    return version


@pytest.fixture
def vneid_citizen(reference: None) -> CitizenProfile:
    return verified_by_vneid(
        HONG["personal_id"],
        full_name=HONG["full_name"],
        phone=HONG["phone"],
        identity=VneidIdentity(birth_date=dt.date(1990, 5, 4), sex="Nữ", address="Ấp Trung 3"),
    )


def _father(phu_tan: Unit) -> dict[str, str]:
    province = phu_tan.province()
    assert province is not None
    return {
        **FATHER,
        "ef-father_residence-province": province.code,
        "ef-father_residence-commune": phu_tan.code,
        "ef-father_residence": "Ấp Trung 3",
    }


def _earlier_dossier(client: Client, citizen: CitizenProfile, phu_tan: Unit) -> Dossier:
    draft = _draft(client, citizen)
    assert _submit(client, draft, _filled(phu_tan, **_father(phu_tan))).status_code == 302
    return Dossier.objects.get(submission__citizen=citizen)


def test_an_earlier_dossier_of_the_same_citizen_suggests_the_same_fields_with_its_origin(
    with_eform: ProcedureVersion, vneid_citizen: CitizenProfile, phu_tan: Unit
) -> None:
    client = Client()
    client.force_login(vneid_citizen.user)
    earlier = _earlier_dossier(client, vneid_citizen, phu_tan)
    second = Draft.objects.create(citizen=vneid_citizen, procedure_version=with_eform)

    form = for_draft(second, vneid_citizen)
    assert form.suggested["father_name"] == "Phạm Văn Bình"
    assert form.suggested["father_ethnicity"] == "Khơ-me"
    assert form.suggested["mother_residence"]["commune"] == phu_tan.code
    assert "child_name" not in form.suggested  # a field of this dossier only: no remember key
    assert form.fixed["requester_name"] == "Lê Thị Hồng"  # VNeID's value keeps priority
    assert "requester_name" not in form.suggested
    day = timezone.localtime(earlier.received_at).strftime("%d/%m/%Y")
    origin = f"Điền sẵn từ hồ sơ {earlier.code} ngày {day}; bạn có thể sửa."
    assert form.origins["father_name"].note == origin
    assert form.origins["father_name"].tag == "Từ hồ sơ trước"

    page = client.get(f"/cong-dan/ho-so-nhap/{second.pk}/").content.decode()
    assert 'name="ef-father_name" value="Phạm Văn Bình"' in page  # a suggestion: editable
    assert page.count(origin) == 2  # once per section it fills (mother, father); tags at fields
    assert page.count('aria-describedby="father-origin-0">Từ hồ sơ trước') == 5
    # the citizen changes it: their value is kept, the suggestion is gone
    post = _filled(phu_tan, **{**_father(phu_tan), "ef-father_name": "Phạm Văn Bảo"})
    assert client.post(f"/cong-dan/ho-so-nhap/{second.pk}/", post).status_code == 302
    page = client.get(f"/cong-dan/ho-so-nhap/{second.pk}/").content.decode()
    assert 'value="Phạm Văn Bảo"' in page
    assert origin not in page


def test_another_citizens_earlier_dossier_never_prefills(
    with_eform: ProcedureVersion,
    vneid_citizen: CitizenProfile,
    other_citizen: CitizenProfile,
    phu_tan: Unit,
) -> None:
    client = Client()
    client.force_login(vneid_citizen.user)
    _earlier_dossier(client, vneid_citizen, phu_tan)

    stranger = Client()
    stranger.force_login(other_citizen.user)
    draft = _draft(stranger, other_citizen)
    form = for_draft(draft, other_citizen)
    assert not (set(form.suggested) & {"father_name", "mother_name", "mother_residence"})
    assert not any("Điền sẵn từ hồ sơ" in origin.note for origin in form.origins.values())
    page = stranger.get(f"/cong-dan/ho-so-nhap/{draft.pk}/").content.decode()
    assert "Phạm Văn Bình" not in page
    assert "Điền sẵn từ hồ sơ" not in page


def _consent(client: Client, location: str, **identity: str) -> str:
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    answer = client.post("/cong-dan/vneid-thu-nghiem/", {**query, **identity, "consent": "1"})
    assert answer.status_code == 302, answer.content.decode()
    return str(answer["Location"])


@SIMULATOR
def test_from_the_procedure_page_the_vneid_sign_in_lands_on_the_form(
    with_eform: ProcedureVersion, phu_tan: Unit
) -> None:
    client = Client()
    detail = client.get("/thu-tuc/1.001193/").content.decode()
    assert 'href="/cong-dan/nop-truc-tuyen/1.001193/"' in detail
    to_login = client.get("/cong-dan/nop-truc-tuyen/1.001193/")
    assert to_login.status_code == 302
    login_page = client.get(to_login["Location"]).content.decode()
    assert "/cong-dan/vneid/?next=/cong-dan/nop-truc-tuyen/1.001193/" in login_page
    start = client.get("/cong-dan/vneid/", {"next": "/cong-dan/nop-truc-tuyen/1.001193/"})
    province = phu_tan.province()
    assert province is not None
    address = {
        "address_province": province.code,
        "address_unit": phu_tan.code,
        "address": "Ấp Trung 3",
    }
    back = client.get(_consent(client, start["Location"], **HONG, **address))
    assert back["Location"] == "/cong-dan/nop-truc-tuyen/1.001193/"  # no page in between
    opened = client.get(back["Location"])
    draft = Draft.objects.get(citizen__personal_id="089190000777")
    assert opened["Location"] == f"/cong-dan/ho-so-nhap/{draft.pk}/"
    # opening it again resumes the same draft
    assert client.get(back["Location"])["Location"] == opened["Location"]
    assert Draft.objects.count() == 1

    profile = CitizenProfile.objects.get(personal_id="089190000777")
    assert profile.address_commune == phu_tan.admin_code
    assert profile.address == f"Ấp Trung 3, {phu_tan.name}, {province.name}"
    form = for_draft(draft, profile)
    assert form.suggested["requester_residence"] == {
        "province": province.code,
        "commune": phu_tan.code,
        "detail": "Ấp Trung 3",
        "text": profile.address,
    }
    page = client.get(opened["Location"]).content.decode()
    # the commune is selected twice: the applicant's contact address and the form's residence
    assert page.count(f'<option value="{phu_tan.code}" selected>') == 2
    assert '<input id="address" name="address" value="Ấp Trung 3">' in page
    assert "Điền sẵn nơi thường trú từ VNeID" in page


@SIMULATOR
@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/cong-dan/",
        "//evil.example/cong-dan/",
        "/cong-dan/\\\\evil.example",
        "/ho-so/",
        "/cong-dan/\r\nLocation: https://evil.example/",
    ],
)
def test_an_external_next_is_refused(reference: None, target: str) -> None:
    client = Client()
    start = client.get("/cong-dan/vneid/", {"next": target})
    back = client.get(_consent(client, start["Location"], **HONG))
    assert back["Location"] == "/cong-dan/"


@SIMULATOR
def test_the_simulator_refuses_an_address_without_its_units(reference: None, phu_tan: Unit) -> None:
    client = Client()
    location = client.get("/cong-dan/vneid/")["Location"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
    street_only = client.post(
        "/cong-dan/vneid-thu-nghiem/", {**query, **HONG, "address": "Ấp Trung 3", "consent": "1"}
    )
    assert street_only.status_code == 400
    other = Unit.objects.filter(kind="province").exclude(pk=phu_tan.province().pk).first()  # type: ignore[union-attr]
    assert other is not None
    wrong = client.post(
        "/cong-dan/vneid-thu-nghiem/",
        {
            **query,
            **HONG,
            "address": "Ấp Trung 3",
            "address_province": other.code,
            "address_unit": phu_tan.code,
            "consent": "1",
        },
    )
    assert wrong.status_code == 400
    assert "không thuộc tỉnh" in wrong.content.decode()
    assert not CitizenProfile.objects.exists()


def test_the_nationalities_are_every_iso_country_each_row_with_its_source() -> None:
    assert NATIONALITIES.options == tuple(country.name for country in COUNTRIES)
    codes = [country.code for country in COUNTRIES if country.code]
    assert len(codes) == len(set(codes)) == 249  # ISO 3166-1 alpha-2, every entry
    assert all(len(code) == 2 and code.isupper() for code in codes)
    assert len(set(NATIONALITIES.options)) == len(NATIONALITIES.options)
    assert COUNTRIES[0] == Country("VN", "Việt Nam")
    assert COUNTRIES[-1].name == "Không quốc tịch"
    assert "Quốc tịch" in COUNTRIES[-1].source
    for name in ("Lào", "Campuchia", "Trung Quốc", "Hàn Quốc", "Nhật Bản", "Hoa Kỳ", "Pháp"):
        assert name in NATIONALITIES.options
    assert all(country.source for country in COUNTRIES)
    assert all(country.assumed for country in COUNTRIES if country.source == ISO_CLDR)
    assert "TCVN 7217-1" in NATIONALITIES.source
    assert NATIONALITIES.assumed  # the Vietnamese names are CLDR's, not an official list


def test_the_adapter_keeps_the_codes_only_for_a_commune_in_force_in_that_province(
    reference: None, phu_tan: Unit
) -> None:
    province = phu_tan.province()
    assert province is not None
    claim = {
        "formatted": f"Ấp Trung 3, {phu_tan.name}, {province.name}",
        "street_address": "Ấp Trung 3",
        "commune_code": phu_tan.admin_code,
        "province_code": province.admin_code,
    }
    assert address_of(claim) == (claim["formatted"], phu_tan.admin_code, "Ấp Trung 3")
    assert address_of({**claim, "province_code": "99"}) == (claim["formatted"], "", "")
    assert address_of({**claim, "commune_code": "00000"}) == (claim["formatted"], "", "")
    assert address_of("Ấp Trung 3") == ("Ấp Trung 3", "", "")

    with_units = VneidIdentity(
        address=claim["formatted"], address_commune=phu_tan.admin_code, address_street="Ấp 3"
    )
    profile = verified_by_vneid(HONG["personal_id"], full_name="Lê Thị Hồng", identity=with_units)
    assert profile.address_commune == phu_tan.admin_code
    moved = VneidIdentity(address="Số 5 đường Lê Lợi, nơi khác")  # a new address without units
    profile = verified_by_vneid(HONG["personal_id"], full_name="Lê Thị Hồng", identity=moved)
    profile.refresh_from_db()
    assert (profile.address_commune, profile.address_street) == ("", "")
    assert identity_address(profile) == {
        "province": "",
        "commune": "",
        "detail": "Số 5 đường Lê Lợi, nơi khác",
        "text": "Số 5 đường Lê Lợi, nơi khác",
    }


def test_a_used_version_takes_remember_keys_but_no_other_change(
    with_eform: ProcedureVersion, vneid_citizen: CitizenProfile, phu_tan: Unit
) -> None:
    forgetful = _unremembered(birth_definition())
    with_eform.eform = forgetful
    with_eform.save()
    client = Client()
    client.force_login(vneid_citizen.user)
    _earlier_dossier(client, vneid_citizen, phu_tan)  # the version is in use
    data = catalog()
    birth = data["procedures"][0]  # as the `reference` fixture loaded it
    first = birth["components"][0]
    birth["components"] = [
        {**first, "name": "Tờ khai đăng ký khai sinh theo mẫu"},
        {**first, "name": "Giấy chứng sinh", "reusable": True},
        {**first, "name": "Giấy tờ tùy thân", "copy_kind": "presented", "reusable": True},
    ]
    birth["eform"] = birth_definition()
    load_catalog(data)
    with_eform.refresh_from_db()
    assert with_eform.eform == birth_definition()  # the remember keys reached the used version
    changed = birth_definition()
    changed["sections"][2]["fields"][0]["label"] = "Họ và tên mẹ"
    data["procedures"][0]["eform"] = changed
    with pytest.raises(CatalogError, match="đã được dùng cho hồ sơ"):
        load_catalog(data)
