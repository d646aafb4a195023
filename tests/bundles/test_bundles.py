"""Inter-linked group 1: one dossier, three agencies with their own accounts, the delay
attributed to the agency that held the dossier, counted once in the statistics."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.http import Http404
from django.test import Client

from motcua.accounts.models import User
from motcua.bundles.models import StepOutput
from motcua.bundles.services import add_wait, attribution, clear_wait, complete_step, open_step
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import get_dossier_for_staff
from motcua.dossiers.processing import hand_over, return_result
from motcua.dossiers.services import IllegalAct, accept_dossier, receive_dossier
from motcua.reports.ii06a import ii06a
from motcua.units.models import Unit
from tests.dossiers.conftest import intake, vn


def _started(people: dict[str, User]) -> Dossier:
    dossier = receive_dossier(intake("2.002621"), actor=people["tiepnhan"], at=vn(2024, 3, 4, 8))
    dossier = accept_dossier(dossier, actor=people["tiepnhan"], at=vn(2024, 3, 4, 8))
    hand_over(
        dossier,
        actor=people["tiepnhan"],
        to_user=people["hotich"],
        step_order=2,
        at=vn(2024, 3, 4, 8, 30),
    )
    return dossier


def test_group_one_runs_through_three_agencies_and_the_police_delay_is_theirs(
    bundle_world: dict[str, User],
) -> None:
    people = bundle_world
    dossier = _started(people)
    # the police cannot see the dossier before it is handed to them
    with pytest.raises(Http404):
        get_dossier_for_staff(people["congan"], dossier.pk)
    complete_step(
        dossier,
        actor=people["hotich"],
        title="Giấy khai sinh",
        number="15/2024",
        at=vn(2024, 3, 4, 10),
    )
    complete_step(
        dossier, actor=people["lanhdao"], title="Giấy khai sinh đã ký", at=vn(2024, 3, 4, 11)
    )
    step = open_step(dossier)
    assert step is not None
    assert step.to_unit.code == "CA30406"
    assert "Giấy khai sinh đã ký" in step.note  # the output of one step is the input of the next
    assert get_dossier_for_staff(people["congan"], dossier.pk).pk == dossier.pk
    with pytest.raises(IllegalAct, match="Công an thị trấn Phú Mỹ"):
        complete_step(dossier, actor=people["bhxh"], title="Thẻ BHYT")  # not BHXH's turn
    late = step.step_due_at + dt.timedelta(hours=4)
    complete_step(dossier, actor=people["congan"], title="Đăng ký thường trú", at=late)
    resolved = complete_step(
        dossier,
        actor=people["bhxh"],
        title="Thẻ BHYT",
        number="TE1234",
        at=late + dt.timedelta(hours=1),
    )
    assert isinstance(resolved, Dossier)
    assert resolved.status == "resolved"
    return_result(
        resolved, actor=people["tiepnhan"], method="electronic", at=late + dt.timedelta(hours=2)
    )
    assert StepOutput.objects.filter(hand_over__dossier=dossier).count() == 4

    commune = Unit.objects.get(code="30406")
    rows = {r.unit: r for r in attribution({commune.pk}, dt.date(2024, 3, 1), dt.date(2024, 3, 31))}
    assert rows["Công an thị trấn Phú Mỹ"].late == 1
    assert rows["Bảo hiểm xã hội huyện Phú Tân"].late == 0
    assert rows["Thị trấn Phú Mỹ"].late == 0
    # steps 2–5 were handed over (step 1 is the intake itself, step 6 the return)
    assert sum(r.early + r.on_time + r.late for r in rows.values()) == 4
    report = ii06a(commune, dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert report.total["c3"] == 1  # one application, counted once
    police = Unit.objects.get(code="CA30406")
    assert ii06a(police, dt.date(2024, 3, 1), dt.date(2024, 3, 31)).total["c3"] == 0

    client = Client()
    client.force_login(people["tiepnhan"])
    page = client.get("/lien-thong/thong-ke/", {"tu": "01/03/2024", "den": "31/03/2024"})
    html = page.content.decode()
    assert "Từ ngày 01/03/2024 đến ngày 31/03/2024" in html
    assert 'id="tu" name="tu" value="01/03/2024" inputmode="numeric"' in html
    police_row = html.split('data-unit="Công an thị trấn Phú Mỹ"')[1].split("</tr>")[0]
    assert '<td class="num" data-col="late">1</td>' in police_row
    for query in ({"tu": "2024-03-01", "den": "31/03/2024"}, {"tu": "01/03/2024", "den": "32/03"}):
        bad = client.get("/lien-thong/thong-ke/", query)
        assert bad.status_code == 400
        assert "không đúng" in bad.content.decode()
        assert "ngày/tháng/năm (dd/mm/yyyy)" in bad.content.decode()


def test_a_step_waiting_on_another_agency_cannot_finish_until_it_is_cleared(
    bundle_world: dict[str, User],
) -> None:
    people = bundle_world
    dossier = _started(people)
    police = Unit.objects.get(code="CA30406")
    wait = add_wait(
        dossier,
        actor=people["hotich"],
        reason="Điều chỉnh thông tin chủ hộ trước khi xóa thường trú",
        waiting_on=police,
    )
    with pytest.raises(IllegalAct, match="Bước đang chờ"):
        complete_step(dossier, actor=people["hotich"], title="Giấy khai sinh")
    with pytest.raises(IllegalAct, match="Chỉ Công an"):
        clear_wait(wait, actor=people["lanhdao"])
    clear_wait(wait, actor=people["congan"])
    complete_step(dossier, actor=people["hotich"], title="Giấy khai sinh")
    step = open_step(dossier)
    assert step is not None
    assert step.step_order == 3


def test_an_ordinary_dossier_is_not_a_bundle(bundle_world: dict[str, User]) -> None:
    people = bundle_world
    dossier = receive_dossier(intake("1.000894"), actor=people["tiepnhan"], at=vn(2024, 3, 4, 8))
    with pytest.raises(IllegalAct, match="không phải hồ sơ liên thông"):
        complete_step(dossier, actor=people["tiepnhan"], title="x")


def test_the_inbox_offers_only_units_that_exist_on_the_day(
    bundle_world: dict[str, User], client: Client
) -> None:
    with time_machine.travel(vn(2026, 3, 2, 9), tick=False):
        client.force_login(bundle_world["congan"])
        response = client.get("/lien-thong/")
    assert response.status_code == 200, response
    options = [unit.name for unit in response.context["units"]]  # the "Cơ quan" choices
    assert "Xã Phú Tân" in options
    assert "Thị trấn Phú Mỹ" not in options  # ended 30/6/2025
    assert "Huyện Phú Tân" not in options
