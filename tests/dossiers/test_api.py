from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.models import AuditEvent
from motcua.dossiers.models import Dossier
from motcua.units.models import Unit

pytestmark = pytest.mark.usefixtures("reference")

BODY: dict[str, Any] = {
    "procedure_code": "1.000894",
    "applicant": {
        "name": "Nguyễn Thị Ngọc Ánh",
        "id_number": "089190000123",
        "birth_date": "1990-03-02",
        "phone": "0912345678",
    },
    "components": [{"name": "Tờ khai đăng ký kết hôn", "digitised": True}],
}


@pytest.fixture
def staff(make_staff) -> dict[str, User]:  # type: ignore[no-untyped-def]
    unit = Unit.objects.get(code="30406")
    people = {}
    for role, name in [
        (Role.RECEIVING_OFFICER, "tiepnhan"),
        (Role.SPECIALIST, "chuyenvien"),
        (Role.LEADER, "lanhdao"),
        (Role.STATISTICS_OFFICER, "thongke"),
    ]:
        user = make_staff(role, name)
        user.unit = unit
        user.save()
        people[name] = user
    return people


def _as(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def _create(client: Client, key: str = "key-1", body: dict[str, Any] = BODY) -> Any:
    return client.post(
        "/api/v1/dossiers/", body, content_type="application/json", headers={"Idempotency-Key": key}
    )


def test_every_act_through_the_api(client: Client, staff: dict[str, User]) -> None:
    _as(client, staff["tiepnhan"])
    created = _create(client)
    assert created.status_code == 201
    dossier_id = created.json()["id"]
    assert created.json()["allowed_actions"][0] == "accept"
    accepted = client.post(f"/api/v1/dossiers/{dossier_id}/accept")
    assert accepted.status_code == 200
    assert accepted.json()["code"].startswith("000.01.10.H01-")
    assert accepted.json()["portal_status"] == 2
    url = f"/api/v1/dossiers/{dossier_id}"
    steps = [
        ("tiepnhan", "hand-over", {"to_username": "chuyenvien", "step_order": 2}, "in_progress"),
        ("chuyenvien", "suspend", {"reason": "Xác minh"}, "suspended"),
        ("chuyenvien", "resume", None, "in_progress"),
        (
            "chuyenvien",
            "request-supplement",
            {"missing": ["Giấy tờ A"], "reason": "Thiếu"},
            "supplement_requested",
        ),
        ("tiepnhan", "receive-supplement", None, "in_progress"),
        ("chuyenvien", "hand-over", {"to_username": "lanhdao", "step_order": 3}, "in_progress"),
        ("lanhdao", "approve", None, "resolved"),
        (
            "tiepnhan",
            "return",
            {
                "method": "desk",
                "collector_name": "Nguyễn Văn An",
                "collector_id_number": "001090000123",
            },
            "returned",
        ),
    ]
    for who, act, body, status in steps:
        _as(client, staff[who])
        response = client.post(f"{url}/{act}", body or {}, content_type="application/json")
        assert response.status_code == 200, (act, response.content)
        assert response.json()["status"] == status
    assert client.get(url).json()["returned_at"] is not None


def test_an_illegal_transition_is_409_with_the_reason_and_writes_nothing(
    client: Client, staff: dict[str, User]
) -> None:
    _as(client, staff["tiepnhan"])
    dossier_id = _create(client).json()["id"]
    _as(client, staff["lanhdao"])
    events = AuditEvent.objects.count()
    response = client.post(f"/api/v1/dossiers/{dossier_id}/approve")
    assert response.status_code == 409
    assert "Không thể phê duyệt kết quả" in response.json()["detail"]
    assert AuditEvent.objects.count() == events
    assert Dossier.objects.get(pk=dossier_id).status == "received"


def test_a_role_that_may_not_act_gets_403(client: Client, staff: dict[str, User]) -> None:
    _as(client, staff["tiepnhan"])
    dossier_id = _create(client).json()["id"]
    _as(client, staff["thongke"])
    assert client.get(f"/api/v1/dossiers/{dossier_id}").status_code == 200
    response = client.post(f"/api/v1/dossiers/{dossier_id}/accept")
    assert response.status_code == 403
    assert "Vai trò của bạn không được tiếp nhận hồ sơ" in response.json()["detail"]


def test_bad_input_is_422_in_vietnamese_and_writes_nothing(
    client: Client, staff: dict[str, User]
) -> None:
    _as(client, staff["tiepnhan"])
    body = {**BODY, "applicant": {"name": "A", "id_number": "123"}}
    response = _create(client, body=body)
    assert response.status_code == 422
    assert "đúng 12 chữ số" in response.json()["detail"]
    assert not Dossier.objects.exists()


def test_a_retried_create_returns_the_same_dossier(client: Client, staff: dict[str, User]) -> None:
    _as(client, staff["tiepnhan"])
    first = _create(client, key="abc")
    second = _create(client, key="abc")
    assert first.json()["id"] == second.json()["id"]
    assert Dossier.objects.count() == 1
    assert _create(client, key="").status_code == 400


def test_strangers_are_refused(client: Client, staff: dict[str, User]) -> None:
    _as(client, staff["tiepnhan"])
    dossier_id = _create(client).json()["id"]
    client.logout()
    assert client.get(f"/api/v1/dossiers/{dossier_id}").status_code == 401
    outsider = User.objects.create_user("ngoai", password="x-y-z-1234567")
    _as(client, outsider)
    assert client.get(f"/api/v1/dossiers/{dossier_id}").status_code == 404


def test_the_openapi_schema_is_published(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/dossiers/{dossier_id}/extend" in schema["paths"]


def _accepted_id(client: Client, staff: dict[str, User], key: str) -> int:
    _as(client, staff["tiepnhan"])
    dossier_id: int = _create(client, key=key).json()["id"]
    assert client.post(f"/api/v1/dossiers/{dossier_id}/accept").status_code == 200
    return dossier_id


def _post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json")


def test_the_remaining_acts_through_the_api(client: Client, staff: dict[str, User]) -> None:
    _as(client, staff["tiepnhan"])
    first = _create(client, key="a").json()["id"]
    assert _post(
        client,
        f"/api/v1/dossiers/{first}/intake-supplement",
        {"missing": ["Bản sao CCCD"], "reason": "Thiếu"},
    ).json()["status"] == ("intake_supplement")
    assert (
        _post(
            client, f"/api/v1/dossiers/{first}/refuse-intake", {"reasons": "Không thuộc thẩm quyền"}
        ).json()["status"]
        == "refused_at_intake"
    )
    second = _accepted_id(client, staff, "b")
    assert (
        _post(client, f"/api/v1/dossiers/{second}/withdraw", {"reason": "Xin rút"}).json()["status"]
        == "withdrawn"
    )
    third = _accepted_id(client, staff, "c")
    _post(
        client, f"/api/v1/dossiers/{third}/hand-over", {"to_username": "lanhdao", "step_order": 3}
    )
    _as(client, staff["lanhdao"])
    extended = _post(
        client,
        f"/api/v1/dossiers/{third}/extend",
        {"new_due": "2024-03-12T17:00:00+07:00", "reason": "Xác minh"},
    )
    assert extended.status_code == 200
    assert extended.json()["extended_due_at"].startswith("2024-03-12")
    assert (
        _post(client, f"/api/v1/dossiers/{third}/refuse", {"reasons": "Không đủ điều kiện"}).json()[
            "status"
        ]
        == "refused"
    )
    fourth = _accepted_id(client, staff, "d")
    _post(
        client,
        f"/api/v1/dossiers/{fourth}/hand-over",
        {"to_username": "chuyenvien", "step_order": 2},
    )
    _as(client, staff["chuyenvien"])
    _post(client, f"/api/v1/dossiers/{fourth}/request-supplement", {"missing": ["A"]})
    too_early = _post(client, f"/api/v1/dossiers/{fourth}/close")
    assert too_early.status_code == 409
    assert "Mới chờ bổ sung" in too_early.json()["detail"]


def test_every_act_on_a_finished_dossier_is_409(client: Client, staff: dict[str, User]) -> None:
    from django.contrib.auth.models import Group

    dossier_id = _accepted_id(client, staff, "z")
    _post(client, f"/api/v1/dossiers/{dossier_id}/withdraw", {"reason": "Xin rút"})
    everyone = staff["tiepnhan"]
    everyone.groups.set(Group.objects.all())  # every role, so only the state can refuse
    _as(client, everyone)
    acts = {
        "accept": None,
        "intake-supplement": {"missing": ["A"]},
        "refuse-intake": {"reasons": "x"},
        "hand-over": {"to_username": "lanhdao"},
        "request-supplement": {"missing": ["A"]},
        "receive-supplement": None,
        "close": None,
        "suspend": {"reason": "x"},
        "resume": None,
        "extend": {"new_due": "2030-01-01T17:00:00+07:00", "reason": "x"},
        "approve": None,
        "refuse": {"reasons": "x"},
        "return": {"method": "desk"},
        "withdraw": {"reason": "x"},
    }
    events = AuditEvent.objects.count()
    for act, body in acts.items():
        response = _post(client, f"/api/v1/dossiers/{dossier_id}/{act}", body)
        assert response.status_code == 409, act
        assert "Dừng giải quyết theo yêu cầu của người nộp" in response.json()["detail"]
    assert AuditEvent.objects.count() == events


def test_a_retried_payment_is_collected_once(client: Client, staff: dict[str, User]) -> None:
    from motcua.catalog.models import Fee

    _as(client, staff["tiepnhan"])
    body = {**BODY, "procedure_code": "2.000815"}
    dossier_id = _create(client, key="p", body=body).json()["id"]
    fee = Fee.objects.get(version__procedure__code="2.000815")
    payment = {"fee_id": fee.pk, "pages": 3, "copies": 2}
    url = f"/api/v1/dossiers/{dossier_id}/payments"
    first = client.post(
        url, payment, content_type="application/json", headers={"Idempotency-Key": "pay-1"}
    )
    again = client.post(
        url, payment, content_type="application/json", headers={"Idempotency-Key": "pay-1"}
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert first.json()["amount"] == 10_000
    assert Dossier.objects.get(pk=dossier_id).payments.count() == 1
