"""The dossier page's buttons in Chromium, from the registry of acts (dossiers/acts.py): the desk
officer, the leader and the specialist of the competent commune see the buttons of their own
acts; the police, holding their inter-linked step, see none. The leader extends the deadline
with a dd/mm/yyyy date (the end of the province's office day); the specialist asks for a
financial obligation and the desk officer confirms it."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from motcua.bundles.services import complete_step
from motcua.dossiers.models import Dossier
from tests.bundles.conftest import PASSWORD, make_bundle_world
from tests.bundles.test_bundles import _started
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _buttons(page: Page) -> list[str]:
    return [b.strip() for b in page.locator("form.act button").all_inner_texts()]


def test_each_user_sees_the_buttons_of_the_acts_the_server_lets_them_do(page: Page) -> None:
    with time_machine.travel(dt.datetime(2024, 3, 4, 9, 0, tzinfo=VN), tick=True):
        people = make_bundle_world()
        held = _started(people)  # the commune's specialist holds it
        at_the_police = _started(people)
        complete_step(at_the_police, actor=people["hotich"], title="Giấy khai sinh")
        complete_step(at_the_police, actor=people["lanhdao"], title="Đã ký")

        login(page, "tiepnhan", PASSWORD)
        page.goto(f"/ho-so/{held.pk}/")
        assert _buttons(page) == ["Chuyển xử lý", "Dừng giải quyết theo yêu cầu người nộp"]
        screenshot(page, "acts-01-desk-officer")

        login(page, "hotich", PASSWORD)
        page.goto(f"/ho-so/{held.pk}/")
        assert "Yêu cầu thực hiện nghĩa vụ tài chính" in _buttons(page)
        form = page.locator(f'form[action="/ho-so/{held.pk}/request_financial_obligation/"]')
        form.get_by_label("Nghĩa vụ tài chính phải thực hiện").fill(
            "Lệ phí 50.000 đồng, nộp tại Bộ phận Một cửa"
        )
        form.get_by_role("button").click()
        expect(page.locator(".messages")).to_contain_text("Đã yêu cầu thực hiện nghĩa vụ tài chính")
        expect(page.locator(".deadline")).to_have_text("Tạm dừng tính hạn")
        screenshot(page, "acts-02-specialist-after-financial-obligation")

        login(page, "tiepnhan", PASSWORD)
        page.goto(f"/ho-so/{held.pk}/")
        form = page.locator(f'form[action="/ho-so/{held.pk}/fulfil_financial_obligation/"]')
        form.get_by_label("Chứng từ đã nộp").fill("Biên lai số 000012/2024")
        form.get_by_role("button").click()
        expect(page.locator(".messages")).to_contain_text(
            "Đã xác nhận đã thực hiện nghĩa vụ tài chính"
        )
        assert Dossier.objects.get(pk=held.pk).status == "in_progress"

        login(page, "lanhdao", PASSWORD)
        page.goto(f"/ho-so/{held.pk}/")
        assert _buttons(page) == [
            "Chuyển xử lý",
            "Gia hạn và xin lỗi",
            "Phê duyệt kết quả",
            "Từ chối giải quyết",
        ]
        form = page.locator(f'form[action="/ho-so/{held.pk}/extend/"]')
        form.get_by_label("Ngày hẹn trả mới").fill("29/03/2024")
        form.get_by_label("Lý do chậm trễ").fill("Chờ xác minh nơi cư trú")
        form.get_by_role("button").click()
        expect(page.locator(".messages")).to_contain_text("Đã gia hạn và xin lỗi")
        expect(page.locator(".lead")).to_contain_text("Hạn trả 17:00 29/03/2024")
        screenshot(page, "acts-03-leader-after-extension")

        login(page, "congan", PASSWORD)
        page.goto(f"/ho-so/{at_the_police.pk}/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Hồ sơ")
        assert _buttons(page) == []
        expect(page.get_by_text("Trang này chỉ hiện những gì bước này cần")).to_be_visible()
        screenshot(page, "acts-04-agency-holding-its-step")
