"""Online submission: drafts, reuse from the data store, idempotent submit, own dossiers only."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.citizens.identity import verify_at_desk
from motcua.citizens.models import CitizenDocument, CitizenProfile, Draft, Submission
from motcua.citizens.services import (
    CitizenError,
    add_to_data_store,
    checked,
    register_organisation,
    save_draft,
    start_draft,
    store_result_for_citizen,
)
from motcua.citizens.submission import submit_draft
from motcua.dossiers import processing
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import accept_dossier, request_intake_supplement
from motcua.notifications.models import Kind, Notification
from motcua.units.models import Unit
from tests.citizens.conftest import PDF, PNG, stream, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(citizen: CitizenProfile) -> Client:
    client = Client()
    client.force_login(citizen.user)
    return client


@pytest.fixture
def birth_certificate(citizen: CitizenProfile) -> CitizenDocument:
    return add_to_data_store(
        citizen, title="Giấy chứng sinh", file=checked("giay-chung-sinh.png", stream(PNG))
    )


def _draft_with_files(
    client: Client, citizen: CitizenProfile, unit: Unit, reuse: CitizenDocument
) -> Draft:
    client.post("/cong-dan/ho-so-nhap/tao/", {"code": "1.001193"})
    draft = Draft.objects.get(citizen=citizen)
    form, certificate, _presented = list(draft.procedure_version.components.all())
    response = client.post(
        f"/cong-dan/ho-so-nhap/{draft.pk}/",
        {
            "action": "save",
            "unit": unit.pk,
            "result_delivery": "electronic",
            "note": "Xin cấp thêm 2 bản sao Giấy khai sinh.",
            f"file-{form.pk}": upload("to-khai-khai-sinh.pdf", PDF),
            f"reuse-{certificate.pk}": reuse.pk,
        },
        follow=True,
    )
    assert "Đã lưu hồ sơ nháp" in response.content.decode()
    return draft


def test_a_procedure_without_online_service_cannot_be_started(citizen: CitizenProfile) -> None:
    with pytest.raises(CitizenError, match="chưa cung cấp dịch vụ công trực tuyến"):
        start_draft(citizen, "9.999999")
    assert not Draft.objects.exists()


def test_the_online_list_shows_only_online_procedures(client: Client) -> None:
    page = client.get("/cong-dan/nop-truc-tuyen/").content.decode()
    assert "Thủ tục đăng ký khai sinh" in page
    assert "chỉ cung cấp thông tin" not in page


def test_the_online_list_finds_by_words_shows_the_fee_and_time_limit_and_the_catalogue_links_to_it(
    client: Client,
) -> None:
    page = client.get("/cong-dan/nop-truc-tuyen/", {"q": "dang ky khai sinh"}).content.decode()
    assert "Thủ tục đăng ký khai sinh" in page
    assert "Thủ tục đăng ký kết hôn" not in page
    assert "Thời hạn giải quyết:" in page
    assert "Phí, lệ phí: Lệ phí đăng ký khai sinh — miễn phí" in page
    detail = client.get("/thu-tuc/1.001193/").content.decode()
    assert 'href="/cong-dan/nop-truc-tuyen/1.001193/">Nộp hồ sơ trực tuyến</a>' in detail
    offline = client.get("/thu-tuc/9.999999/").content.decode()
    assert "Nộp hồ sơ trực tuyến" not in offline


def test_a_draft_is_saved_and_comes_back(
    client: Client, citizen: CitizenProfile, phu_tan: Unit, birth_certificate: CitizenDocument
) -> None:
    draft = _draft_with_files(client, citizen, phu_tan, birth_certificate)
    page = client.get(f"/cong-dan/ho-so-nhap/{draft.pk}/").content.decode()
    assert "Đã tải lên" in page
    assert "Dùng lại từ kho dữ liệu" in page
    assert not Dossier.objects.exists()  # a draft is not a dossier
    # The upload is not in the data store until the dossier is submitted.
    assert list(CitizenDocument.objects.filter(in_store=True)) == [birth_certificate]


def test_submit_makes_one_online_dossier_with_reuse_and_digitised_flags(
    client: Client,
    citizen: CitizenProfile,
    phu_tan: Unit,
    birth_certificate: CitizenDocument,
    officer: User,
) -> None:
    draft = _draft_with_files(client, citizen, phu_tan, birth_certificate)
    response = client.post(
        f"/cong-dan/ho-so-nhap/{draft.pk}/",
        {"action": "submit", "unit": phu_tan.pk, "note": "Xin cấp thêm 2 bản sao Giấy khai sinh."},
    )
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/cong-dan/ho-so/{dossier.pk}/"
    assert dossier.channel == "online"
    assert dossier.status == "received"
    assert dossier.online_level == "full"
    assert dossier.result_delivery == "electronic"
    assert dossier.applicant_id_number == "089190000123"
    assert dossier.has_reused_data
    assert dossier.has_digitised_components
    components = {c.name: c for c in dossier.components.all()}
    assert components["Giấy chứng sinh"].reused
    assert not components["Giấy chứng sinh"].digitised
    form = components["Tờ khai đăng ký khai sinh theo mẫu"]
    assert form.digitised
    assert not form.reused
    assert form.citizen_file.document.content_type == "application/pdf"
    assert Submission.objects.get().citizen == citizen
    # The officer reads what the citizen wrote for them.
    staff = Client()
    staff.force_login(officer)
    page = staff.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "Yêu cầu, ghi chú của người nộp" in page
    assert "Xin cấp thêm 2 bản sao Giấy khai sinh." in page
    # The uploaded form is now in the citizen's data store for later dossiers.
    assert CitizenDocument.objects.filter(in_store=True).count() == 2


def test_submitting_twice_gives_the_same_dossier(
    client: Client, citizen: CitizenProfile, phu_tan: Unit, birth_certificate: CitizenDocument
) -> None:
    draft = _draft_with_files(client, citizen, phu_tan, birth_certificate)
    first = submit_draft(draft)
    second = submit_draft(draft)
    again = client.post(f"/cong-dan/ho-so-nhap/{draft.pk}/", {"action": "submit"})
    assert first == second
    assert Dossier.objects.count() == 1
    assert Submission.objects.count() == 1
    assert again["Location"] == f"/cong-dan/ho-so/{first.pk}/"
    with pytest.raises(CitizenError, match="đã được nộp"):
        save_draft(draft, data={}, unit=phu_tan, uploads={}, reuse={})


def test_a_draft_without_files_or_place_is_not_submitted(
    citizen: CitizenProfile, phu_tan: Unit
) -> None:
    draft = start_draft(citizen, "1.001193")
    with pytest.raises(CitizenError, match="nơi nộp"):
        submit_draft(draft)
    draft = save_draft(draft, data={}, unit=phu_tan, uploads={}, reuse={})
    with pytest.raises(CitizenError, match="chưa có giấy tờ"):
        submit_draft(draft)
    assert not Dossier.objects.exists()


def test_another_citizens_document_cannot_be_reused(
    citizen: CitizenProfile, other_citizen: CitizenProfile, phu_tan: Unit
) -> None:
    theirs = add_to_data_store(
        other_citizen, title="Của người khác", file=checked("a.pdf", stream(PDF))
    )
    draft = start_draft(citizen, "1.001193")
    component = draft.procedure_version.components.first()
    assert component is not None
    with pytest.raises(CitizenError, match="không còn trong kho"):
        save_draft(draft, data={}, unit=phu_tan, uploads={}, reuse={component.pk: theirs.pk})
    assert not draft.items.exists()


def test_an_organisation_submits_through_its_representative(
    citizen: CitizenProfile, phu_tan: Unit, officer: User
) -> None:
    verify_at_desk(citizen, officer=officer, papers="Thẻ căn cước 089190000123")
    organisation = register_organisation(citizen, name="HTX Phú Mỹ", tax_code="1601234567")
    draft = start_draft(citizen, "1.001193", organisation=organisation)
    component = draft.procedure_version.components.first()
    assert component is not None
    file = checked("don.pdf", stream(PDF))
    draft = save_draft(draft, data={}, unit=phu_tan, uploads={component.pk: file}, reuse={})
    dossier = submit_draft(draft)
    assert dossier.applicant_kind == "organisation"
    assert dossier.applicant_id_number == "1601234567"
    assert dossier.representative_id_number == citizen.personal_id
    assert Submission.objects.get().organisation == organisation


def test_my_dossiers_follow_the_officers_acts(
    client: Client,
    citizen: CitizenProfile,
    phu_tan: Unit,
    birth_certificate: CitizenDocument,
    officer: User,
) -> None:
    dossier = submit_draft(_draft_with_files(client, citizen, phu_tan, birth_certificate))
    page = client.get("/cong-dan/ho-so/").content.decode()
    assert "Thủ tục đăng ký khai sinh" in page
    assert "Mới tiếp nhận, đang kiểm tra" in page
    request_intake_supplement(
        dossier, actor=officer, missing=["Bản chụp giấy chứng sinh rõ nét"], reason="Ảnh mờ"
    )
    page = client.get(f"/cong-dan/ho-so/{dossier.pk}/").content.decode()
    assert "Bản chụp giấy chứng sinh rõ nét" in page
    assert "Ảnh mờ" in page
    assert "Yêu cầu bổ sung khi tiếp nhận" in page
    listing = client.get("/cong-dan/ho-so/").content.decode()
    assert "Bản chụp giấy chứng sinh rõ nét" in listing


def test_an_officer_accepts_and_the_citizen_sees_the_code_and_due_date(
    client: Client,
    citizen: CitizenProfile,
    phu_tan: Unit,
    birth_certificate: CitizenDocument,
    officer: User,
) -> None:
    dossier = submit_draft(_draft_with_files(client, citizen, phu_tan, birth_certificate))
    accepted = accept_dossier(dossier, actor=officer)
    assert accepted.code
    assert accepted.due_at
    page = client.get("/cong-dan/ho-so/").content.decode()
    assert accepted.code in page
    assert "Đã tiếp nhận" in page
    assert timezone.localtime(accepted.due_at).strftime("%d/%m/%Y") in page
    # The officer opens the citizen's files from the dossier page; another citizen cannot.
    desk = Client()
    desk.force_login(officer)
    assert "xem tệp công dân nộp" in desk.get(f"/ho-so/{dossier.pk}/").content.decode()
    form = dossier.components.get(reused=False)
    assert desk.get(f"/cong-dan/can-bo/thanh-phan/{form.pk}/").content == PDF
    assert client.get(f"/cong-dan/can-bo/thanh-phan/{form.pk}/").status_code == 404
    # The receipt issued by the act is the citizen's to read.
    document = accepted.documents.get()
    response = client.get(f"/cong-dan/ho-so/{dossier.pk}/van-ban/{document.pk}/")
    assert response.content.startswith(b"%PDF")
    # Handed over for appraisal: the citizen sees the step and the agency holding it.
    specialist = create_or_update_staff(
        username="chuyenvien", full_name="Trần Văn Bình", role=Role.SPECIALIST, unit=phu_tan
    )
    processing.hand_over(accepted, actor=officer, to_user=specialist, step_order=2)
    page = client.get("/cong-dan/ho-so/").content.decode()
    assert "Thẩm định — Xã Phú Tân" in page
    assert "Đang giải quyết" in page
    # What was sent to the citizen is on the dossier's page; the staff's own alerts are not.
    sent = Notification.objects.filter(dossier=dossier)
    assert sent.filter(kind=Kind.ACCEPTED).exists()
    Notification.objects.create(
        kind=Kind.STAFF_ALERT,
        channel="email",
        address="canbo@phutan.example.vn",
        subject="Cảnh báo: hồ sơ sắp đến hạn xử lý",
        body="Hồ sơ của cán bộ.",
        dossier=dossier,
        dedupe_key="test-staff-alert",
    )
    page = client.get(f"/cong-dan/ho-so/{dossier.pk}/").content.decode()
    assert "Thông báo đã gửi cho bạn" in page
    assert sent.get(kind=Kind.ACCEPTED, channel="email").subject in page
    assert "Cảnh báo: hồ sơ sắp đến hạn xử lý" not in page


def test_another_citizens_dossier_is_not_found_and_the_attempt_is_logged(
    client: Client,
    citizen: CitizenProfile,
    other_citizen: CitizenProfile,
    phu_tan: Unit,
    birth_certificate: CitizenDocument,
    caplog: pytest.LogCaptureFixture,
) -> None:
    dossier = submit_draft(_draft_with_files(client, citizen, phu_tan, birth_certificate))
    draft = Draft.objects.get()
    intruder = Client()
    intruder.force_login(other_citizen.user)
    with caplog.at_level(logging.WARNING, logger="motcua.citizens.access"):
        assert intruder.get(f"/cong-dan/ho-so/{dossier.pk}/").status_code == 404
        assert intruder.get(f"/cong-dan/ho-so-nhap/{draft.pk}/").status_code == 404
        assert intruder.get(f"/cong-dan/kho-du-lieu/{birth_certificate.pk}/").status_code == 404
    assert f"asked for dossier {dossier.pk}" in caplog.text
    assert "Thủ tục đăng ký khai sinh" not in intruder.get("/cong-dan/ho-so/").content.decode()


def test_a_result_goes_into_the_citizens_data_store_once(
    client: Client, citizen: CitizenProfile, phu_tan: Unit, birth_certificate: CitizenDocument
) -> None:
    dossier = submit_draft(_draft_with_files(client, citizen, phu_tan, birth_certificate))
    first = store_result_for_citizen(dossier, stream(PDF, "trich-luc.pdf"), "Giấy khai sinh")
    again = store_result_for_citizen(dossier, stream(PDF, "trich-luc.pdf"), "Giấy khai sinh")
    assert first is not None
    assert first == again
    assert first.source == "result"
    assert first.in_store
    assert first.dossier == dossier
    assert "Giấy khai sinh" in client.get("/cong-dan/kho-du-lieu/").content.decode()


def test_the_json_api_lists_only_the_citizens_own_dossiers(
    client: Client,
    citizen: CitizenProfile,
    other_citizen: CitizenProfile,
    phu_tan: Unit,
    birth_certificate: CitizenDocument,
    officer: User,
) -> None:
    dossier = submit_draft(_draft_with_files(client, citizen, phu_tan, birth_certificate))
    request_intake_supplement(dossier, actor=officer, missing=["Tờ khai có chữ ký"], reason="")
    rows = client.get("/api/v1/citizens/ho-so").json()
    assert [row["id"] for row in rows] == [dossier.pk]
    assert rows[0]["status_label"] == "Yêu cầu bổ sung khi tiếp nhận"
    assert rows[0]["supplements"][0]["missing"] == ["Tờ khai có chữ ký"]
    assert client.get(f"/api/v1/citizens/ho-so/{dossier.pk}").json()["procedure_code"] == "1.001193"
    intruder = Client()
    intruder.force_login(other_citizen.user)
    assert intruder.get("/api/v1/citizens/ho-so").json() == []
    assert intruder.get(f"/api/v1/citizens/ho-so/{dossier.pk}").status_code == 404
    desk = Client()
    desk.force_login(officer)
    assert desk.get("/api/v1/citizens/ho-so").status_code == 403
