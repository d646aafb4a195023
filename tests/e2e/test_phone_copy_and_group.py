"""On a 390×844 phone, the journeys whose signed documents are the units' own: the certified
electronic copy (signed by the commune's leader, its fee paid online before the download) and
the birth, residence and health-insurance group (each step's document signed by the unit that
performed it; the citizen downloads the birth certificate). Each goes from the home page's
search through the VNeID pre-filled e-form, the officer's table and printed declaration and a
supplement answered online, to the verification on the public page and the rating. The shared
steps are tests/e2e/phone_journey.py."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Browser, Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer
from weasyprint import HTML

from motcua.accounts.demo import DEMO_PASSWORD
from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.bundles.models import AgencyLink
from motcua.bundles.services import complete_step
from motcua.dossiers import processing
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import hand_over, return_result
from motcua.dossiers.services import accept_dossier
from motcua.eforms.models import FormData
from motcua.feedback.models import Rating
from motcua.payments.models import Payment
from motcua.results.certification import certify_electronic_copy
from motcua.results.testca import make_test_ca
from motcua.results.verification import verify_document
from motcua.units.models import Unit
from motcua.units.services import UnitSpec, add_unit
from tests.e2e.conftest import screenshot
from tests.e2e.eform_fill import fill_birth_eform, pick_address
from tests.e2e.journey_steps import (
    fits_the_phone,
    off_the_loop,
    pay_in_sandbox,
    rate_the_service,
    verify_on_public_page,
)
from tests.e2e.phone_journey import (
    PERSON,
    answer_supplement,
    assert_prefilled,
    find_and_open,
    officer_reads_and_prints,
    phone_world,
    procedure_name,
    receive_result,
    submit,
)
from tests.results.test_certification import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    commune = phone_world(settings, tmp_path)
    page = phone_page
    find_and_open(page, "chung thuc ban sao tu ban chinh", procedure_name("2.000815"), "2.000815")
    assert_prefilled(page)
    screenshot(page, "phone-2-000815-eform")
    _certified_copy(page, commune)
    dossier = submit(page)
    expect(page.locator(".facts")).to_contain_text(str(dossier.code))
    document = "Bằng tốt nghiệp trung học phổ thông"
    officer_reads_and_prints(browser, live_server, dossier, document, "2-000815")
    answer_supplement(page, dossier)
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

    signed = receive_result(page, dossier, "2-000815")
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
    commune = phone_world(settings, tmp_path)
    agencies = _agencies_of(commune)
    page = phone_page
    find_and_open(
        page, "khai sinh thuong tru bao hiem y te", procedure_name("2.002621"), "2.002621"
    )
    assert_prefilled(page)
    screenshot(page, "phone-2-002621-eform")
    _bundle_eform(page, commune)
    dossier = submit(page)
    expect(page.locator(".facts")).to_contain_text(str(dossier.code))
    values = FormData.objects.get(dossier=dossier).values
    assert values["household_head_name"] == "Lê Thị Hồng"
    officer_reads_and_prints(browser, live_server, dossier, "Trạm y tế xã Phú Tân", "2-002621")
    answer_supplement(page, dossier)
    dossier.refresh_from_db()
    desk = User.objects.get(username="tiepnhan")
    specialist, leader = (
        User.objects.get(username="chuyenvien"),
        User.objects.get(username="lanhdao"),
    )
    dossier = accept_dossier(dossier, actor=desk)
    hand_over(dossier, actor=desk, to_user=specialist, step_order=2)
    complete_step(dossier, actor=specialist, title="Đăng ký khai sinh", number="127/2026")
    # the leader's step gives the birth certificate the civil-status software produced, the
    # police their notice: each signed with its own unit's certificate
    make_test_ca("CA-PHUTAN", "Công an xã Phú Tân", tmp_path)
    birth = HTML(string="<h1>GIẤY KHAI SINH</h1><p>Lê Gia Bảo</p>").write_pdf()
    off_the_loop(
        complete_step,
        dossier,
        actor=leader,
        title="Giấy khai sinh",
        number="127/2026",
        document=birth,
    )
    notice = HTML(string="<h1>THÔNG BÁO</h1><p>Đăng ký thường trú: Lê Gia Bảo</p>").write_pdf()
    off_the_loop(
        complete_step,
        dossier,
        actor=agencies["congan"],
        title="Thông báo đăng ký thường trú",
        document=notice,
    )
    resolved = complete_step(
        dossier, actor=agencies["bhxh"], title="Thẻ BHYT", number="TE1898900123456"
    )
    assert isinstance(resolved, Dossier)
    return_result(resolved, actor=desk, method="electronic")

    page.goto("/cong-dan/ho-so/")
    page.get_by_role("link", name=re.compile("Đăng ký khai sinh, đăng ký thường trú")).first.click()
    results = page.locator("#ket-qua-lien-thong")
    expect(results).to_contain_text("Giấy khai sinh số 127/2026")
    expect(results).to_contain_text("Thông báo đăng ký thường trú")
    expect(results).to_contain_text("Thẻ BHYT số TE1898900123456")
    fits_the_phone(page)
    results.scroll_into_view_if_needed()
    screenshot(page, "phone-2-002621-result")
    with page.expect_download() as download_info:
        results.get_by_role("link", name="Tải giấy khai sinh (bản điện tử đã ký số)").click()
    signed = Path(download_info.value.path()).read_bytes()
    check = off_the_loop(verify_document, signed)
    assert check.genuine, check.reason
    assert (check.issuer, check.title) == ("Xã Phú Tân", "Giấy khai sinh")
    verify_on_public_page(page, signed)
    expect(page.locator("main")).to_contain_text("Giấy khai sinh")
    fits_the_phone(page)
    screenshot(page, "phone-2-002621-birth-verified")
    rate_the_service(page, f"/cong-dan/ho-so/{dossier.pk}/", PERSON.phone[-4:])
    assert Rating.objects.get(dossier=dossier).satisfied
