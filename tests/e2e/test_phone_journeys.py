"""On a 390×844 phone, one journey per procedure with an e-form: from the home page, search
(typed without diacritics), open the procedure, submit online with the e-form pre-filled after
a VNeID sign-in (simulator), answer the desk's supplement request online, pay the fee in the
sandbox gateway, receive the signed electronic result in "Hồ sơ của tôi", verify it on the
public page and rate the service. The officer reads the e-form as a table and prints the
declaration in a desktop browser; the later officer steps run through the services their own
pages call (those pages have their own browser tests)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Browser, Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer
from weasyprint import HTML

from motcua.accounts.demo import DEMO_PASSWORD, create_demo_staff
from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.bundles.models import AgencyLink
from motcua.bundles.services import complete_step
from motcua.catalog.loader import read_reference
from motcua.catalog.models import Fee
from motcua.catalog.services import load_catalog
from motcua.citizens.models import Submission
from motcua.citizens.services import online_version
from motcua.config import VneidConfig
from motcua.dossiers import processing
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import hand_over, return_result
from motcua.dossiers.services import accept_dossier, request_intake_supplement
from motcua.eforms.models import FormData
from motcua.feedback.models import Rating
from motcua.payments.models import Payment
from motcua.payments.services import FeeQuantity, assess_fees
from motcua.results.services import certify_electronic_copy, issue_electronic_result
from motcua.results.testca import make_test_ca
from motcua.results.verification import verify_document
from motcua.units.models import Unit
from motcua.units.services import UnitSpec, add_unit, load_reference_units
from tests.e2e.conftest import login, screenshot
from tests.e2e.eform_fill import fill_birth_eform, pick_address
from tests.e2e.journey_steps import (
    VneidPerson,
    fits_the_phone,
    off_the_loop,
    pay_in_sandbox,
    pdf_text,
    rate_the_service,
    verify_on_public_page,
    vneid_consent,
)
from tests.results.test_certification import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PHU_TAN = "30406-2025"
PERSON = VneidPerson(
    personal_id="089190000777",
    name="Lê Thị Hồng",
    born="04/05/1990",
    sex="female",
    residence="Ấp Trung 3",
    phone="0912345670",
    commune=PHU_TAN,
)


def _birth(page: Page, commune: Unit) -> None:
    fill_birth_eform(
        page, commune, born=dt.date.today() - dt.timedelta(days=12), child="Lê Minh An"
    )


def _death(page: Page, commune: Unit) -> None:
    died = dt.date.today() - dt.timedelta(days=3)
    page.locator("[name=ef-requester_relationship]").select_option("Con")
    page.locator("[name=ef-deceased_name]").fill("Lê Văn Tư")
    page.locator("[name=ef-deceased_birth_date]").fill("10/02/1940")
    page.locator("[name=ef-deceased_sex]").select_option("Nam")
    page.locator("[name=ef-deceased_ethnicity]").select_option("Kinh")
    page.locator("[name=ef-deceased_nationality]").select_option("Việt Nam")
    pick_address(page, "deceased_residence", commune, "Ấp Trung 3")
    page.locator("[name=ef-death_date]").fill(died.strftime("%d/%m/%Y"))
    pick_address(page, "death_place", commune, "Ấp Trung 3")
    page.locator("[name=ef-death_cause]").fill("Bệnh già")
    page.locator("[name=ef-death_notice]").fill("Giấy báo tử số 12, Trạm y tế xã Phú Tân cấp")


def _spouse(page: Page, commune: Unit, who: str, name: str, born: str, personal_id: str) -> None:
    page.locator(f"[name=ef-{who}_name]").fill(name)
    page.locator(f"[name=ef-{who}_birth_date]").fill(born)
    page.locator(f"[name=ef-{who}_ethnicity]").select_option("Kinh")
    page.locator(f"[name=ef-{who}_nationality]").select_option("Việt Nam")
    pick_address(page, f"{who}_residence", commune, "Ấp Trung 3")
    page.locator(f"[name=ef-{who}_id]").fill(personal_id)
    page.locator(f"[name=ef-{who}_marriage_count]").fill("1")


def _marriage(page: Page, commune: Unit) -> None:
    _spouse(page, commune, "bride", "Lê Thị Hồng", "04/05/1990", PERSON.personal_id)
    _spouse(page, commune, "groom", "Trần Văn Tâm", "12/08/1988", "089088000555")


def _marital_status(page: Page, commune: Unit) -> None:
    page.locator("[name=ef-requester_relationship]").select_option("Bản thân")
    for field in ("subject_ethnicity", "subject_nationality"):
        page.locator(f"[name=ef-{field}]").select_option("Kinh" if "eth" in field else "Việt Nam")
    page.locator("[name=ef-marital_status]").select_option("Chưa đăng ký kết hôn với ai")
    page.locator("[name=ef-purpose]").fill("Để đăng ký kết hôn")
    page.locator("[name=ef-copies]").fill("1")


@dataclass(frozen=True)
class CivilStatus:
    code: str
    typed: str  # what the citizen types in the search box, without diacritics
    name: str
    fill: Callable[[Page, Unit], None]
    field_value: str  # a value the citizen typed, read back on the officer's table and the PDF
    result: str
    fee: bool  # one copy of the extract at 8.000 đồng (the catalogue's per-copy fee)


CIVIL_STATUS = [
    CivilStatus(
        "1.001193",
        "dang ky khai sinh",
        "Thủ tục đăng ký khai sinh",
        _birth,
        "Lê Minh An",
        "Giấy khai sinh",
        fee=True,
    ),
    CivilStatus(
        "1.000656",
        "dang ky khai tu",
        "Thủ tục đăng ký khai tử",
        _death,
        "Lê Văn Tư",
        "Trích lục khai tử",
        fee=True,
    ),
    CivilStatus(
        "1.000894",
        "dang ky ket hon",
        "Thủ tục đăng ký kết hôn",
        _marriage,
        "Trần Văn Tâm",
        "Giấy chứng nhận kết hôn",
        fee=True,
    ),
    CivilStatus(
        "1.004873",
        "xac nhan tinh trang hon nhan",
        "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
        _marital_status,
        "Để đăng ký kết hôn",
        "Giấy xác nhận tình trạng hôn nhân",
        fee=False,
    ),
]


def _world(settings: Settings, tmp_path: Path) -> Unit:
    settings.MOTCUA_VNEID = VneidConfig(mode="simulator")
    load_reference_units()
    load_catalog(read_reference())
    create_demo_staff()
    make_test_ca(PHU_TAN, "Xã Phú Tân", tmp_path)
    settings.SIGNING_DIR = tmp_path
    settings.SIGNING_TRUST_ROOTS = tmp_path / "trust-roots.pem"
    settings.SIGNING_PASSWORD = ""
    return Unit.objects.get(code=PHU_TAN)


def _procedure_name(code: str) -> str:
    return str(online_version(code).name)


def _find_and_open(page: Page, typed: str, name: str, code: str) -> None:
    """Home → search without diacritics → the procedure → "Nộp trực tuyến" → VNeID → e-form."""
    page.goto("/")
    page.get_by_role("link", name="Tra cứu thủ tục hành chính").click()
    page.get_by_label("Tìm thủ tục").fill(typed)
    link = page.locator("#results").get_by_role("link", name=name, exact=True)
    expect(link).to_be_visible()
    href = link.get_attribute("href")  # a late search-as-you-type swap may replace the link
    assert href is not None
    page.goto(href)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert f"/thu-tuc/{code}/" in page.url
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    vneid_consent(page, PERSON)
    # straight back on the procedure's form: no list, no second tap
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert re.search(r"/cong-dan/ho-so-nhap/\d+/$", page.url), page.url


def _assert_prefilled(page: Page) -> None:
    requester = page.locator("fieldset", has_text="Người yêu cầu").first
    expect(requester.get_by_text(PERSON.name).first).to_be_visible()
    expect(requester.get_by_text(PERSON.born).first).to_be_visible()
    expect(requester.get_by_text("Từ VNeID").first).to_be_visible()
    assert page.locator("[name=ef-requester_name]").count() == 0  # confirmed, never retyped
    # VNeID's address as units: the province and commune selects are set, the street filled
    expect(page.locator("[name=ef-requester_residence-commune]")).to_have_value(PHU_TAN)
    expect(page.locator("[name=ef-requester_residence]")).to_have_value(PERSON.residence)
    fits_the_phone(page)


def _submit(page: Page) -> Dossier:
    page.get_by_label("Nơi nộp hồ sơ").select_option(label="Xã Phú Tân")
    page.locator("input[type=file]").first.set_input_files(
        {"name": "giay-to.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_text("Đã nộp hồ sơ trực tuyến")).to_be_visible()
    return Submission.objects.get().dossier


def _officer_reads_and_prints(
    browser: Browser, live_server: LiveServer, dossier: Dossier, value: str, slug: str
) -> None:
    desk = browser.new_context(locale="vi-VN", base_url=live_server.url).new_page()
    login(desk, "tiepnhan", DEMO_PASSWORD)
    desk.goto(f"/ho-so/{dossier.pk}/")
    section = desk.locator("#to-khai")
    expect(section.get_by_role("heading", name="Tờ khai điện tử")).to_be_visible()
    expect(section.get_by_text(value).first).to_be_visible()
    section.scroll_into_view_if_needed()
    screenshot(desk, f"phone-{slug}-officer-table")
    href = section.get_by_role("link", name="In tờ khai").get_attribute("href")
    assert href is not None
    response = desk.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    assert value in pdf_text(response.body())
    desk.context.close()


def _answer_supplement(page: Page, dossier: Dossier) -> None:
    desk = User.objects.get(username="tiepnhan")
    request_intake_supplement(
        dossier, actor=desk, missing=["Bản sao giấy tờ tùy thân"], reason="Thiếu giấy tờ"
    )
    page.get_by_role("link", name="Hồ sơ của tôi").first.click()
    page.goto(f"/cong-dan/ho-so/{dossier.pk}/")
    supplements = page.locator(".supplements")
    expect(supplements).to_contain_text("Bản sao giấy tờ tùy thân")
    supplements.locator("#file-0").set_input_files(
        {"name": "can-cuoc.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    supplements.get_by_role("button", name="Nộp bổ sung").click()
    expect(page.locator(".messages")).to_contain_text("bổ sung")


def _receive_result(page: Page, dossier: Dossier, slug: str) -> bytes:
    page.goto("/cong-dan/ho-so/")
    page.get_by_role(
        "link", name=re.compile(re.escape(dossier.procedure_version.name))
    ).first.click()
    expect(page.locator(".status")).to_have_text(re.compile("trả kết quả", re.IGNORECASE))
    fits_the_phone(page)
    screenshot(page, f"phone-{slug}-result")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Tải ")).first.click()
    return Path(download_info.value.path()).read_bytes()


def _issue_and_return(dossier: Dossier, title: str, value: str) -> None:
    desk, leader = User.objects.get(username="tiepnhan"), User.objects.get(username="lanhdao")
    step = dossier.procedure_version.steps.filter(performer="leader").first()
    hand_over(dossier, actor=desk, to_user=leader, step_order=step.order if step else None)
    dossier.refresh_from_db()
    off_the_loop(
        issue_electronic_result,
        dossier,
        actor=leader,
        title=title,
        number="15/2026",
        # a civil-status result comes from the civil-status software: its file is the result
        source_pdf=HTML(string=f"<h1>{title.upper()}</h1><p>{value}</p>").write_pdf(),
    )
    dossier.refresh_from_db()
    return_result(dossier, actor=desk, method="electronic")


@pytest.mark.parametrize("case", CIVIL_STATUS, ids=[c.code for c in CIVIL_STATUS])
def test_a_civil_status_procedure_from_search_to_rating_on_a_phone(
    case: CivilStatus,
    phone_page: Page,
    browser: Browser,
    live_server: LiveServer,
    settings: Settings,
    tmp_path: Path,
) -> None:
    commune = _world(settings, tmp_path)
    slug = case.code.replace(".", "-")
    page = phone_page
    _find_and_open(page, case.typed, case.name, case.code)
    _assert_prefilled(page)
    screenshot(page, f"phone-{slug}-eform")
    case.fill(page, commune)
    dossier = _submit(page)
    expect(page.locator(".facts")).to_contain_text(str(dossier.code))  # shown at once
    assert case.field_value in FormData.objects.get(dossier=dossier).values.values()

    _officer_reads_and_prints(browser, live_server, dossier, case.field_value, slug)
    _answer_supplement(page, dossier)
    dossier.refresh_from_db()
    dossier = accept_dossier(dossier, actor=User.objects.get(username="tiepnhan"))
    if case.fee:
        copies = Fee.objects.get(version=dossier.procedure_version, rule="per_unit")
        assess_fees(
            dossier, [FeeQuantity(copies.pk, units=1)], actor=User.objects.get(username="tiepnhan")
        )
        page.goto(f"/cong-dan/ho-so/{dossier.pk}/")
        pay_in_sandbox(page, "8.000")
        assert Payment.objects.get(dossier=dossier).status == "paid"
    _issue_and_return(dossier, case.result, case.field_value)

    signed = _receive_result(page, dossier, slug)
    assert off_the_loop(verify_document, signed).genuine
    verify_on_public_page(page, signed)
    rate_the_service(page, f"/cong-dan/ho-so/{dossier.pk}/", PERSON.phone[-4:])
    assert Rating.objects.get(dossier=dossier).satisfied


def _certified_copy(page: Page, commune: Unit) -> None:
    page.locator("[name=ef-document_name]").fill("Bằng tốt nghiệp trung học phổ thông")
    page.locator("[name=ef-document_issuer]").fill("Sở Giáo dục và Đào tạo tỉnh An Giang")
    page.locator("[name=ef-document_issued_on]").fill("15/07/2008")
    page.locator("[name=ef-document_pages]").fill("2")
    page.locator("[name=ef-certified_copies]").fill("1")
    page.locator("[name=ef-electronic_copy]").select_option("Có")


def test_a_certified_electronic_copy_from_search_to_rating_on_a_phone(
    phone_page: Page,
    browser: Browser,
    live_server: LiveServer,
    settings: Settings,
    tmp_path: Path,
) -> None:
    commune = _world(settings, tmp_path)
    page = phone_page
    _find_and_open(page, "chung thuc ban sao tu ban chinh", _procedure_name("2.000815"), "2.000815")
    _assert_prefilled(page)
    screenshot(page, "phone-2-000815-eform")
    _certified_copy(page, commune)
    dossier = _submit(page)
    expect(page.locator(".facts")).to_contain_text(str(dossier.code))
    document = "Bằng tốt nghiệp trung học phổ thông"
    _officer_reads_and_prints(browser, live_server, dossier, document, "2-000815")
    _answer_supplement(page, dossier)
    dossier.refresh_from_db()
    desk, leader = User.objects.get(username="tiepnhan"), User.objects.get(username="lanhdao")
    dossier = accept_dossier(dossier, actor=desk)
    hand_over(dossier, actor=desk, to_user=leader, step_order=None)
    dossier.refresh_from_db()
    # the leader signs the copy of the scan the desk compared with the original; the fee of its
    # two pages is assessed, to be paid online before the copy can be downloaded
    copy = off_the_loop(
        certify_electronic_copy,
        dossier,
        actor=leader,
        scan=PNG,
        document_name=document,
        pages=2,
        compared_with_original=True,
    )
    page.goto(f"/cong-dan/ho-so/{dossier.pk}/")
    expect(page.get_by_text("tải về được sau khi thanh toán")).to_be_visible()
    payment = Payment.objects.get(dossier=dossier)
    pay_in_sandbox(page, f"{payment.amount:,}".replace(",", "."))
    dossier.refresh_from_db()
    with copy.file.open("rb") as stored:
        signed_copy = stored.read()
    processing.approve(
        dossier,
        actor=leader,
        result=SimpleUploadedFile("ban-sao.pdf", signed_copy, "application/pdf"),
        electronic_certified_copy=True,
    )
    dossier.refresh_from_db()
    return_result(dossier, actor=desk, method="electronic")

    signed = _receive_result(page, dossier, "2-000815")
    assert off_the_loop(verify_document, signed).genuine
    verify_on_public_page(page, signed)
    rate_the_service(page, f"/cong-dan/ho-so/{dossier.pk}/", PERSON.phone[-4:])
    assert Rating.objects.get(dossier=dossier).satisfied


def _bundle_eform(page: Page, commune: Unit) -> None:
    fill_birth_eform(page, commune, born=dt.date.today() - dt.timedelta(days=9), child="Lê Gia Bảo")
    pick_address(page, "residence_address", commune, "Ấp Trung 3")
    page.locator("[name=ef-household_head_name]").fill("Lê Thị Hồng")
    page.locator("[name=ef-household_head_id]").fill(PERSON.personal_id)
    page.locator("[name=ef-household_relationship]").select_option("Con")
    page.locator("[name=ef-insurance_facility]").fill("Trạm y tế xã Phú Tân")
    page.locator("[name=ef-insurance_delivery]").select_option("Thẻ điện tử trên VNeID")


def _agencies_of(commune: Unit) -> dict[str, User]:
    """The commune's police and the social-insurance office, linked to it, one account each."""
    province = commune.province()
    assert province is not None
    police, _ = add_unit(UnitSpec("CA-PHUTAN", "Công an xã Phú Tân", "agency", commune.code))
    bhxh, _ = add_unit(
        UnitSpec("BHXH-AG", "Bảo hiểm xã hội tỉnh An Giang", "agency", province.code)
    )
    AgencyLink.objects.create(commune=commune, performer="police", agency=police)
    AgencyLink.objects.create(commune=commune, performer="social_insurance", agency=bhxh)
    return {
        name: create_or_update_staff(
            username=name, full_name=name, role=Role.SPECIALIST, password=DEMO_PASSWORD, unit=unit
        )
        for name, unit in (("congan", police), ("bhxh", bhxh))
    }


