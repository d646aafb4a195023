"""Inter-linked group 1 in the browser: the commune, the police and social insurance each work
with their own accounts; the police are late; the statistics count the bundle once and
attribute the delay to the police. The server's clock is moved with time-machine."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import Page, expect

from motcua.domain.vntime import VN
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import hand_over
from motcua.dossiers.services import accept_dossier, receive_dossier
from motcua.reports.ii06a import ii06a
from motcua.units.models import Unit
from tests.bundles.conftest import PASSWORD, make_bundle_world
from tests.dossiers.conftest import intake
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _complete(page: Page, who: str, code: str, result: str) -> None:
    login(page, who, PASSWORD)
    page.goto("/lien-thong/")
    card = page.locator(f'section[data-dossier="{code}"]')
    card.get_by_label("Kết quả của bước").fill(result)
    card.get_by_role("button", name="Hoàn thành bước, chuyển tiếp").click()
    expect(page.locator(".messages .success")).to_contain_text(
        f"Đã hoàn thành bước và chuyển hồ sơ {code}"
    )


def _police_see_only_their_step_s_record(page: Page, code: str, pk: int) -> None:
    """After its step the police open its record (read-only), and nothing more of the dossier."""
    login(page, "congan", PASSWORD)
    page.goto("/lien-thong/")
    done = page.locator("#da-xu-ly")
    done.get_by_role("row", name=code).get_by_role("link", name="Xem hồ sơ bước").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ bước liên thông {code}")
    record = page.locator(".step-record")
    expect(record).to_contain_text("Công an xã đăng ký thường trú")
    expect(record).to_contain_text("Chuyển kèm: Giấy khai sinh đã ký")
    expect(record).to_contain_text("Quá hạn")
    expect(page.locator(".step-output")).to_contain_text("Đăng ký thường trú cho trẻ")
    expect(page.locator("main form")).to_have_count(0)
    content = page.content()
    for hidden in ("Thẻ BHYT TE1234567890", "Giấy khai sinh số 15/2024", "089190000123"):
        assert hidden not in content
    screenshot(page, "agency-step-record")
    dossier_page = page.goto(f"/ho-so/{pk}/")
    assert dossier_page is not None
    assert dossier_page.status == 404


def test_three_agencies_one_late_counted_once(page: Page) -> None:
    start = dt.datetime(2024, 3, 4, 8, 0, tzinfo=VN)
    with time_machine.travel(start, tick=True):
        people = make_bundle_world()
        dossier = receive_dossier(intake("2.002621"), actor=people["tiepnhan"])
        dossier = accept_dossier(dossier, actor=people["tiepnhan"])
        hand_over(dossier, actor=people["tiepnhan"], to_user=people["hotich"], step_order=2)
        code = dossier.code
        assert code
        _complete(page, "hotich", code, "Giấy khai sinh số 15/2024")
        _complete(page, "lanhdao", code, "Giấy khai sinh đã ký")
        login(page, "congan", PASSWORD)
        page.goto("/lien-thong/")
        expect(page.locator(f'section[data-dossier="{code}"]')).to_contain_text(
            "Công an xã đăng ký thường trú"
        )
    police_step = Dossier.objects.get(pk=dossier.pk).hand_overs.get(step_order=4)
    with time_machine.travel(police_step.step_due_at + dt.timedelta(hours=3), tick=True):
        login(page, "congan", PASSWORD)
        page.goto("/lien-thong/")
        expect(page.locator(f'section[data-dossier="{code}"]')).to_contain_text("quá hạn")
        _complete(page, "congan", code, "Đăng ký thường trú cho trẻ")
        _complete(page, "bhxh", code, "Thẻ BHYT TE1234567890")
        _police_see_only_their_step_s_record(page, code, dossier.pk)
        login(page, "lanhdao", PASSWORD)
        page.goto("/lien-thong/thong-ke/?tu=01/03/2024&den=31/03/2024")
        police = page.locator('tr[data-unit="Công an thị trấn Phú Mỹ"] td[data-col="late"]')
        expect(police).to_have_text("1")
        bhxh = page.locator('tr[data-unit="Bảo hiểm xã hội huyện Phú Tân"] td[data-col="late"]')
        expect(bhxh).to_have_text("0")
        screenshot(page, "bundle-attribution")
    assert Dossier.objects.get(pk=dossier.pk).status == "resolved"
    commune = Unit.objects.get(code="30406")
    assert ii06a(commune, dt.date(2024, 3, 1), dt.date(2024, 3, 31)).total["c3"] == 1
