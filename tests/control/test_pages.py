"""The register's pages: who may see which unit, forms that call the services."""

from collections.abc import Callable

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.models import AuditEvent
from motcua.control.models import NarrativeDraft, Plan
from motcua.units.models import Unit
from tests.control.conftest import PERIOD

pytestmark = pytest.mark.django_db
Staff = Callable[[Role, str], User]


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_successor_communes_statistics_officer_keeps_phu_mys_register(staff_of: Staff) -> None:
    client = _client(staff_of(Role.STATISTICS_OFFICER, "30406-2025"))
    page = client.get(f"/kiem-soat/?don-vi=30406&{PERIOD}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kế hoạch số 169/KH-UBND" in text
    assert "Thị trấn Phú Mỹ" in text


def test_the_former_districts_leader_sees_its_communes(staff_of: Staff) -> None:
    client = _client(staff_of(Role.LEADER, "888"))
    assert client.get("/kiem-soat/?don-vi=30406").status_code == 200


def test_another_communes_officer_gets_404_for_phu_my(staff_of: Staff, other_commune: Unit) -> None:
    client = _client(staff_of(Role.STATISTICS_OFFICER, other_commune.code))
    plan = Plan.objects.get(unit__code="30406", number="169/KH-UBND")
    assert client.get("/kiem-soat/?don-vi=30406").status_code == 404
    assert client.get(f"/kiem-soat/ke-hoach/{plan.pk}/").status_code == 404
    assert client.post(f"/kiem-soat/ke-hoach/{plan.pk}/", {"number": "1"}).status_code == 404
    assert client.get(f"/kiem-soat/bao-cao/tai-ve.docx?don-vi=30406&{PERIOD}").status_code == 404
    assert (
        client.post(f"/kiem-soat/bao-cao/?don-vi=30406&{PERIOD}", {"III": "x"}).status_code == 404
    )
    assert Plan.objects.get(pk=plan.pk).number == "169/KH-UBND"
    assert client.get("/kiem-soat/").status_code == 200  # its own (empty) register


def test_a_receiving_officer_is_refused_with_403(staff_of: Staff) -> None:
    client = _client(staff_of(Role.RECEIVING_OFFICER, "30406-2025"))
    assert client.get("/kiem-soat/").status_code == 403
    assert client.get(f"/kiem-soat/bao-cao/tai-ve.pdf?don-vi=30406&{PERIOD}").status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login(demo: None) -> None:
    assert Client().get("/kiem-soat/").status_code == 302


def test_the_plan_form_records_through_the_service_and_shows_errors_in_vietnamese(
    staff_of: Staff,
) -> None:
    user = staff_of(Role.STATISTICS_OFFICER, "30406-2025")
    client = _client(user)
    url = "/kiem-soat/ke-hoach/moi/?don-vi=30406-2025"
    assert "Số, ký hiệu" in client.get(url).content.decode()
    events = AuditEvent.objects.count()
    bad = client.post(
        url, {"number": "", "issued_on": "2024-02-01", "subject": "x", "kind": "review"}
    )
    assert bad.status_code == 200
    assert "Trường này là bắt buộc" in bad.content.decode()
    assert AuditEvent.objects.count() == events
    good = client.post(
        url,
        {
            "number": "5/KH-UBND",
            "issued_on": "2024-02-01",
            "subject": "về việc rà soát",
            "kind": "review",
        },
    )
    assert good.status_code == 302
    plan = Plan.objects.get(unit__code="30406-2025", number="5/KH-UBND")
    event = AuditEvent.objects.get(object_type="control.plan", object_id=str(plan.pk))
    assert event.actor == user


def test_the_narrative_editor_saves_a_section_with_audit(staff_of: Staff) -> None:
    user = staff_of(Role.STATISTICS_OFFICER, "30406-2025")
    client = _client(user)
    url = f"/kiem-soat/bao-cao/?don-vi=30406&{PERIOD}"
    page = client.get(url).content.decode()
    assert "Nguyễn Ngọc Hưng" in page
    response = client.post(url, {"II.A": "Thiếu 01 máy scan.", "number": "451/BC-UBND"})
    assert response.status_code == 302
    draft = NarrativeDraft.objects.get(unit__code="30406")
    assert draft.sections["II.A"] == "Thiếu 01 máy scan."
    assert draft.sections["signer_name"] == "Nguyễn Ngọc Hưng"  # parts not posted are kept
    event = AuditEvent.objects.filter(object_type="control.narrative").latest("seq")
    assert event.actor == user
    bad = client.post(url, {"issued_on": "hôm qua"})
    assert "ngày/tháng/năm" in bad.content.decode()
    assert NarrativeDraft.objects.get(pk=draft.pk).sections == draft.sections


def test_a_plan_date_is_typed_and_shown_day_first(staff_of: Staff) -> None:
    """07/12/2026 is the 7th of December (it was read month-first); 25/12/2026 is accepted;
    a day that does not exist gets the Vietnamese dd/mm/yyyy message and changes nothing."""
    import datetime as dt

    user = staff_of(Role.STATISTICS_OFFICER, "30406-2025")
    client = _client(user)
    url = "/kiem-soat/ke-hoach/moi/?don-vi=30406-2025"
    data = {"number": "7/KH-UBND", "subject": "về việc rà soát", "kind": "review"}
    bad = client.post(url, {**data, "issued_on": "31/02/2026"})
    assert "Nhập ngày theo dạng dd/mm/yyyy" in bad.content.decode()
    assert not Plan.objects.filter(number="7/KH-UBND").exists()
    assert client.post(url, {**data, "issued_on": "07/12/2026"}).status_code == 302
    plan = Plan.objects.get(unit__code="30406-2025", number="7/KH-UBND")
    assert plan.issued_on == dt.date(2026, 12, 7)
    data["number"] = "8/KH-UBND"
    assert client.post(url, {**data, "issued_on": "25/12/2026"}).status_code == 302
    page = client.get(f"/kiem-soat/ke-hoach/{plan.pk}/?don-vi=30406-2025")
    assert 'value="07/12/2026"' in page.content.decode()


def test_the_register_period_is_typed_and_linked_day_first(staff_of: Staff) -> None:
    client = _client(staff_of(Role.STATISTICS_OFFICER, "30406-2025"))
    text = client.get(f"/kiem-soat/?don-vi=30406&{PERIOD}").content.decode()
    assert 'id="tu" name="tu" value="15/12/2023" inputmode="numeric" placeholder="dd/mm' in text
    assert 'value="19/05/2024"' in text
    assert 'type="date"' not in text
    assert "Báo cáo kỳ 15/12/2023 – 19/05/2024" in text
    assert "?don-vi=30406&amp;tu=15/12/2023&amp;den=19/05/2024" in text  # narrative, downloads
    narrative = client.get(f"/kiem-soat/bao-cao/?don-vi=30406&{PERIOD}").content.decode()
    assert "Kỳ báo cáo: 15/12/2023 – 19/05/2024" in narrative


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("tu=2023-12-15&den=19/05/2024", "“Từ ngày” không đúng: “2023-12-15”"),
        ("tu=15/12/2023&den=31/04/2024", "“Đến ngày” không đúng: “31/04/2024”"),
        ("tu=19/05/2024&den=15/12/2023", "“Đến ngày” phải sau hoặc bằng “Từ ngày”."),
    ],
)
def test_a_bad_register_period_gets_a_vietnamese_message_and_400(
    staff_of: Staff, query: str, message: str
) -> None:
    client = _client(staff_of(Role.STATISTICS_OFFICER, "30406-2025"))
    for path in ("/kiem-soat/", "/kiem-soat/bao-cao/", "/kiem-soat/bao-cao/tai-ve.docx"):
        response = client.get(f"{path}?don-vi=30406&{query}")
        assert response.status_code == 400, path
        text = response.content.decode()
        assert message in text
        assert "ngày/tháng/năm (dd/mm/yyyy)" in text or "phải sau" in message
        assert "Kế hoạch số 169/KH-UBND" not in text
    drafts = list(NarrativeDraft.objects.values_list("pk", "start", "end", "sections"))
    posted = client.post(f"/kiem-soat/bao-cao/?don-vi=30406&{query}", {"III": "x"})
    assert posted.status_code == 400
    assert list(NarrativeDraft.objects.values_list("pk", "start", "end", "sections")) == drafts
