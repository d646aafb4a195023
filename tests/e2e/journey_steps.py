"""Steps a citizen takes on a phone that several journeys share: the VNeID sign-in through the
simulator, paying in the sandbox gateway, checking a signed result on the public page, rating
the service; and running pyHanko off Playwright's event loop."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from motcua.units.models import Unit

T = TypeVar("T")


@dataclass(frozen=True)
class VneidPerson:
    personal_id: str
    name: str
    born: str  # dd/mm/yyyy, as typed
    sex: str  # "male" / "female"
    residence: str  # the house number and street
    phone: str
    commune: str = ""  # the commune's code (units/): the province and commune are picked


def off_the_loop(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """pyHanko runs asyncio itself; Playwright's sync API already runs a loop in this thread."""

    def call() -> T:
        try:
            return function(*args, **kwargs)
        finally:
            connection.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(call).result()


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def pdf_text(data: bytes) -> str:
    """The PDF's text with its whitespace collapsed."""
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def pick_simulator_address(page: Page, commune_code: str) -> None:
    """On the VNeID simulator's page: the province, then the commune loaded for it."""
    commune = Unit.objects.get(code=commune_code)
    province = commune.province()
    assert province is not None
    page.locator("#address_province").select_option(province.code)
    page.locator(f"#address_unit option[value='{commune.code}']").wait_for(state="attached")
    page.locator("#address_unit").select_option(commune.code)


def vneid_consent(page: Page, person: VneidPerson) -> None:
    """On the login page: through the VNeID simulator, sharing the person's data."""
    page.get_by_role("link", name="Đăng nhập bằng tài khoản định danh điện tử VNeID").click()
    page.get_by_label("Số định danh cá nhân (12 số)").fill(person.personal_id)
    page.get_by_label("Họ, chữ đệm và tên").fill(person.name)
    page.get_by_label("Ngày sinh (ngày/tháng/năm)").fill(person.born)
    page.get_by_label("Giới tính").select_option(person.sex)
    if person.commune:
        pick_simulator_address(page, person.commune)
    page.get_by_label("Nơi thường trú").fill(person.residence)
    page.get_by_label("Số điện thoại").fill(person.phone)
    page.get_by_role("button", name="Đồng ý chia sẻ và đăng nhập").click()


def pay_in_sandbox(page: Page, amount: str) -> None:
    """On the citizen's dossier page: pay the assessed fee through the sandbox gateway."""
    page.get_by_role("link", name=f"Thanh toán {amount} đồng trực tuyến").click()
    page.get_by_role("button", name="Thanh toán trực tuyến").click()
    expect(page.get_by_text("CỔNG THANH TOÁN THỬ NGHIỆM (SANDBOX)")).to_be_visible()
    page.get_by_role("button", name="Xác nhận thanh toán").click()
    expect(page.locator("#trang-thai")).to_have_text("Đã thanh toán", timeout=30_000)


def verify_on_public_page(page: Page, signed_pdf: bytes) -> None:
    page.goto("/xac-minh/")
    page.locator("input[type=file]").set_input_files(
        {"name": "ket-qua.pdf", "mimeType": "application/pdf", "buffer": signed_pdf}
    )
    page.get_by_role("button", name=re.compile("Kiểm tra|Xác minh")).first.click()
    # the signature is checked by pyHanko: allow for a loaded machine
    expect(page.get_by_role("heading", level=2)).to_have_text("Văn bản hợp lệ", timeout=30_000)


def rate_the_service(page: Page, dossier_url: str, last_digits: str) -> None:
    page.goto(dossier_url)
    page.get_by_role("link", name="Đánh giá mức độ hài lòng").click()
    page.get_by_label("4 số cuối điện thoại hoặc số định danh").fill(last_digits)
    page.get_by_role("button", name="Tiếp tục").click()
    # wait for the questions page: listing the fieldsets of the page still loading would tick
    # none, and the browser would then refuse the form silently (required radios)
    expect(page.get_by_role("button", name="Gửi đánh giá")).to_be_visible()
    for fieldset in page.locator("fieldset").all():
        fieldset.locator("input[type=radio]").first.check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Cảm ơn bạn đã đánh giá")).to_be_visible()
