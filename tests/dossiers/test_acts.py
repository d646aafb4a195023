"""The registry of legal acts (dossiers/acts.py) against the state machine, the pages and the API:
every act a role can reach has a handler, a Vietnamese label, a form and a route; the dossier
page offers only what the server would do; the acts that had no handler now work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.template.loader import get_template
from django.test import Client
from django.test.utils import CaptureQueriesContext

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.models import AuditEvent
from motcua.calendars.models import OfficeSessions
from motcua.domain.dossier_states import Action, Status, allowed_actions
from motcua.dossiers.acts import ACTS, acts_for
from motcua.dossiers.api import router
from motcua.dossiers.countdown import countdown
from motcua.dossiers.models import Dossier
from motcua.dossiers.obligations import fulfil_financial_obligation, request_financial_obligation
from motcua.dossiers.permissions import ROLES_FOR_ACTION
from motcua.dossiers.processing import hand_over
from motcua.dossiers.services import (
    ComponentIn,
    DossierError,
    accept_dossier,
    receive_dossier,
    request_intake_supplement,
    resubmit_dossier,
)
from motcua.units.models import Unit
from motcua.units.tree import units_served_by
from tests.dossiers.conftest import intake, vn

VIETNAMESE = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def _reachable() -> set[tuple[Status, Action, Role]]:
    return {
        (status, action, role)
        for status in Status
        for action in allowed_actions(status)
        for role in ROLES_FOR_ACTION[action]
    }


def test_every_act_a_role_can_reach_has_a_handler_a_label_a_form_and_a_route() -> None:
    reachable = _reachable()
    assert reachable, "the state machine lets someone act"
    routes = set(router.path_operations)
    for _status, action, _role in reachable:
        spec = ACTS[action]  # a KeyError names the act without a handler
        assert spec.action is action
        assert set(spec.label) & VIETNAMESE, f"{action}: no Vietnamese label"
        get_template(f"dossiers/act_forms/{spec.form}.html")
        assert f"/{{id:dossier_id}}/{spec.path}" in routes, f"{action}: no API route"
    # and nothing in the registry that no status allows or no role may do
    assert set(ACTS) == {action for _s, action, _r in reachable}


@pytest.mark.usefixtures("reference")
class TestOnThePages:
    @pytest.fixture
    def people(self, make_staff) -> dict[str, User]:  # type: ignore[no-untyped-def]
        unit = Unit.objects.get(code="30406")
        people: dict[str, User] = {}
        for role, name in [
            (Role.RECEIVING_OFFICER, "tiepnhan"),
            (Role.SPECIALIST, "chuyenvien"),
            (Role.LEADER, "lanhdao"),
        ]:
            user = make_staff(role, name)
            user.unit = unit
            user.save()
            people[name] = user
        return people

    @pytest.fixture
    def in_progress(self, people: dict[str, User]) -> Dossier:
        officer = people["tiepnhan"]
        dossier = receive_dossier(intake(), actor=officer, at=vn(2024, 3, 4, 8, 0))
        accept_dossier(dossier, actor=officer, at=vn(2024, 3, 4, 8, 0))
        hand_over(dossier, actor=officer, to_user=people["chuyenvien"], at=vn(2024, 3, 4, 8, 0))
        dossier.refresh_from_db()
        assert dossier.due_at == vn(2024, 3, 7, 17, 0)
        return dossier

    def _post(self, client: Client, user: User, dossier: Dossier, action: str, **form: str) -> str:
        client.force_login(user)
        response = client.post(f"/ho-so/{dossier.pk}/{action}/", form, follow=True)
        return response.content.decode()

    def test_a_financial_obligation_is_requested_and_fulfilled_and_its_wait_does_not_count(
        self, client: Client, people: dict[str, User], in_progress: Dossier
    ) -> None:
        with_obligation = self._post(
            client, people["chuyenvien"], in_progress, "request_financial_obligation"
        )
        assert "Phải ghi nghĩa vụ tài chính" in with_obligation  # nothing written without it
        assert Dossier.objects.get(pk=in_progress.pk).status == "in_progress"
        page = self._post(
            client,
            people["chuyenvien"],
            in_progress,
            "request_financial_obligation",
            obligation="Lệ phí trước bạ 500.000 đồng, nộp tại Kho bạc",
        )
        assert "Thao tác này chưa có trên giao diện" not in page
        assert "Đã yêu cầu thực hiện nghĩa vụ tài chính" in page
        dossier = Dossier.objects.get(pk=in_progress.pk)
        assert dossier.status == "financial_obligation"
        # the officer at the desk sees the button to confirm the payment, the specialist does not
        client.force_login(people["tiepnhan"])
        assert (
            "fulfil_financial_obligation/" in client.get(f"/ho-so/{dossier.pk}/").content.decode()
        )
        client.force_login(people["chuyenvien"])
        assert "fulfil_financial_obligation/" not in (
            client.get(f"/ho-so/{dossier.pk}/").content.decode()
        )
        fulfilled = self._post(
            client, people["tiepnhan"], dossier, "fulfil_financial_obligation", evidence="BL 0012"
        )
        assert "Đã xác nhận đã thực hiện nghĩa vụ tài chính" in fulfilled
        assert Dossier.objects.get(pk=dossier.pk).status == "in_progress"
        actions = AuditEvent.objects.filter(object_id=str(dossier.pk)).exclude(
            action="read_personal_data"
        )
        assert list(actions.values_list("action", flat=True))[-2:] == [
            "request_financial_obligation",
            "fulfil_financial_obligation",
        ]

    def test_the_wait_for_a_financial_obligation_does_not_count(
        self, people: dict[str, User], in_progress: Dossier
    ) -> None:
        waiting = request_financial_obligation(
            in_progress, actor=people["chuyenvien"], obligation="Thuế", at=vn(2024, 3, 5, 8)
        )
        assert countdown(waiting, dt.date(2024, 3, 20)) == "paused"
        fulfilled = fulfil_financial_obligation(
            waiting, actor=people["tiepnhan"], evidence="Biên lai 0012", at=vn(2024, 3, 7, 8)
        )
        # paused Tue 08:00 → Thu 08:00: two working days added to Thu 07/3 17:00
        assert fulfilled.due_at == vn(2024, 3, 11, 17, 0)

    def test_the_counter_resubmission_works_and_checks_components_as_at_receipt(
        self, client: Client, people: dict[str, User]
    ) -> None:
        officer = people["tiepnhan"]
        dossier = receive_dossier(intake(), actor=officer, at=vn(2024, 3, 4, 8, 0))
        request_intake_supplement(dossier, actor=officer, missing=["Bản sao CCCD"], reason="Thiếu")
        for bad in (ComponentIn(name="Bản sao", count=0), ComponentIn(name="A\x00B")):
            with pytest.raises(DossierError):
                resubmit_dossier(dossier, actor=officer, components=[bad])
        with pytest.raises(DossierError, match="dài quá"):
            resubmit_dossier(dossier, actor=officer, components=[ComponentIn(name="x" * 600)])
        assert Dossier.objects.get(pk=dossier.pk).status == "intake_supplement"
        assert dossier.components.count() == 1
        page = self._post(
            client, officer, dossier, "resubmit", components="Bản sao CCCD\n", digitised="on"
        )
        assert "Đã nộp lại hồ sơ đã bổ sung" in page
        assert Dossier.objects.get(pk=dossier.pk).status == "received"
        assert list(dossier.components.values_list("name", "digitised")) == [
            ("Tờ khai đăng ký kết hôn", True),
            ("Bản sao CCCD", True),
        ]

    def test_the_extension_ends_at_the_province_s_office_close(
        self, client: Client, people: dict[str, User], in_progress: Dossier
    ) -> None:
        province = in_progress.competent_unit.province()
        assert province is not None
        OfficeSessions.objects.create(province=province, afternoon_end=dt.time(16, 30))
        refused = self._post(
            client, people["lanhdao"], in_progress, "extend", new_due="2024-03-12", reason="x"
        )
        assert "ngày/tháng/năm" in refused
        self._post(
            client,
            people["lanhdao"],
            in_progress,
            "extend",
            new_due="12/03/2024",
            reason="Chờ xác minh",
        )
        assert Dossier.objects.get(pk=in_progress.pk).due_at == vn(2024, 3, 12, 16, 30)

    def test_each_role_sees_the_buttons_of_its_own_acts_only(
        self, client: Client, people: dict[str, User], in_progress: Dossier
    ) -> None:
        shown = {}
        for name, user in people.items():
            client.force_login(user)
            html = client.get(f"/ho-so/{in_progress.pk}/").content.decode()
            shown[name] = {a.value for a in Action if f"/{in_progress.pk}/{a.value}/" in html}
        assert shown["chuyenvien"] == {
            "hand_over",
            "appraise",
            "send_back",
            "request_supplement",
            "suspend",
            "request_financial_obligation",
        }
        assert shown["lanhdao"] == {"hand_over", "extend", "approve", "refuse"}
        assert shown["tiepnhan"] == {"hand_over", "withdraw"}


def test_the_buttons_read_the_units_the_user_serves_once(demo: None) -> None:
    """The dossier page asks every act allowed in the status whether the user may do it; the
    units the user serves (xã Phú Tân and thị trấn Phú Mỹ, which it took over) are read once."""
    officer = User.objects.get(username="tiepnhan")
    assert officer.unit is not None
    dossier = accept_dossier(receive_dossier(intake(), actor=officer), actor=officer)
    assert len(allowed_actions(Status(dossier.status))) >= 2
    assert acts_for(officer, dossier)  # buttons are offered

    def walks(call: Callable[[], object]) -> int:
        with CaptureQueriesContext(connection) as captured:
            call()
        return sum("successor_id" in query["sql"] for query in captured.captured_queries)

    once = walks(lambda: units_served_by(officer.unit))  # type: ignore[arg-type]
    assert once >= 2  # a merger: the walk takes a statement per level
    assert walks(lambda: acts_for(officer, dossier)) == once
