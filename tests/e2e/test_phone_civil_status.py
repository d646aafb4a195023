"""On a 390×844 phone, one journey per civil-status procedure with an e-form: from the home
page, search (typed without diacritics), open the procedure, submit online with the e-form
pre-filled after a VNeID sign-in (simulator), answer the desk's supplement request online, pay
the fee in the sandbox gateway, receive the signed electronic result (the civil-status
software's file) in "Hồ sơ của tôi", verify it on the public page and rate the service. The
officer reads the e-form as a table and prints the declaration in a desktop browser; the later
officer steps run through the services their own pages call (those pages have their own browser
tests). The shared steps are tests/e2e/phone_journey.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer
from weasyprint import HTML

from motcua.accounts.models import User
from motcua.catalog.models import Fee
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import hand_over, return_result
from motcua.dossiers.services import accept_dossier
from motcua.eforms.models import FormData
from motcua.feedback.models import Rating
from motcua.payments.models import Payment
from motcua.payments.services import FeeQuantity, assess_fees
from motcua.results.services import issue_electronic_result
from motcua.results.verification import verify_document
from motcua.units.models import Unit
from tests.e2e.conftest import screenshot
from tests.e2e.eform_fill import fill_birth_eform, pick_address
from tests.e2e.journey_steps import (
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
    receive_result,
    submit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    commune = phone_world(settings, tmp_path)
    slug = case.code.replace(".", "-")
    page = phone_page
    find_and_open(page, case.typed, case.name, case.code)
    assert_prefilled(page)
    screenshot(page, f"phone-{slug}-eform")
    case.fill(page, commune)
    dossier = submit(page)
    expect(page.locator(".facts")).to_contain_text(str(dossier.code))  # shown at once
    assert case.field_value in FormData.objects.get(dossier=dossier).values.values()

    officer_reads_and_prints(browser, live_server, dossier, case.field_value, slug)
    answer_supplement(page, dossier)
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

    signed = receive_result(page, dossier, slug)
    assert off_the_loop(verify_document, signed).genuine
    verify_on_public_page(page, signed)
    rate_the_service(page, f"/cong-dan/ho-so/{dossier.pk}/", PERSON.phone[-4:])
    assert Rating.objects.get(dossier=dossier).satisfied