def test_the_birth_residence_and_health_insurance_group_on_a_phone(
    phone_page: Page,
    browser: Browser,
    live_server: LiveServer,
    settings: Settings,
    tmp_path: Path,
) -> None:
    commune = _world(settings, tmp_path)
    agencies = _agencies_of(commune)
    page = phone_page
    _find_and_open(
        page, "khai sinh thuong tru bao hiem y te", _procedure_name("2.002621"), "2.002621"
    )
    _assert_prefilled(page)
    screenshot(page, "phone-2-002621-eform")
    _bundle_eform(page, commune)
    dossier = _submit(page)
    expect(page.locator(".facts")).to_contain_text(str(dossier.code))
    values = FormData.objects.get(dossier=dossier).values
    assert values["household_head_name"] == "Lê Thị Hồng"
    _officer_reads_and_prints(browser, live_server, dossier, "Trạm y tế xã Phú Tân", "2-002621")
    _answer_supplement(page, dossier)
    dossier.refresh_from_db()
    desk = User.objects.get(username="tiepnhan")
    specialist, leader = (
        User.objects.get(username="chuyenvien"),
        User.objects.get(username="lanhdao"),
    )
    dossier = accept_dossier(dossier, actor=desk)
    hand_over(dossier, actor=desk, to_user=specialist, step_order=2)
    complete_step(dossier, actor=specialist, title="Giấy khai sinh", number="127/2026")
    complete_step(dossier, actor=leader, title="Giấy khai sinh đã ký")
    complete_step(dossier, actor=agencies["congan"], title="Đăng ký thường trú cho trẻ")
    resolved = complete_step(
        dossier, actor=agencies["bhxh"], title="Thẻ BHYT", number="TE1898900123456"
    )
    assert isinstance(resolved, Dossier)
    return_result(resolved, actor=desk, method="electronic")

    page.goto("/cong-dan/ho-so/")
    page.get_by_role("link", name=re.compile("Đăng ký khai sinh, đăng ký thường trú")).first.click()
    results = page.locator("#ket-qua-lien-thong")
    expect(results).to_contain_text("Giấy khai sinh số 127/2026")
    expect(results).to_contain_text("Đăng ký thường trú cho trẻ")
    expect(results).to_contain_text("Thẻ BHYT số TE1898900123456")
    fits_the_phone(page)
    screenshot(page, "phone-2-002621-result")
    rate_the_service(page, f"/cong-dan/ho-so/{dossier.pk}/", PERSON.phone[-4:])
    assert Rating.objects.get(dossier=dossier).satisfied
