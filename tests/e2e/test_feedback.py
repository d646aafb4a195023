"""A citizen's PAKN on the web form, answered on time and published by the leader in the
browser; a late one made through the services (time travel is for the services, not the
browser); the public list shows the published answer without personal data; the counts agree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import Page, expect

from motcua.accounts.demo import DEMO_PASSWORD, create_demo_staff
from motcua.accounts.models import User
from motcua.feedback.models import Petition
from motcua.feedback.services import PetitionIn, answer_petition, receive_petition
from motcua.units.models import Unit
from motcua.units.services import load_reference_units
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENT = "Bảng niêm yết thủ tục đăng ký khai sinh chưa ghi thời hạn giải quyết mới."


def test_a_citizen_pakn_is_answered_published_and_counted(page: Page) -> None:
    cache.clear()
    load_reference_units()
    create_demo_staff()
    unit = Unit.objects.get(code="30406-2025")
    now = timezone.now()
    late = receive_petition(
        PetitionIn(
            unit=unit,
            kind="behaviour",
            name="Người phản ánh muộn",
            subject="Phản ánh trả lời muộn",
            content="Cán bộ hẹn trả kết quả nhưng không đúng hẹn, đề nghị xem xét.",
            phone="0911000111",
        ),
        at=now - dt.timedelta(days=30),
    )
    answer_petition(
        late,
        actor=User.objects.get(username="lanhdao"),
        answer="Đã nhắc nhở.",
        at=now - dt.timedelta(days=1),
    )

    page.goto("/phan-anh/")
    page.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
    page.get_by_label("Cơ quan nhận phản ánh").select_option("30406-2025")
    page.get_by_label("Loại phản ánh, kiến nghị").select_option("regulation")
    page.get_by_label("Tiêu đề").fill("Niêm yết thiếu thời hạn giải quyết")
    page.get_by_label("Nội dung").fill(CONTENT)
    page.get_by_label("Họ và tên").fill("Trần Thị Phản Ánh")
    page.get_by_label("Số điện thoại").fill("0912 888 999")
    screenshot(page, "feedback-01-citizen-form")
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    expect(page.get_by_role("heading", name="Đã tiếp nhận phản ánh, kiến nghị")).to_be_visible()
    code = page.locator("#petition-code").inner_text()
    petition = Petition.objects.get(code=code)
    assert petition.channel == "web"

    login(page, "lanhdao", DEMO_PASSWORD)
    page.goto("/phan-anh/")
    row = page.get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text("Trong hạn")
    expect(page.get_by_role("row").filter(has_text="Phản ánh trả lời muộn")).to_contain_text(
        "Quá hạn"
    )
    row.get_by_role("link", name=code).click()
    page.get_by_label("Nội dung trả lời").fill(
        "Bộ phận Một cửa đã bổ sung thời hạn vào bảng niêm yết."
    )
    page.get_by_role("button", name="Trả lời").click()
    expect(page.locator(".messages")).to_contain_text("Đã trả lời phản ánh, kiến nghị.")
    page.get_by_label("Nội dung công khai").fill(
        "Niêm yết thủ tục khai sinh thiếu thời hạn giải quyết."
    )
    page.get_by_role("button", name="Công khai").click()
    expect(page.locator(".messages")).to_contain_text("Đã công khai kết quả trả lời.")
    screenshot(page, "feedback-02-answered")

    page.context.clear_cookies()
    page.goto("/phan-anh/cong-khai/")
    published = page.locator("article.published")
    expect(published).to_have_count(1)
    expect(published).to_contain_text("Niêm yết thủ tục khai sinh thiếu thời hạn giải quyết.")
    expect(published).to_contain_text("đã bổ sung thời hạn")
    for private in ("Trần Thị Phản Ánh", "0912888999", code, CONTENT):
        expect(page.locator("main")).not_to_contain_text(private)
    screenshot(page, "feedback-03-public-list")

    login(page, "lanhdao", DEMO_PASSWORD)
    start = timezone.localdate(now - dt.timedelta(days=31))
    page.goto(f"/phan-anh/chi-so/?tu={start:%d/%m/%Y}&den={timezone.localdate():%d/%m/%Y}")
    expect(page.locator("#pakn-on-time")).to_have_text("1")
    expect(page.locator("#pakn-late")).to_have_text("1")
    expect(page.locator("#pakn-published")).to_have_text("1")
    expect(page.locator("#pakn-received")).to_contain_text("2")
    screenshot(page, "feedback-04-indicators")
