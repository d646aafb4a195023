"""The portal's format: the strict simulator refuses what the reference clients would not send,
and everything motcua queues — the demo commune's whole outbox included — passes it."""

from __future__ import annotations

import io
import json
import urllib.request
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.portal.client import HttpPortalClient, PortalError
from motcua.portal.delivery import deliver_due
from motcua.portal.models import MessageState, OutboxMessage
from motcua.portal.payload import build_payload
from motcua.portal.portal_schema import validate_request
from motcua.portal.simulator import PortalSimulator
from tests.portal.conftest import TOKEN, UNIT, accepted_dossier

_FEE = {
    "TenPhiLePhi": "Lệ phí",
    "MaPhiLePhi": "",
    "HinhThucThu": "1",
    "Gia": "8000",
    "LoaiPhiLePhi": "2",
}


def _request(payload: dict[str, Any]) -> dict[str, Any]:
    return {
        "session": TOKEN,
        "madonvi": UNIT,
        "service": "DongBoHoSoMC",
        "isUpdating": "False",
        "data": [payload["DongBoHoSoMC"]],
    }


@pytest.fixture
def queued(reference: Any, receiving_officer: User) -> dict[str, Any]:
    dossier = accepted_dossier(receiving_officer)
    return OutboxMessage.objects.get(dossier=dossier).payload  # type: ignore[no-any-return]


def test_a_queued_message_meets_every_rule(queued: dict[str, Any]) -> None:
    assert validate_request(_request(queued)) == []
    steps = {"session": TOKEN, "madonvi": UNIT, "service": "CapNhatTienDoHoSoMC"}
    assert validate_request({**steps, "data": queued["CapNhatTienDoHoSoMC"]}) == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.update(MaHoSoMotCua="H01-1"), "MaHoSoMotCua: trường không có trong đặc tả"),
        (lambda d: d.update(SoThuTuCapNhat="1"), "SoThuTuCapNhat: trường không có trong đặc tả"),
        (lambda d: d.update(QuaTrinhXuLy=[]), "QuaTrinhXuLy: trường không có trong đặc tả"),
        (lambda d: d.update(KenhThucHien=1), "KenhThucHien: phải là chuỗi (nhận int)"),
        (lambda d: d.update(TrangThaiHoSo=2), "TrangThaiHoSo: phải là chuỗi"),
        (lambda d: d.update(DuocThanhToanTrucTuyen=False), "DuocThanhToanTrucTuyen: phải là chuỗi"),
        (lambda d: d.update(DuocThanhToanTrucTuyen="2"), "giá trị '2' không hợp lệ"),
        (lambda d: d.update(NgayTiepNhan="04/03/2024"), "NgayTiepNhan: ngày phải dạng"),
        (lambda d: d.pop("DonViXuLy"), "DonViXuLy: thiếu trường bắt buộc"),
        (lambda d: d.pop("TenLinhVuc"), "TenLinhVuc: thiếu trường bắt buộc"),
        (lambda d: d.update(MaHoSo=""), "MaHoSo: không được để trống"),
        (lambda d: d["TaiLieuNop"][0].update(SoLuong=1), "TaiLieuNop[0].SoLuong: trường không"),
        (lambda d: d["TaiLieuNop"][0].update(DuocSoHoa=True), "DuocSoHoa: phải là chuỗi"),
        (lambda d: d["TaiLieuNop"][0].pop("TenTepDinhKem"), "TenTepDinhKem: thiếu trường"),
        (lambda d: d.update(DanhSachLePhi=[{"TenPhiLePhi": "Lệ phí"}]), "MaPhiLePhi: thiếu"),
        (lambda d: d.update(DanhSachLePhi=[{**_FEE, "Gia": 1000}]), "Gia: phải là chuỗi"),
    ],
)
def test_the_strict_simulator_refuses_what_the_references_do_not_send(
    simulator: PortalSimulator, queued: dict[str, Any], change: Any, reason: str
) -> None:
    change(queued["DongBoHoSoMC"])
    assert any(reason in e for e in validate_request(_request(queued)))
    client = HttpPortalClient(simulator.url, token=TOKEN, unit_code=UNIT, timeout=2)
    with pytest.raises(PortalError) as refused:
        client.send("H01:1", queued)
    assert refused.value.permanent
    assert reason in str(refused.value)
    assert simulator.dossiers == {}  # nothing stored


