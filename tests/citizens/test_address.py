"""The e-form's address: province and commune from the list in force on the day."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.citizens.models import CitizenProfile, Draft
from motcua.citizens.services import add_to_data_store, checked
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit
from tests.citizens.conftest import PDF, PNG, stream, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(citizen: CitizenProfile) -> Client:
    client = Client()
    client.force_login(citizen.user)
    return client


def _draft(client: Client, citizen: CitizenProfile) -> Draft:
    client.post("/cong-dan/ho-so-nhap/tao/", {"code": "1.001193"})
    return Draft.objects.get(citizen=citizen)


def test_the_e_form_offers_today_s_provinces_and_communes(
    client: Client, citizen: CitizenProfile, phu_tan: Unit
) -> None:
    draft = _draft(client, citizen)
    page = client.get(f"/cong-dan/ho-so-nhap/{draft.pk}/").content.decode()
    assert '<option value="91-2025">Tỉnh An Giang</option>' in page
    assert 'value="89"' not in page  # tỉnh An Giang before 01/07/2025
    options = client.get(
        "/cong-dan/dia-ban/xa-phuong/", {"address_province": "91-2025"}
    ).content.decode()
    assert '<option value="30406-2025">Xã Phú Tân</option>' in options
    assert "Thị trấn Phú Mỹ" not in options


def test_the_picked_commune_goes_with_the_submitted_dossier(
    client: Client, citizen: CitizenProfile, phu_tan: Unit
) -> None:
    certificate_doc = add_to_data_store(
        citizen, title="Giấy chứng sinh", file=checked("giay-chung-sinh.png", stream(PNG))
    )
    draft = _draft(client, citizen)
    form, certificate, _presented = list(draft.procedure_version.components.all())
    fields = {
        "unit": phu_tan.pk,
        "address": "Ấp Trung 3",
        "address_province": "91-2025",
        "address_unit": "30406-2025",
        "result_delivery": "electronic",
    }
    client.post(
        f"/cong-dan/ho-so-nhap/{draft.pk}/",
        {
            "action": "save",
            **fields,
            f"file-{form.pk}": upload("to-khai.pdf", PDF),
            f"reuse-{certificate.pk}": certificate_doc.pk,
        },
    )
    page = client.get(f"/cong-dan/ho-so-nhap/{draft.pk}/").content.decode()
    assert '<option value="30406-2025" selected>Xã Phú Tân</option>' in page
    client.post(f"/cong-dan/ho-so-nhap/{draft.pk}/", {"action": "submit", **fields})
    dossier = Dossier.objects.get()
    assert dossier.applicant_address_unit == phu_tan
    assert dossier.applicant_address == "Ấp Trung 3"


@pytest.mark.parametrize(
    ("province", "commune", "message"),
    [
        ("", "30406", "không có trong danh mục đơn vị hành chính đang có hiệu lực ngày 02/03/2026"),
        ("89", "30406-2025", "không thuộc tỉnh, thành phố đã chọn"),
    ],
)
def test_a_commune_not_on_today_s_list_is_refused_and_the_draft_unchanged(
    client: Client, citizen: CitizenProfile, province: str, commune: str, message: str
) -> None:
    draft = _draft(client, citizen)
    response = client.post(
        f"/cong-dan/ho-so-nhap/{draft.pk}/",
        {"action": "save", "address_province": province, "address_unit": commune},
        follow=True,
    )
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert not draft.data.get("address_unit")


def test_the_commune_list_needs_a_signed_in_citizen(reference: None) -> None:
    response = Client().get("/cong-dan/dia-ban/xa-phuong/", {"address_province": "91-2025"})
    assert response.status_code == 302
