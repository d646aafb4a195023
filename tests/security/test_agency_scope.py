"""An inter-linked agency acts only on its own step, only while it holds it; afterwards it sees
only its own step's record (read-only); a unit's certificate is used only by a leader of that
unit."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.accounts.services import create_or_update_staff
from motcua.bundles.models import StepOutput
from motcua.bundles.services import complete_step
from motcua.domain.dossier_states import Action
from motcua.dossiers.models import Dossier, DossierComponent, HandOver
from motcua.dossiers.permissions import (
    AGENCY_STEP,
    ROLES_FOR_ACTION,
    Forbidden,
    components_visible_to,
    get_dossier_for_staff,
    may_open_component,
)
from motcua.results.permissions import dossier_for_issue, may_certify, may_issue
from motcua.units.models import Unit
from tests.bundles.conftest import bundle_world
from tests.bundles.test_bundles import _started
from tests.conftest import PASSWORD
from tests.dossiers.conftest import vn

__all__ = ["bundle_world"]
NOT_THEIRS = [
    Action.SUSPEND,
    Action.RESUME,
    Action.HAND_OVER,
    Action.REQUEST_SUPPLEMENT,
    Action.EXTEND,
    Action.APPROVE,
    Action.REFUSE,
    "collect_fee",
]


def _at_the_police(people: dict[str, User]) -> Dossier:
    dossier = _started(people)
    complete_step(dossier, actor=people["hotich"], title="Giấy khai sinh", at=vn(2024, 3, 4, 10))
    complete_step(dossier, actor=people["lanhdao"], title="Đã ký", at=vn(2024, 3, 4, 11))
    return dossier


@pytest.mark.parametrize("action", NOT_THEIRS)
def test_while_it_holds_its_step_the_agency_may_do_only_its_step_s_acts(
    bundle_world: dict[str, User], action: Action | str
) -> None:
    dossier = _at_the_police(bundle_world)
    police = bundle_world["congan"]
    assert get_dossier_for_staff(police, dossier.pk).pk == dossier.pk
    assert get_dossier_for_staff(police, dossier.pk, AGENCY_STEP).pk == dossier.pk
    with pytest.raises(Forbidden, match="Cơ quan liên thông"):
        get_dossier_for_staff(police, dossier.pk, action)


def test_after_its_step_the_agency_no_longer_sees_the_dossier(
    bundle_world: dict[str, User],
) -> None:
    dossier = _at_the_police(bundle_world)
    police = bundle_world["congan"]
    complete_step(dossier, actor=police, title="Đăng ký thường trú", at=vn(2024, 3, 4, 14))
    for action in ("view", AGENCY_STEP, Action.SUSPEND, Action.RESUME):
        with pytest.raises(Http404):
            get_dossier_for_staff(police, dossier.pk, action)


def test_a_leader_of_the_agency_cannot_issue_with_the_commune_s_certificate(
    bundle_world: dict[str, User],
) -> None:
    dossier = _at_the_police(bundle_world)
    police_leader = create_or_update_staff(
        username="truongcongan",
        full_name="Trưởng Công an",
        role=Role.LEADER,
        password=PASSWORD,
        unit=Unit.objects.get(code="CA30406"),
    )
    with pytest.raises(Forbidden):
        dossier_for_issue(police_leader, dossier.pk)
    assert not may_issue(police_leader, dossier)
    assert not may_certify(police_leader, dossier)
    assert may_issue(bundle_world["lanhdao"], dossier)


def _police_done(people: dict[str, User]) -> Dossier:
    """The police finished their step; the dossier is at social insurance, then resolved."""
    dossier = _started(people)
    complete_step(
        dossier, actor=people["hotich"], title="Tờ trình khai sinh", at=vn(2024, 3, 4, 10)
    )
    complete_step(
        dossier,
        actor=people["lanhdao"],
        title="Giấy khai sinh đã ký",
        number="15/2024",
        at=vn(2024, 3, 4, 11),
    )
    complete_step(
        dossier,
        actor=people["congan"],
        title="Đăng ký thường trú cho trẻ",
        number="TT-2024-77",
        at=vn(2024, 3, 4, 14),
    )
    return dossier


def test_after_its_step_the_agency_sees_its_own_step_s_record_and_nothing_else(
    bundle_world: dict[str, User], client: Client
) -> None:
    dossier = _police_done(bundle_world)
    complete_step(dossier, actor=bundle_world["bhxh"], title="Thẻ BHYT TE1234", at=vn(2024, 3, 5))
    own = HandOver.objects.get(dossier=dossier, to_unit__code="CA30406")
    client.force_login(bundle_world["congan"])
    inbox = client.get("/lien-thong/").content.decode()
    assert "Đã xử lý" in inbox
    assert f"/lien-thong/buoc/{own.pk}/" in inbox
    response = client.get(f"/lien-thong/buoc/{own.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert dossier.code is not None
    for shown in (
        dossier.code,
        "Công an xã đăng ký thường trú",  # its step
        "Chuyển kèm: Giấy khai sinh đã ký 15/2024",  # what was handed to it, by whom, when
        "lanhdao",
        "11:00 04/03/2024",
        "Đăng ký thường trú cho trẻ",  # what it recorded, by whom, when
        "TT-2024-77",
        "congan",
        "14:00 04/03/2024",
    ):
        assert shown in page, shown
    for hidden in (
        "089190000123",  # the applicant's identity number, phone, address
        "0912 345 678",
        "Khóm Trung 3",
        "Tờ khai đăng ký kết hôn",  # the citizen's documents
        "Tờ trình khai sinh",  # other steps' records
        "Thẻ BHYT TE1234",
    ):
        assert hidden not in page, hidden


def test_another_unit_s_step_record_and_the_dossier_page_are_not_the_agency_s(
    bundle_world: dict[str, User], client: Client
) -> None:
    dossier = _police_done(bundle_world)
    client.force_login(bundle_world["congan"])
    assert client.get(f"/ho-so/{dossier.pk}/").status_code == 404
    for other in HandOver.objects.filter(dossier=dossier).exclude(to_unit__code="CA30406"):
        assert client.get(f"/lien-thong/buoc/{other.pk}/").status_code == 404
    # nor is the police's record anyone else's: the commune's staff, social insurance
    own = HandOver.objects.get(dossier=dossier, to_unit__code="CA30406")
    for someone_else in ("bhxh", "lanhdao"):
        client.force_login(bundle_world[someone_else])
        assert client.get(f"/lien-thong/buoc/{own.pk}/").status_code == 404


def test_after_its_step_every_act_of_the_agency_is_refused(
    bundle_world: dict[str, User], client: Client
) -> None:
    dossier = _police_done(bundle_world)
    police = bundle_world["congan"]
    for action in ROLES_FOR_ACTION:
        with pytest.raises(Http404):
            get_dossier_for_staff(police, dossier.pk, action)
    own = HandOver.objects.get(dossier=dossier, to_unit__code="CA30406")
    dossier.refresh_from_db()
    before = (dossier.status, dossier.hand_overs.count(), StepOutput.objects.count())
    client.force_login(police)
    pk = dossier.pk
    posts = [f"/ho-so/{pk}/{action.value}/" for action in Action]
    posts += [f"/ho-so/{pk}/thu-phi/", f"/lien-thong/{pk}/hoan-thanh/", f"/lien-thong/{pk}/cho/"]
    posts += [f"/xac-minh/ho-so/{pk}/chung-thuc/", f"/xac-minh/ho-so/{pk}/phat-hanh/"]
    posts += [f"/lien-thong/buoc/{own.pk}/"]  # the record itself is read-only
    for url in posts:
        response = client.post(url, {"ket_qua": "Đăng ký lại", "reason": "x"})
        assert response.status_code in (403, 404, 405), url
    fresh = Dossier.objects.get(pk=pk)
    assert (fresh.status, fresh.hand_overs.count(), StepOutput.objects.count()) == before


# While its step is open: only what the step needs.
def _page(user: User, path: str) -> tuple[int, str]:
    client = Client()
    client.force_login(user)
    answer = client.get(path)
    return answer.status_code, answer.content.decode(errors="replace")


def test_during_its_step_the_agency_sees_only_what_its_step_needs(
    bundle_world: dict[str, User],
) -> None:
    dossier = _police_done(bundle_world)  # social insurance holds step 5 now
    Dossier.objects.filter(pk=dossier.pk).update(applicant_phone="0912 999 888")
    for name in ("Tờ khai điện tử liên thông (Mẫu số 01)", "Giấy chứng sinh"):
        DossierComponent.objects.create(dossier=dossier, name=name, copy_kind="original")
    status, html = _page(bundle_world["bhxh"], f"/ho-so/{dossier.pk}/")
    assert status == 200
    assert dossier.applicant_name in html
    assert "Cơ quan BHXH cấp thẻ BHYT" in html  # its own step
    assert "Giấy khai sinh đã ký" in html  # the commune's result, handed on to it
    assert "Tờ khai điện tử liên thông (Mẫu số 01)" in html
    for hidden in (
        "Đăng ký thường trú cho trẻ",  # the police's output: another agency's
        "TT-2024-77",
        "Giấy chứng sinh",  # a component its step does not need
        "Tờ khai đăng ký kết hôn",
        "0912 999 888",  # not identification
        "Lịch sử",
        "Tạm dừng",  # the commune's acts
    ):
        assert hidden not in html, hidden
    visible = components_visible_to(bundle_world["bhxh"], dossier)
    assert [c.name for c in visible] == ["Tờ khai điện tử liên thông (Mẫu số 01)"]
    assert len(components_visible_to(bundle_world["tiepnhan"], dossier)) == 3


def test_during_its_step_the_commune_s_documents_are_404_for_the_agency(
    bundle_world: dict[str, User],
) -> None:
    dossier = _at_the_police(bundle_world)
    police = bundle_world["congan"]
    document = dossier.documents.first()
    assert document is not None  # the receipt issued at acceptance
    paths = [
        f"/ho-so/{dossier.pk}/van-ban/{document.pk}/",
        f"/ho-so/{dossier.pk}/phieu-kiem-soat/",
    ]
    for path in paths:
        assert _page(bundle_world["tiepnhan"], path)[0] == 200
        assert _page(police, path)[0] == 404, path
    component = dossier.components.get()
    assert not may_open_component(police, component)
    assert may_open_component(bundle_world["tiepnhan"], component)


def test_the_agency_holding_a_step_sees_no_button_for_an_act_the_server_refuses(
    bundle_world: dict[str, User], client: Client
) -> None:
    dossier = _at_the_police(bundle_world)
    client.force_login(bundle_world["congan"])  # the police, holding its step: the step-only page
    page = client.get(f"/ho-so/{dossier.pk}/").content.decode()
    offered = [a for a in Action if f"/ho-so/{dossier.pk}/{a.value}/" in page]
    assert offered == []
    assert f"/ho-so/{dossier.pk}/thu-phi/" not in page
    # the competent commune's specialist, on the same dossier, is offered its acts
    client.force_login(bundle_world["hotich"])
    assert f"/ho-so/{dossier.pk}/suspend/" in client.get(f"/ho-so/{dossier.pk}/").content.decode()
