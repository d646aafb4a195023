"""The acts inside the process (dossiers/steps.py, processing.approve): the specialist's
appraisal and draft result, sending back to the previous step, the leader's approval comment;
each refused to whoever is not its holder, another unit, a citizen; nothing changed then."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.models import AuditEvent
from motcua.citizens.services import register_citizen
from motcua.dossiers.countdown import countdown
from motcua.dossiers.models import Dossier, HandOver, Opinion
from motcua.dossiers.processing import hand_over
from motcua.dossiers.services import DossierError, IllegalAct, accept_dossier, receive_dossier
from motcua.dossiers.steps import appraise, send_back
from motcua.units.models import Unit
from motcua.units.services import UnitSpec, add_unit
from tests.dossiers.conftest import intake, vn

pytestmark = pytest.mark.usefixtures("reference")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(make_staff) -> dict[str, User]:  # type: ignore[no-untyped-def]
    unit = Unit.objects.get(code="30406")
    other, _ = add_unit(
        UnitSpec("OTHER", "Xã Khác", "commune", parent_code="89", agency_code="000.02.31.H01")
    )
    people: dict[str, User] = {}
    for role, name, where in [
        (Role.RECEIVING_OFFICER, "tiepnhan", unit),
        (Role.SPECIALIST, "chuyenvien", unit),
        (Role.LEADER, "lanhdao", unit),
        (Role.LEADER, "lanhdao2", unit),
        (Role.SPECIALIST, "chuyenvienkhac", other),
    ]:
        user = make_staff(role, name, f"Cán bộ {name}")
        user.unit = where
        user.save()
        people[name] = user
    return people


@pytest.fixture
def at_specialist(people: dict[str, User]) -> Dossier:
    officer = people["tiepnhan"]
    dossier = receive_dossier(intake(), actor=officer, at=vn(2024, 3, 4, 8, 0))
    accept_dossier(dossier, actor=officer, at=vn(2024, 3, 4, 8, 0))
    hand_over(dossier, actor=officer, to_user=people["chuyenvien"], step_order=2)
    dossier.refresh_from_db()
    return dossier


def _state(dossier: Dossier) -> dict[str, object]:
    fresh = Dossier.objects.get(pk=dossier.pk)
    return {
        "status": fresh.status,
        "assignee": fresh.assignee_id,
        "due": fresh.due_at,
        "clock": fresh.clock_events,
        "hand_overs": list(
            HandOver.objects.filter(dossier=dossier).values_list("seq", "to_user", "finished_at")
        ),
        "opinions": Opinion.objects.filter(dossier=dossier).count(),
        "events": list(
            AuditEvent.objects.filter(object_type="dossier", object_id=str(dossier.pk))
            .exclude(action="read_personal_data")
            .values_list("action", flat=True)
        ),
    }


def _post(client: Client, user: User, dossier: Dossier, action: str, **form: object) -> str:
    client.force_login(user)
    response = client.post(f"/ho-so/{dossier.pk}/{action}/", form, follow=True)
    return response.content.decode()


def test_the_specialist_appraises_with_a_draft_that_the_leader_sees_and_opens(
    client: Client, people: dict[str, User], at_specialist: Dossier
) -> None:
    empty = _post(client, people["chuyenvien"], at_specialist, "appraise", opinion="  ")
    assert "Phải ghi ý kiến thẩm định." in empty
    bad = SimpleUploadedFile("du-thao.exe", b"MZ\x90\x00 not a pdf", "application/pdf")
    refused = _post(
        client, people["chuyenvien"], at_specialist, "appraise", opinion="Đủ điều kiện", draft=bad
    )
    assert "Dự thảo kết quả: Chỉ nhận tệp PDF, PNG hoặc JPEG" in refused
    assert Opinion.objects.filter(dossier=at_specialist).count() == 0
    draft = SimpleUploadedFile("Dự thảo GCN kết hôn.pdf", PDF, "application/pdf")
    page = _post(
        client,
        people["chuyenvien"],
        at_specialist,
        "appraise",
        opinion="Hồ sơ đủ điều kiện đăng ký kết hôn, đề nghị lãnh đạo ký.",
        draft=draft,
    )
    assert "Đã ghi ý kiến thẩm định" in page
    opinion = Opinion.objects.get(dossier=at_specialist)
    assert opinion.kind == "appraisal"
    assert opinion.draft_file.name.endswith(".pdf")
    hand_over(at_specialist, actor=people["chuyenvien"], to_user=people["lanhdao"], step_order=3)
    client.force_login(people["lanhdao"])
    html = client.get(f"/ho-so/{at_specialist.pk}/").content.decode()
    assert "Hồ sơ đủ điều kiện đăng ký kết hôn, đề nghị lãnh đạo ký." in html
    assert "Ý kiến thẩm định" in html
    assert opinion.draft_file.name not in html  # a link, never the storage path
    response = client.get(f"/ho-so/{at_specialist.pk}/du-thao/{opinion.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == PDF
    # staff of another unit: not found
    client.force_login(people["chuyenvienkhac"])
    assert client.get(f"/ho-so/{at_specialist.pk}/du-thao/{opinion.pk}/").status_code == 404


def test_leader_sends_back_with_a_reason_the_specialist_resubmits_the_clock_runs_on(
    client: Client, people: dict[str, User], at_specialist: Dossier
) -> None:
    hand_over(at_specialist, actor=people["chuyenvien"], to_user=people["lanhdao"], step_order=3)
    before = _state(at_specialist)
    empty = _post(client, people["lanhdao"], at_specialist, "send_back", reason=" ")
    assert "Phải ghi lý do trả lại bước trước." in empty
    assert _state(at_specialist) == before
    page = _post(
        client,
        people["lanhdao"],
        at_specialist,
        "send_back",
        reason="Thiếu xác nhận tình trạng hôn nhân",
    )
    assert "Đã trả lại bước trước" in page
    dossier = Dossier.objects.get(pk=at_specialist.pk)
    assert dossier.assignee == people["chuyenvien"]
    assert dossier.status == "in_progress"
    # internal to the process: the legal clock neither stops nor moves
    assert dossier.due_at == before["due"]
    assert dossier.clock_events == before["clock"]
    assert countdown(dossier, dt.date(2024, 3, 5)) != "paused"
    back = dossier.hand_overs.order_by("-seq").first()
    assert back is not None
    assert back.to_user == people["chuyenvien"]
    assert back.step_order == 2
    assert back.note == "Thiếu xác nhận tình trạng hôn nhân"
    client.force_login(people["chuyenvien"])
    html = client.get(f"/ho-so/{dossier.pk}/").content.decode()
    assert "trả lại bước trước — Lý do: Thiếu xác nhận tình trạng hôn nhân" in html
    assert "send_back" not in html.split("Nhật ký hồ sơ")[1]  # the label, not the code
    # the specialist resubmits; the leader approves with a comment kept in the history
    hand_over(dossier, actor=people["chuyenvien"], to_user=people["lanhdao"], step_order=3)
    page = _post(
        client, people["lanhdao"], dossier, "approve", comment="Đồng ý, ký ban hành trong ngày."
    )
    assert "Đã phê duyệt kết quả" in page
    assert "phê duyệt kết quả — Ý kiến phê duyệt: Đồng ý, ký ban hành trong ngày." in page
    assert Opinion.objects.get(dossier=dossier, kind="approval").text.startswith("Đồng ý")


def test_the_specialist_sends_back_to_the_receiving_officer(
    people: dict[str, User], at_specialist: Dossier
) -> None:
    with pytest.raises(DossierError, match="Phải ghi lý do"):
        send_back(at_specialist, actor=people["chuyenvien"], reason="")
    returned = send_back(at_specialist, actor=people["chuyenvien"], reason="Sai mẫu tờ khai")
    assert returned.to_user == people["tiepnhan"]
    assert returned.step_name == "Trả lại bước trước"
    assert Dossier.objects.get(pk=at_specialist.pk).assignee == people["tiepnhan"]


@pytest.mark.parametrize(
    ("who", "action", "form", "status"),
    [
        # a leader of the unit, but the dossier is at the specialist's step: refused (403 page
        # message), nothing changed
        ("lanhdao", "send_back", {"reason": "Không ở bước tôi"}, "forbidden"),
        ("lanhdao2", "appraise", {"opinion": "Ý kiến"}, "forbidden"),
        # the specialist of another unit does not even see the dossier
        ("chuyenvienkhac", "send_back", {"reason": "x"}, 404),
        ("chuyenvienkhac", "appraise", {"opinion": "x"}, 404),
        # the receiving officer may not appraise (role)
        ("tiepnhan", "appraise", {"opinion": "x"}, "forbidden"),
    ],
)
def test_denials_change_nothing(
    client: Client,
    people: dict[str, User],
    at_specialist: Dossier,
    who: str,
    action: str,
    form: dict[str, str],
    status: object,
) -> None:
    before = _state(at_specialist)
    client.force_login(people[who])
    response = client.post(f"/ho-so/{at_specialist.pk}/{action}/", form)
    if status == 404:
        assert response.status_code == 404
    else:
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "Hồ sơ không ở bước của bạn" in page or "Vai trò của bạn không được" in page
    assert _state(at_specialist) == before


def test_the_api_refuses_a_leader_not_at_his_step_with_403_and_a_citizen_entirely(
    client: Client, people: dict[str, User], at_specialist: Dossier
) -> None:
    before = _state(at_specialist)
    client.force_login(people["lanhdao"])
    response = client.post(
        f"/api/v1/dossiers/{at_specialist.pk}/send-back",
        {"reason": "Không ở bước tôi"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "Hồ sơ không ở bước của bạn" in response.json()["detail"]
    citizen = register_citizen(
        personal_id="089190000123", full_name="Nguyễn Thị Ngọc Ánh", password=None
    )
    client.force_login(citizen.user)
    assert client.post(f"/ho-so/{at_specialist.pk}/send_back/", {"reason": "x"}).status_code in (
        403,
        404,
    )
    api = client.post(
        f"/api/v1/dossiers/{at_specialist.pk}/appraise",
        {"opinion": "x"},
        content_type="application/json",
    )
    assert api.status_code in (401, 403, 404)
    assert _state(at_specialist) == before
    # through the API, the holder's appraisal works
    client.force_login(people["chuyenvien"])
    ok = client.post(
        f"/api/v1/dossiers/{at_specialist.pk}/appraise",
        {"opinion": "Đủ điều kiện"},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert "appraise" in ok.json()["allowed_actions"]


def test_the_service_itself_refuses_an_officer_not_holding_the_dossier(
    people: dict[str, User], at_specialist: Dossier
) -> None:
    with pytest.raises(IllegalAct, match="không ở bước của bạn"):
        appraise(at_specialist, actor=people["lanhdao"], opinion="x")
    with pytest.raises(IllegalAct, match="không ở bước của bạn"):
        send_back(at_specialist, actor=people["lanhdao"], reason="x")
