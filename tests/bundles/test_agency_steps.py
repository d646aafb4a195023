"""An inter-linked agency's working day (/lien-thong/): the steps handed to it, each with the
documents the step needs openable from the list (only those); completing the step; returning
it to the commune with a reason, which the commune sees on the dossier. Another agency, the
commune's own staff and a citizen are refused, and nothing changes then."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import Client
from pytest_django import Settings

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.bundles.services import complete_step, open_step
from motcua.catalog.models import Component
from motcua.citizens.models import SubmittedFile
from motcua.citizens.services import checked, register_citizen, save_draft, start_draft
from motcua.citizens.submission import submit_draft
from motcua.dossiers.models import Dossier, DossierComponent, HandOver, Opinion
from motcua.dossiers.processing import hand_over
from motcua.dossiers.services import accept_dossier
from motcua.units.models import Unit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NEEDED = "Tờ khai điện tử liên thông (Mẫu số 01)"
NOT_NEEDED = "Giấy chứng nhận kết hôn của cha mẹ"
REASON = "Thiếu địa chỉ nơi thường trú của mẹ trong tờ khai"


@pytest.fixture
def at_the_police(bundle_world: dict[str, User], settings: Settings, tmp_path: Path) -> Dossier:
    settings.MEDIA_ROOT = tmp_path / "media"
    return bundle_at_the_police(bundle_world)


def bundle_at_the_police(people: dict[str, User]) -> Dossier:
    """An online bundle whose declaration (the step's need) is a file; a paper the police do
    not need is in the dossier too. The commune registers the birth and signs: step 4."""
    Component.objects.filter(version__procedure__code="2.002621").update(name=NEEDED)
    mother = register_citizen(
        personal_id="089190000123", full_name="Nguyễn Thị Ngọc Ánh", password=None
    )
    draft = start_draft(mother, "2.002621")
    component = draft.procedure_version.components.first()
    assert component is not None
    upload = io.BytesIO(PDF)
    upload.name = "to-khai.pdf"
    draft = save_draft(
        draft,
        data={},
        unit=Unit.objects.get(code="30406"),
        uploads={component.pk: checked("to-khai.pdf", upload)},
        reuse={},
    )
    dossier = accept_dossier(submit_draft(draft), actor=people["tiepnhan"])
    DossierComponent.objects.create(dossier=dossier, name=NOT_NEEDED, copy_kind="copy")
    hand_over(dossier, actor=people["tiepnhan"], to_user=people["hotich"], step_order=2)
    complete_step(dossier, actor=people["hotich"], title="Giấy khai sinh số 15/2024")
    complete_step(dossier, actor=people["lanhdao"], title="Giấy khai sinh đã ký")
    dossier.refresh_from_db()
    step = open_step(dossier)
    assert step is not None
    assert step.to_unit.code == "CA30406"
    return dossier


def _state(dossier: Dossier) -> dict[str, object]:
    fresh = Dossier.objects.get(pk=dossier.pk)
    return {
        "status": fresh.status,
        "due": fresh.due_at,
        "clock": fresh.clock_events,
        "assignee": fresh.assignee_id,
        "steps": list(
            HandOver.objects.filter(dossier=dossier).values_list("seq", "to_unit", "finished_at")
        ),
        "opinions": Opinion.objects.filter(dossier=dossier).count(),
        "acts": AuditEvent.objects.filter(object_type="dossier", object_id=str(dossier.pk))
        .exclude(action="read_personal_data")
        .count(),
    }


def test_the_police_inbox_lists_the_step_with_only_the_documents_it_needs(
    client: Client, bundle_world: dict[str, User], at_the_police: Dossier
) -> None:
    client.force_login(bundle_world["congan"])
    html = client.get("/lien-thong/").content.decode()
    assert f'data-dossier="{at_the_police.code}"' in html
    assert NEEDED in html
    assert NOT_NEEDED not in html
    needed = SubmittedFile.objects.get(component__dossier=at_the_police).component
    link = f"/cong-dan/can-bo/thanh-phan/{needed.pk}/"
    assert link in html
    assert f"/ho-so/{at_the_police.pk}/" in html  # the step's page
    opened = client.get(link)
    assert opened.status_code == 200
    assert opened.content == PDF
    other = DossierComponent.objects.get(dossier=at_the_police, name=NOT_NEEDED)
    assert client.get(f"/cong-dan/can-bo/thanh-phan/{other.pk}/").status_code == 404
    assert "Trả bước về" in html


def test_the_police_return_their_step_to_the_commune_with_a_reason(
    client: Client, bundle_world: dict[str, User], at_the_police: Dossier
) -> None:
    people = bundle_world
    before = _state(at_the_police)
    client.force_login(people["congan"])
    empty = client.post(f"/lien-thong/{at_the_police.pk}/tra-lai/", {"reason": " "}, follow=True)
    assert "Phải ghi lý do trả bước về cơ quan giải quyết." in empty.content.decode()
    assert _state(at_the_police) == before
    page = client.post(f"/lien-thong/{at_the_police.pk}/tra-lai/", {"reason": REASON}, follow=True)
    html = page.content.decode()
    assert f"Đã trả bước về Thị trấn Phú Mỹ: {at_the_police.code}" in html
    assert "Không có hồ sơ liên thông nào đang chờ đơn vị bạn." in html
    after = Dossier.objects.get(pk=at_the_police.pk)
    assert after.status == "in_progress"
    assert after.due_at == before["due"]
    assert after.clock_events == before["clock"]
    assert after.assignee == people["lanhdao"]  # who handed the step to the police
    back = after.hand_overs.order_by("-seq").first()
    assert back is not None
    assert back.to_unit.code == "30406"
    assert back.step_order == 3
    assert back.note == REASON
    police_step = after.hand_overs.get(step_order=4)
    assert police_step.finished_at is not None
    # the police no longer see the dossier, only their step's record
    assert client.get(f"/ho-so/{after.pk}/").status_code == 404
    # the commune sees the reason on the dossier and in its history
    client.force_login(people["lanhdao"])
    detail = client.get(f"/ho-so/{after.pk}/").content.decode()
    assert "Cơ quan liên thông trả lại bước" in detail
    assert REASON in detail
    assert f"trả bước liên thông về cơ quan giải quyết — Lý do: {REASON}" in detail
    assert "/send_back/" not in detail  # the police are no previous step of the commune's
    assert f'data-dossier="{after.code}"' in client.get("/lien-thong/").content.decode()
    # the commune settles it and hands the step on again: the police hold it once more
    complete_step(after, actor=people["lanhdao"], title="Giấy khai sinh đã ký, tờ khai bổ sung")
    step = open_step(after)
    assert step is not None
    assert step.to_unit.code == "CA30406"
    assert step.step_order == 4


@pytest.mark.parametrize("who", ["bhxh", "lanhdao", "hotich"])
def test_others_may_not_return_the_police_step(
    client: Client, bundle_world: dict[str, User], at_the_police: Dossier, who: str
) -> None:
    """Another agency does not see the dossier (404); the commune's staff are not the agency
    holding the step (refused, the page says why; 403 from the API)."""
    before = _state(at_the_police)
    client.force_login(bundle_world[who])
    response = client.post(f"/lien-thong/{at_the_police.pk}/tra-lai/", {"reason": REASON})
    api = client.post(
        f"/api/v1/dossiers/{at_the_police.pk}/return-step",
        {"reason": REASON},
        content_type="application/json",
    )
    if who == "bhxh":
        assert response.status_code == 404
        assert api.status_code == 404
    else:
        assert response.status_code == 302
        assert api.status_code == 403
        message = client.get("/lien-thong/").content.decode()
        assert "Chỉ cơ quan liên thông đang thực hiện bước" in message
    assert _state(at_the_police) == before


def test_a_citizen_may_not_return_a_step(
    client: Client, bundle_world: dict[str, User], at_the_police: Dossier
) -> None:
    before = _state(at_the_police)
    mother = register_citizen(personal_id="089190000124", full_name="Lê Văn B", password=None)
    client.force_login(mother.user)
    response = client.post(f"/lien-thong/{at_the_police.pk}/tra-lai/", {"reason": REASON})
    assert response.status_code in (403, 404)
    assert _state(at_the_police) == before


def test_the_police_complete_their_step_with_its_output(
    client: Client, bundle_world: dict[str, User], at_the_police: Dossier
) -> None:
    client.force_login(bundle_world["congan"])
    page = client.post(
        f"/lien-thong/{at_the_police.pk}/hoan-thanh/",
        {"ket_qua": "Đăng ký thường trú cho trẻ", "so": "TT-127/2026"},
        follow=True,
    )
    assert f"Đã hoàn thành bước và chuyển hồ sơ {at_the_police.code}" in page.content.decode()
    step = at_the_police.hand_overs.get(step_order=4)
    assert step.output.title == "Đăng ký thường trú cho trẻ"
    assert step.output.number == "TT-127/2026"
    following = open_step(at_the_police)
    assert following is not None
    assert following.to_unit.name == "Bảo hiểm xã hội huyện Phú Tân"


def test_the_last_agency_step_finishes_the_process_it_does_not_approve_the_dossier(
    client: Client, bundle_world: dict[str, User], at_the_police: Dossier
) -> None:
    complete_step(at_the_police, actor=bundle_world["congan"], title="Đăng ký thường trú")
    client.force_login(bundle_world["bhxh"])
    client.post(
        f"/lien-thong/{at_the_police.pk}/hoan-thanh/",
        {"ket_qua": "Thẻ BHYT", "so": "TE1234567890"},
    )
    assert Dossier.objects.get(pk=at_the_police.pk).status == "resolved"
    client.force_login(bundle_world["lanhdao"])
    history = client.get(f"/ho-so/{at_the_police.pk}/").content.decode().split("Nhật ký hồ sơ")[1]
    assert (
        "bhxh (bhxh): hoàn thành bước liên thông cuối cùng, hồ sơ có kết quả — Bước: "
        "Cơ quan BHXH cấp thẻ BHYT cho trẻ em dưới 6 tuổi"
    ) in history
    assert "phê duyệt kết quả" not in history
