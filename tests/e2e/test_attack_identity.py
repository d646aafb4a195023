"""F1 of the security review, end to end in Chromium: a stranger registers with someone else's
personal ID number and waits for that person's results. He receives nothing; the real holder
signs in with VNeID (the simulator), takes the number over and finds the result waiting; the
stranger's password stops working and he is told by e-mail and SMS.

The desk dossier is received with the services (the counter's screens are
tests/e2e/test_electronic_result.py) and the leader signs its result in the browser; the
stranger's and the holder's steps go through the browser. Thị trấn Phú Mỹ (30406) existed in
March 2024: the test lives then."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import Browser, Page, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.audit.models import AuditEvent
from motcua.catalog.services import load_catalog
from motcua.citizens.models import CitizenDocument, CitizenProfile
from motcua.config import VneidConfig
from motcua.domain.vntime import VN
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import hand_over
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.notifications.models import RecordedMessage
from motcua.results.models import IssuedResult
from motcua.results.testca import make_test_ca
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.catalog_data import catalog
from tests.dossiers.conftest import intake
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NUMBER = "089190000123"  # the applicant of tests.dossiers.conftest.intake()
OWNER = "Nguyễn Thị Ngọc Ánh"
STRANGER = "Trần Văn Mạo"
STRANGER_EMAIL = "mao.tran@example.vn"
STRANGER_PHONE = "0987 654 321"
STRANGER_PASSWORD = "Cua-toi-khong-phai-2026"
TITLE = "Giấy chứng nhận kết hôn"
STAFF_PASSWORD = "mat-khau-thu-nghiem-2026"
WRONG = "Số định danh cá nhân hoặc mật khẩu không đúng."


def _desk_dossier_for_the_leader() -> Dossier:
    """At the counter an officer receives a marriage registration for NUMBER and hands it to
    the leader for signing."""
    commune = Unit.objects.get(code="30406")
    officer, leader = (
        create_or_update_staff(
            username=username, full_name=name, role=role, password=STAFF_PASSWORD, unit=commune
        )
        for username, name, role in (
            ("tiepnhan", "Nguyễn Thị Lan", Role.RECEIVING_OFFICER),
            ("lanhdao", "Lê Văn Cường", Role.LEADER),
        )
    )
    dossier = receive_dossier(intake(), actor=officer)
    dossier = accept_dossier(dossier, actor=officer)
    hand_over(dossier, actor=officer, to_user=leader, step_order=3)
    return dossier


def _leader_signs_and_issues(browser: Browser, base_url: str, dossier: Dossier) -> None:
    """The leader signs the result in the browser (the signing runs an event loop of its own,
    which cannot run in this thread beside Playwright's)."""
    context = browser.new_context(locale="vi-VN", base_url=base_url)
    try:
        page = context.new_page()
        login(page, "lanhdao", STAFF_PASSWORD)
        page.goto(f"/ho-so/{dossier.pk}/")
        page.get_by_label("Tên văn bản kết quả").fill(TITLE)
        page.get_by_label("Số văn bản").fill("12/2024")
        page.get_by_label("Nội dung kết quả (mỗi dòng một đoạn)").fill("Chứng nhận kết hôn.")
        page.get_by_role("button", name="Ký số và phát hành kết quả điện tử").click()
        expect(page.locator(".messages .success")).to_contain_text(
            "Đã ký số và phát hành kết quả điện tử"
        )
    finally:
        context.close()


def _sign_in_with_password(page: Page, number: str, password: str) -> None:
    page.goto("/cong-dan/dang-nhap/")
    page.get_by_label("Số định danh cá nhân").fill(number)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_stranger_who_typed_the_number_gets_nothing_and_vneid_takes_it_back(
    page: Page,
    phone_page: Page,
    browser: Browser,
    live_server: LiveServer,
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.MOTCUA_VNEID = VneidConfig(mode="simulator")
    make_test_ca("30406", "Thị trấn Phú Mỹ", tmp_path)
    settings.SIGNING_DIR = tmp_path
    settings.SIGNING_TRUST_ROOTS = tmp_path / "trust-roots.pem"
    settings.SIGNING_PASSWORD = ""
    stranger_page, owner_page = page, phone_page
    with time_machine.travel(dt.datetime(2024, 3, 4, 8, 0, tzinfo=VN), tick=True):
        load_reference_units()
        load_catalog(catalog())

        # 1. The stranger registers with the real person's (well-formed) number.
        stranger_page.goto("/cong-dan/dang-ky/")
        form = stranger_page.locator("form.form")
        form.get_by_label("Số định danh cá nhân (12 số)").fill(NUMBER)
        form.get_by_label("Họ và tên").fill(STRANGER)
        form.get_by_label("Số điện thoại").fill(STRANGER_PHONE)
        form.get_by_label("Thư điện tử").fill(STRANGER_EMAIL)
        form.get_by_label("Mật khẩu", exact=True).fill(STRANGER_PASSWORD)
        form.get_by_label("Nhập lại mật khẩu").fill(STRANGER_PASSWORD)
        form.get_by_role("button", name="Đăng ký").click()
        expect(stranger_page.get_by_role("heading", level=1)).to_have_text(f"Xin chào, {STRANGER}")
        squatter = CitizenProfile.objects.get(personal_id=NUMBER)
        assert not squatter.verified
        screenshot(stranger_page, "attack-identity-01-stranger-registered")
        stranger_page.locator('form[action="/cong-dan/dang-xuat/"] button').click()
        expect(stranger_page).to_have_url(re.compile(r"/cong-dan/dang-nhap/$"))

        # 2. The real person's marriage is registered at the counter; its result is issued.
        dossier = _desk_dossier_for_the_leader()
        _leader_signs_and_issues(browser, live_server.url, dossier)
        dossier.refresh_from_db()
        result_id = IssuedResult.objects.get(dossier=dossier).pk
        code = dossier.code
        assert code
        assert dossier.status == "resolved"

        # 3. The stranger signs in and looks everywhere: nothing of the dossier nor the result.
        _sign_in_with_password(stranger_page, NUMBER, STRANGER_PASSWORD)
        expect(stranger_page.get_by_role("heading", level=1)).to_have_text(f"Xin chào, {STRANGER}")
        for path in ("/cong-dan/", "/cong-dan/ho-so/", "/cong-dan/kho-du-lieu/"):
            stranger_page.goto(path)
            text = stranger_page.locator("main").inner_text()
            assert code not in text, path
            assert TITLE not in text, path
        expect(stranger_page.locator("main")).to_contain_text("Kho dữ liệu chưa có giấy tờ nào.")
        screenshot(stranger_page, "attack-identity-02-stranger-store-empty")
        stranger_page.goto("/cong-dan/ho-so/")
        expect(stranger_page.locator("main")).to_contain_text("Bạn chưa nộp hồ sơ trực tuyến nào.")
        assert not CitizenDocument.objects.filter(dossier=dossier).exists()  # nobody verified
        # typing the addresses does not help either: 404, nothing of the dossier on the page
        for path in (f"/cong-dan/ho-so/{dossier.pk}/", f"/xac-minh/tai-ve/{result_id}/"):
            response = stranger_page.goto(path)
            assert response is not None
            assert response.status == 404, path
            text = stranger_page.content()
            assert code not in text
            assert OWNER not in text
            assert TITLE not in text

        # 4. The real holder signs in with VNeID on her phone (the stranger is still signed in).
        owner_page.goto("/cong-dan/dang-nhap/")
        owner_page.get_by_role(
            "link", name="Đăng nhập bằng tài khoản định danh điện tử VNeID"
        ).click()
        expect(owner_page.get_by_text("BỘ GIẢ LẬP VNeID (THỬ NGHIỆM)")).to_be_visible()
        owner_page.get_by_label("Số định danh cá nhân (12 số)").fill(NUMBER)
        owner_page.get_by_label("Họ, chữ đệm và tên").fill(OWNER)
        owner_page.get_by_role("button", name="Đồng ý chia sẻ và đăng nhập").click()
        expect(owner_page.get_by_role("heading", level=1)).to_have_text(f"Xin chào, {OWNER}")
        expect(owner_page.locator(".facts")).to_contain_text(NUMBER)
        owner = CitizenProfile.objects.get(personal_id=NUMBER)
        assert owner.pk != squatter.pk
        assert (owner.verified, owner.verified_via) == (True, "vneid")
        owner_page.get_by_role("link", name="Kho dữ liệu", exact=True).click()
        result_link = owner_page.get_by_role("link", name=TITLE)
        expect(result_link).to_be_visible()
        screenshot(owner_page, "attack-identity-03-owner-store-has-the-result")
        href = result_link.get_attribute("href")
        assert href is not None
        pdf = owner_page.request.get(href)
        assert pdf.status == 200
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.body().startswith(b"%PDF-")
        assert CitizenDocument.objects.filter(citizen=owner, dossier=dossier).count() == 1

        # 5. The stranger's open session is over, and his password no longer works.
        stranger_page.goto("/cong-dan/kho-du-lieu/")
        expect(stranger_page).to_have_url(
            re.compile(r"/cong-dan/dang-nhap/\?next=/cong-dan/kho-du-lieu/$")
        )
        _sign_in_with_password(stranger_page, NUMBER, STRANGER_PASSWORD)
        expect(stranger_page.get_by_role("alert")).to_have_text(WRONG)
        assert "/cong-dan/dang-nhap/" in stranger_page.url
        screenshot(stranger_page, "attack-identity-04-stranger-refused")
        squatter.refresh_from_db()
        assert squatter.closed_at is not None
        assert not squatter.user.is_active
        event = AuditEvent.objects.get(action="close_unverified_citizen")
        assert event.object_id == str(squatter.pk)
        assert event.before == {"personal_id": NUMBER}

        # 6. The stranger is told, by e-mail and by SMS, and nothing of the owner is in it.
        told = [m for m in mail.outbox if m.to == [STRANGER_EMAIL]]
        assert len(told) == 1
        assert told[0].subject == "Tài khoản dịch vụ công đã bị đóng"
        assert f"Số định danh cá nhân {NUMBER} đã được chủ sở hữu xác thực bằng VNeID" in (
            told[0].body
        )
        assert "tài khoản tự đăng ký trước đó với số này đã bị đóng" in told[0].body
        assert OWNER not in told[0].body
        sms = RecordedMessage.objects.get(address=squatter.phone)
        assert sms.body == told[0].body

        # 7. Registering the number again is refused and points to VNeID.
        stranger_page.goto("/cong-dan/dang-ky/")
        form = stranger_page.locator("form.form")
        form.get_by_label("Số định danh cá nhân (12 số)").fill(NUMBER)
        form.get_by_label("Họ và tên").fill(STRANGER)
        form.get_by_label("Mật khẩu", exact=True).fill(STRANGER_PASSWORD)
        form.get_by_label("Nhập lại mật khẩu").fill(STRANGER_PASSWORD)
        form.get_by_role("button", name="Đăng ký").click()
        expect(stranger_page.get_by_role("alert")).to_contain_text("VNeID")
        assert OWNER not in stranger_page.locator("main").inner_text()
        assert CitizenProfile.objects.filter(personal_id=NUMBER).get() == owner
