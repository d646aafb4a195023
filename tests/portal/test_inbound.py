"""Dossiers submitted on the portal: signed endpoint, file drop, one dossier per portal MaHoSo."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from motcua.accounts.models import User
from motcua.audit.models import AuditEvent
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import accept_dossier, request_intake_supplement
from motcua.portal.inbound import sign
from motcua.portal.models import OutboxMessage, PortalDossier
from tests.portal.conftest import SECRET

pytestmark = pytest.mark.usefixtures("reference", "portal_conf")
URL = "/api/v1/portal/inbound"


def submitted(code: str = "G22.99-240304-000123", **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "MaHoSo": code,
        "MaTTHC": "1.000894",
        "DonViXuLy": "000.01.10.H01",
        "KenhThucHien": 2,
        "NgayNopHoSo": "20240304073000",
        "ChuHoSo": "Trần Văn Hải",
        "LoaiDoiTuong": 1,
        "DinhDanhCHS": [{"LoaiDinhDanh": 1, "SoDinhDanh": "089088000456"}],
        "NgaySinh": "19880510",
        "SoDienThoai": "0987654321",
        "TaiLieuNop": [
            {"TenGiayTo": "Tờ khai đăng ký kết hôn", "DuocSoHoa": True},
            {"TenGiayTo": "Giấy xác nhận tình trạng hôn nhân", "DuocTaiSuDung": True},
        ],
    }
    data.update(changes)
    return data


def post(client: Client, data: Any, *, secret: str = SECRET, age: int = 0) -> Any:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    stamp = str(int(time.time()) - age)
    return client.post(
        URL,
        body,
        content_type="application/json",
        headers={"X-Portal-Timestamp": stamp, "X-Portal-Signature": sign(secret, stamp, body)},
    )


def test_a_signed_dossier_becomes_an_online_dossier_once(client: Client) -> None:
    first = post(client, submitted())
    assert first.status_code == 201, first.content
    dossier = Dossier.objects.get(pk=first.json()["id"])
    assert (dossier.channel, dossier.status, dossier.accepted_at) == ("online", "received", None)
    assert dossier.code == "000.01.10.H01-240304-0001"  # ours from submission; the portal's kept
    assert dossier.applicant_id_number == "089088000456"
    assert dossier.received_by is not None
    assert dossier.received_by.username == "cong-dvcqg"
    assert dossier.components.count() == 2
    assert dossier.has_reused_data
    assert dossier.portal_origin.portal_code == "G22.99-240304-000123"
    again = post(client, submitted())
    assert again.status_code == 200
    assert again.json() == {**first.json(), "created": False}
    assert Dossier.objects.count() == PortalDossier.objects.count() == 1
    assert AuditEvent.objects.filter(action="receive_from_portal").count() == 1
    assert not OutboxMessage.objects.exists()  # its arrival is not echoed back


def test_acts_on_a_portal_dossier_are_sent_under_the_portal_code(
    client: Client, receiving_officer: User
) -> None:
    dossier = Dossier.objects.get(pk=post(client, submitted()).json()["id"])
    request_intake_supplement(
        dossier, actor=receiving_officer, missing=["Bản sao giấy khai sinh"], reason="Thiếu"
    )
    messages = list(OutboxMessage.objects.order_by("seq"))
    assert [(m.idempotency_key, m.status_code) for m in messages] == [("G22.99-240304-000123:1", 5)]
    sent = messages[0].payload["DongBoHoSoMC"]
    assert (sent["KenhThucHien"], sent["TrangThaiHoSo"]) == ("2", "5")
    assert sent["NgayTiepNhan"] == sent["NgayNopHoSo"] != ""  # not accepted yet: received


def test_an_accepted_portal_dossier_keeps_the_portal_code(
    client: Client, receiving_officer: User
) -> None:
    dossier = Dossier.objects.get(pk=post(client, submitted()).json()["id"])
    accepted = accept_dossier(dossier, actor=receiving_officer)
    message = OutboxMessage.objects.get()
    sent = message.payload["DongBoHoSoMC"]
    assert sent["MaHoSo"] == "G22.99-240304-000123"
    assert accepted.code
    assert accepted.code not in str(message.payload)  # the portal knows it by its own code
    assert sent["TrangThaiHoSo"] == "2"


@pytest.mark.parametrize(
    ("secret", "age", "headers"),
    [
        ("mot-khoa-khac-hoan-toan-voi-khoa-cua-motcua", 0, True),
        (SECRET, 3600, True),  # an old signature replayed
        (SECRET, 0, False),
    ],
)
def test_a_request_without_the_right_signature_is_refused(
    client: Client, secret: str, age: int, headers: bool
) -> None:
    if headers:
        answer = post(client, submitted(), secret=secret, age=age)
    else:
        answer = client.post(URL, json.dumps(submitted()), content_type="application/json")
    assert answer.status_code == 401
    assert "Chữ ký" in answer.json()["detail"]
    assert not Dossier.objects.exists()


def test_the_endpoint_is_closed_without_a_configured_secret(
    client: Client, portal_conf: Any
) -> None:
    portal_conf(inbound_secret=None)
    assert post(client, submitted()).status_code == 403
    assert not Dossier.objects.exists()


def test_a_session_does_not_open_the_endpoint(client: Client, administrator: User) -> None:
    client.force_login(administrator)
    answer = client.post(URL, json.dumps(submitted()), content_type="application/json")
    assert answer.status_code == 401


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"MaHoSo": ""}, "MaHoSo"),
        ({"KenhThucHien": 1}, "KenhThucHien"),
        ({"DonViXuLy": "H99.1"}, "đơn vị xử lý"),
        ({"MaTTHC": "9.999999"}, "Không có thủ tục"),
        ({"NgayNopHoSo": "04/03/2024"}, "sai dạng"),
        ({"DinhDanhCHS": [{"SoDinhDanh": "123"}]}, "12 chữ số"),
    ],
)
def test_bad_data_gets_a_vietnamese_reason_and_writes_nothing(
    client: Client, changes: dict[str, Any], message: str
) -> None:
    answer = post(client, submitted(**changes))
    assert answer.status_code == 422
    assert message in answer.json()["detail"]
    assert not Dossier.objects.exists()


def test_the_file_drop_uses_the_same_intake_and_skips_known_dossiers(
    tmp_path: Path, client: Client
) -> None:
    post(client, submitted("G22.99-240304-000001"))
    lines = [submitted(f"G22.99-240304-00000{n}") for n in (1, 2, 3)]
    drop = tmp_path / "ho-so-tu-cong.jsonl"
    drop.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    call_command("portal", "inbound", str(drop))
    assert Dossier.objects.filter(channel="online").count() == 3
    call_command("portal", "inbound", str(drop))
    assert Dossier.objects.count() == 3
    assert set(PortalDossier.objects.values_list("via", flat=True)) == {"api", "file"}
    drop.write_text('{"MaHoSo": "X"}\nkhong phai json\n', encoding="utf-8")
    with pytest.raises(CommandError) as problems:
        call_command("portal", "inbound", str(drop))
    assert "Dòng 1" in str(problems.value)
    assert "Dòng 2" in str(problems.value)
    assert Dossier.objects.count() == 3


@pytest.mark.parametrize("token", ["Infinity", "-Infinity", "NaN", "1e400"])
def test_a_non_finite_number_is_a_422_not_a_500(client: Client, token: str) -> None:
    """Python's JSON reader takes Infinity and NaN (found while fuzzing the inbound bodies)."""
    text = json.dumps(submitted(code="G22.99-240304-000999")).replace(
        '"TaiLieuNop": [{', f'"TaiLieuNop": [{{"SoLuong": {token}, '
    )
    body = text.encode("utf-8")
    stamp = str(int(time.time()))
    answer = client.post(
        URL,
        body,
        content_type="application/json",
        headers={"X-Portal-Timestamp": stamp, "X-Portal-Signature": sign(SECRET, stamp, body)},
    )
    assert answer.status_code in (400, 422), answer.content
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("value", [-67564424001935, "089088000456", {"SoDinhDanh": "1"}, True])
def test_identities_that_are_not_a_list_are_a_422(client: Client, value: Any) -> None:
    """Found by tests/reliability/test_api_fuzz.py: DinhDanhCHS = an int was a 500 (TypeError)."""
    answer = post(client, submitted(code="G22.99-240304-001049", DinhDanhCHS=value))
    assert answer.status_code == 422, answer.content
    assert "DinhDanhCHS" in answer.json()["detail"]
    assert not Dossier.objects.exists()
