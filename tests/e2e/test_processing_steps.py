"""The processing steps in Chromium, as the commune's specialist and leader and the police work
them: the specialist writes an appraisal with a draft result and sends the dossier to the
leader; the leader sends it back with a reason; the specialist resubmits; the leader approves
with a comment. For an inter-linked dossier the police open their inbox, open the document
their step needs, and return the step to the commune with a reason, which the commune sees.
The server's clock is moved to March 2024 (thị trấn Phú Mỹ still existed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import Page, expect
from pytest_django import Settings

from motcua.domain.vntime import VN
from motcua.dossiers.models import Dossier, Opinion
from motcua.dossiers.processing import hand_over
from motcua.dossiers.services import accept_dossier, receive_dossier
from tests.bundles.conftest import PASSWORD, make_bundle_world
from tests.bundles.test_agency_steps import NEEDED, NOT_NEEDED, PDF, bundle_at_the_police
from tests.dossiers.conftest import intake
from tests.e2e.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
APPRAISAL = "Hồ sơ đủ điều kiện đăng ký kết hôn theo Điều 18 Luật Hộ tịch; đề nghị lãnh đạo ký."
SENT_BACK = "Đề nghị kiểm tra lại xác nhận tình trạng hôn nhân của bên nữ"
APPROVAL = "Đồng ý. Trả kết quả trong ngày."
RETURNED = "Tờ khai thiếu địa chỉ nơi thường trú của mẹ"


def _act_form(page: Page, pk: int, action: str):  # type: ignore[no-untyped-def]
    return page.locator(f'form[action="/ho-so/{pk}/{action}/"]')


def _hand_to(page: Page, pk: int, person: str, step: str) -> None:
    form = _act_form(page, pk, "hand_over")
    form.get_by_label("Chuyển cho").select_option(label=person)
    form.get_by_label("Bước quy trình").select_option(label=step)
    form.get_by_role("button", name="Chuyển xử lý").click()
    expect(page.locator(".messages")).to_contain_text("Đã chuyển xử lý")


def test_specialist_and_leader_appraise_send_back_and_approve(
    page: Page, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    draft = tmp_path / "du-thao-giay-chung-nhan.pdf"
    draft.write_bytes(PDF)
    with time_machine.travel(dt.datetime(2024, 3, 4, 8, 0, tzinfo=VN), tick=True):
        people = make_bundle_world()
        dossier = receive_dossier(intake(), actor=people["tiepnhan"])
        dossier = accept_dossier(dossier, actor=people["tiepnhan"])
        hand_over(dossier, actor=people["tiepnhan"], to_user=people["hotich"], step_order=2)
        pk, due = dossier.pk, Dossier.objects.get(pk=dossier.pk).due_at

        # the specialist: appraisal opinion and draft result, then to the leader
        login(page, "hotich", PASSWORD)
        page.goto(f"/ho-so/{pk}/")
        form = _act_form(page, pk, "appraise")
        form.get_by_label("Ý kiến thẩm định").fill(APPRAISAL)
        form.get_by_label("Dự thảo kết quả").set_input_files(str(draft))
        form.get_by_role("button", name="Ghi ý kiến thẩm định").click()
        expect(page.locator(".messages")).to_contain_text("Đã ghi ý kiến thẩm định")
        expect(page.locator('[data-section="opinions"]')).to_contain_text(APPRAISAL)
        screenshot(page, "steps-01-specialist-appraisal")
        _hand_to(page, pk, "lanhdao — Lãnh đạo", "3. Phê duyệt")

        # the leader reads the appraisal, opens the draft, sends it back with a reason
        login(page, "lanhdao", PASSWORD)
        page.goto(f"/ho-so/{pk}/")
        opinions = page.locator('[data-section="opinions"]')
        expect(opinions).to_contain_text("Ý kiến thẩm định")
        expect(opinions).to_contain_text(APPRAISAL)
        link = opinions.get_by_role("link", name="Xem dự thảo kết quả")
        href = link.get_attribute("href")
        assert href is not None
        opened = page.request.get(href)
        assert opened.status == 200
        assert opened.body() == PDF
        form = _act_form(page, pk, "send_back")
        form.get_by_role("button", name="Trả lại bước trước").click()
        expect(page.locator(".messages .error")).to_contain_text(
            "Phải ghi lý do trả lại bước trước."
        )
        form = _act_form(page, pk, "send_back")
        form.get_by_label("Lý do").fill(SENT_BACK)
        form.get_by_role("button", name="Trả lại bước trước").click()
        expect(page.locator(".messages")).to_contain_text("Đã trả lại bước trước")
        expect(page.locator(".timeline").last).to_contain_text(
            f"trả lại bước trước — Lý do: {SENT_BACK}"
        )
        expect(_act_form(page, pk, "send_back")).to_have_count(0)  # no longer at his step
        screenshot(page, "steps-02-leader-sent-back")
        sent_back = Dossier.objects.get(pk=pk)
        assert sent_back.assignee == people["hotich"]
        assert sent_back.due_at == due

        # the specialist sees why and resubmits
        login(page, "hotich", PASSWORD)
        page.goto(f"/ho-so/{pk}/")
        expect(page.locator('[data-section="opinions"]')).to_contain_text(SENT_BACK)
        _hand_to(page, pk, "lanhdao — Lãnh đạo", "3. Phê duyệt")

        # the leader approves with a comment, kept on the dossier and in the history
        login(page, "lanhdao", PASSWORD)
        page.goto(f"/ho-so/{pk}/")
        form = _act_form(page, pk, "approve")
        form.get_by_label("Ý kiến phê duyệt").fill(APPROVAL)
        form.get_by_role("button", name="Phê duyệt kết quả").click()
        expect(page.locator(".messages")).to_contain_text("Đã phê duyệt kết quả")
        expect(page.locator('[data-section="opinions"]')).to_contain_text(APPROVAL)
        expect(page.locator(".timeline").last).to_contain_text(
            f"phê duyệt kết quả — Ý kiến phê duyệt: {APPROVAL}"
        )
        screenshot(page, "steps-03-leader-approved")
    approved = Dossier.objects.get(pk=pk)
    assert approved.status == "resolved"
    kinds = list(Opinion.objects.filter(dossier=approved).values_list("kind", flat=True))
    assert kinds == ["appraisal", "send_back", "approval"]


def test_the_police_open_their_inbox_and_a_needed_document_and_return_the_step(
    page: Page, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(dt.datetime(2024, 3, 4, 8, 0, tzinfo=VN), tick=True):
        people = make_bundle_world()
        dossier = bundle_at_the_police(people)
        code = dossier.code
        assert code

        login(page, "congan", PASSWORD)
        page.goto("/lien-thong/")
        card = page.locator(f'section[data-dossier="{code}"]')
        documents = card.locator('[data-section="documents"]')
        expect(documents).to_contain_text(NEEDED)
        expect(documents).not_to_contain_text(NOT_NEEDED)
        screenshot(page, "steps-04-police-inbox")
        href = documents.get_by_role("link", name="Mở tệp").get_attribute("href")
        assert href is not None
        opened = page.request.get(href)
        assert opened.status == 200
        assert opened.body() == PDF
        card.get_by_role("link", name="Mở hồ sơ của bước").click()
        expect(page.locator('[data-section="components"]')).to_contain_text(NEEDED)
        expect(page.locator('[data-section="handed-on"]')).to_contain_text("Giấy khai sinh đã ký")
        screenshot(page, "steps-05-police-step-page")

        page.goto("/lien-thong/")
        card = page.locator(f'section[data-dossier="{code}"]')
        card.get_by_text("Trả bước về Thị trấn Phú Mỹ").click()
        card.get_by_label("Lý do trả lại").fill(RETURNED)
        card.get_by_role("button", name="Trả bước về cơ quan giải quyết").click()
        expect(page.locator(".messages .success")).to_contain_text(
            f"Đã trả bước về Thị trấn Phú Mỹ: {code}"
        )
        expect(page.get_by_role("status")).to_have_text(
            "Không có hồ sơ liên thông nào đang chờ đơn vị bạn."
        )
        screenshot(page, "steps-06-police-returned")

        # the commune's leader, who handed the step on, sees the reason on the dossier
        login(page, "lanhdao", PASSWORD)
        page.goto(f"/ho-so/{dossier.pk}/")
        opinions = page.locator('[data-section="opinions"]')
        expect(opinions).to_contain_text("Cơ quan liên thông trả lại bước")
        expect(opinions).to_contain_text(RETURNED)
        expect(page.locator(".timeline").last).to_contain_text(
            f"trả bước liên thông về cơ quan giải quyết — Lý do: {RETURNED}"
        )
        screenshot(page, "steps-07-commune-sees-the-returned-step")
        page.goto("/lien-thong/")
        expect(page.locator(f'section[data-dossier="{code}"]')).to_contain_text(RETURNED)