def test_the_envelope_and_the_steps_are_checked_too(queued: dict[str, Any]) -> None:
    body = _request(queued)
    assert "body.session: thiếu trường bắt buộc." in validate_request(
        {k: v for k, v in body.items() if k != "session"}
    )
    assert "body.service: giá trị 'DongBoHoSo' không hợp lệ." in validate_request(
        {**body, "service": "DongBoHoSo"}
    )
    step = dict(queued["CapNhatTienDoHoSoMC"][0])
    step.pop("MaHoSo")
    steps = {"session": TOKEN, "madonvi": UNIT, "service": "CapNhatTienDoHoSoMC", "data": [step]}
    assert "data[0].MaHoSo: thiếu trường bắt buộc." in validate_request(steps)
    assert "body.isUpdating: chỉ dùng với DongBoHoSoMC." in validate_request(
        {**steps, "isUpdating": "False"}
    )


def test_an_add_the_portal_already_has_becomes_an_update(
    simulator: PortalSimulator, queued: dict[str, Any]
) -> None:
    code = queued["DongBoHoSoMC"]["MaHoSo"]
    older = {**queued["DongBoHoSoMC"], "TrangThaiHoSo": "1"}
    simulator.dossiers[code] = older  # e.g. stored before motcua lost the acknowledgement
    report = deliver_due()
    assert report.sent == 1
    message = OutboxMessage.objects.get()
    assert message.state == MessageState.SENT
    assert simulator.dossiers[code]["TrangThaiHoSo"] == "2"  # updated, not duplicated
    assert simulator.posts[message.idempotency_key] == 2  # add ("đã tồn tại"), then update
    assert [s["TrangThai"] for s in simulator.steps[code]] == ["1", "2"]
    assert simulator.refusals == []


def test_the_simulator_cannot_run_in_production(settings: Any) -> None:
    settings.MOTCUA_ENV = "production"
    with pytest.raises(RuntimeError, match="không được chạy khi MOTCUA_ENV=production"):
        PortalSimulator()
    with pytest.raises(CommandError, match="MOTCUA_ENV=production"):
        call_command("portal", "simulator", "--port", "0", stdout=io.StringIO())


def test_the_demo_communes_dossiers_replay_through_the_strict_simulator(
    db: None, simulator: PortalSimulator
) -> None:
    """`motcua demo` imports its commune's dossiers as already synced (no outbox rows): the
    replay sends, for each, the message the outbox builds, through the real adapter."""
    call_command("demo", stdout=io.StringIO())
    dossiers = list(
        Dossier.objects.exclude(code=None).select_related(
            "procedure_version__procedure", "procedure_version__field", "competent_unit"
        )
    )
    assert len(dossiers) > 50
    client = HttpPortalClient(simulator.url, token=TOKEN, unit_code=UNIT, timeout=5)
    statuses = set()
    for dossier in dossiers:
        payload = build_payload(dossier, str(dossier.code))
        statuses.add(payload["DongBoHoSoMC"]["TrangThaiHoSo"])
        assert not client.send(f"{dossier.code}:1", payload).duplicate
    assert simulator.refusals == []
    assert len(simulator.dossiers) == len(dossiers)
    assert statuses == {"3", "10"}  # the demo commune's returned and refused dossiers
    with urllib.request.urlopen(f"{simulator.url}/__tin-da-nhan", timeout=5) as answer:
        assert len(json.loads(answer.read())) == len(dossiers)
