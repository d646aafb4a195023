"""The outbox message is written by the act's own transaction, with the portal's payload."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from motcua.accounts.models import User
from motcua.dossiers.collection import Collector
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import approve, hand_over, return_result
from motcua.dossiers.services import (
    accept_dossier,
    receive_dossier,
    refuse_at_intake,
    request_intake_supplement,
)
from motcua.portal import outbox
from motcua.portal.models import MessageState, OutboxMessage
from tests.dossiers.conftest import intake, vn
from tests.portal.conftest import accepted_dossier

pytestmark = pytest.mark.usefixtures("reference")


def test_acceptance_queues_the_first_message_with_the_portal_fields(
    receiving_officer: User,
) -> None:
    dossier = accepted_dossier(receiving_officer)
    message = OutboxMessage.objects.get(dossier=dossier)
    assert (message.seq, message.state, message.attempts) == (1, MessageState.PENDING, 0)
    assert message.idempotency_key == f"{dossier.code}:1"
    payload = message.payload["DongBoHoSoMC"]
    assert payload["MaHoSo"] == dossier.code
    assert payload["MaTTHC"] == "1.000894"
    assert payload["TenTTHC"] == dossier.procedure_version.name
    assert payload["MaLinhVuc"] == dossier.procedure_version.field.code
    assert payload["TenLinhVuc"] == dossier.procedure_version.field.name
    # Strings, as both reference clients send them.
    assert (payload["KenhThucHien"], payload["LoaiDoiTuong"], payload["TrangThaiHoSo"]) == (
        "1",
        "1",
        "2",
    )
    assert payload["ChuHoSo"] == "Nguyễn Thị Ngọc Ánh"
    # The personal number goes in SoGiayToChuHoSo / DinhDanhCHS; MaDoiTuong is the portal account.
    assert payload["MaDoiTuong"] == ""
    assert payload["SoGiayToChuHoSo"] == dossier.applicant_id_number
    assert payload["DinhDanhCHS"] == [
        {"LoaiDinhDanh": "1", "SoDinhDanh": dossier.applicant_id_number}
    ]
    assert payload["NgayTiepNhan"] == "20240304080000"
    assert payload["NgayHenTra"] == "20240307170000"  # three working days
    assert payload["NgayKetThucXuLy"] == payload["NgayTra"] == payload["NgayTuChoi"] == ""
    assert payload["DonViXuLy"] == dossier.competent_unit.name  # the unit's name
    document = payload["TaiLieuNop"][0]
    assert document["TenTepDinhKem"] == "Tờ khai đăng ký kết hôn"
    assert (document["DuocSoHoa"], document["IsDeleted"]) == ("1", "0")
    assert document["TepDinhKemId"] == str(dossier.components.order_by("pk")[0].pk)
    assert "TenGiayTo" not in document
    assert "SoLuong" not in document
    assert payload["DanhSachLePhi"] == []
    assert payload["DuocThanhToanTrucTuyen"] == "0"
    for ours in ("MaHoSoMotCua", "SoThuTuCapNhat", "QuaTrinhXuLy"):
        assert ours not in payload
    # The steps carry the intake step that was not sent on its own.
    steps = message.payload["CapNhatTienDoHoSoMC"]
    assert [(s["NoiDungXuLy"], s["TrangThai"]) for s in steps] == [
        ("Nhận hồ sơ", "1"),
        ("Tiếp nhận hồ sơ", "2"),
    ]
    assert {s["MaHoSo"] for s in steps} == {dossier.code}
    assert steps[1]["NguoiXuLy"].startswith("Nguyễn Thị Lan")
    assert steps[1]["ChucDanh"] == steps[1]["PhongBanXuLy"] == steps[1]["NgayBatDau"] == ""


def test_a_counter_dossier_is_not_sent_before_it_has_a_code(receiving_officer: User) -> None:
    first = receive_dossier(intake(), actor=receiving_officer)
    request_intake_supplement(first, actor=receiving_officer, missing=["Giấy khai sinh"], reason="")
    second = receive_dossier(intake(), actor=receiving_officer)
    refuse_at_intake(second, actor=receiving_officer, reasons="Không thuộc thẩm quyền")
    assert not OutboxMessage.objects.exists()


def test_each_act_adds_the_next_message_of_its_dossier(
    receiving_officer: User, specialist: User, leader: User
) -> None:
    dossier = accepted_dossier(receiving_officer)
    hand_over(dossier, actor=receiving_officer, to_user=specialist, at=vn(2024, 3, 4, 9))
    hand_over(dossier, actor=specialist, to_user=leader, at=vn(2024, 3, 5, 9))
    approve(dossier, actor=leader, at=vn(2024, 3, 6, 10))
    return_result(
        dossier,
        actor=receiving_officer,
        method="desk",
        collector=Collector("Nguyễn Văn An", "001090000123"),
        at=vn(2024, 3, 6, 15, 30),
    )
    messages = list(OutboxMessage.objects.filter(dossier=dossier).order_by("seq"))
    assert [m.seq for m in messages] == [1, 2, 3, 4, 5]
    assert [m.status_code for m in messages] == [2, 4, 4, 9, 10]
    assert [m.action for m in messages] == [
        "accept",
        "hand_over",
        "hand_over",
        "approve",
        "return_result",
    ]
    last = messages[-1].payload["DongBoHoSoMC"]
    assert last["NgayKetThucXuLy"] == "20240306100000"
    assert last["NgayTra"] == "20240306153000"
    # Each step goes once: 2 with the acceptance, then the one of each act.
    steps = [len(m.payload["CapNhatTienDoHoSoMC"]) for m in messages]
    assert steps == [2, 1, 1, 1, 1]
    assert messages[-1].payload["CapNhatTienDoHoSoMC"][0]["TrangThai"] == "10"


def test_the_message_rolls_back_with_its_act(receiving_officer: User) -> None:
    dossier = receive_dossier(intake(), actor=receiving_officer)

    seen_inside = []

    class AbortError(Exception):
        pass

    def accept_then_fail() -> None:
        with transaction.atomic():
            accept_dossier(dossier, actor=receiving_officer)
            seen_inside.append(OutboxMessage.objects.count())  # inside the act's transaction
            raise AbortError

    with pytest.raises(AbortError):
        accept_then_fail()
    assert seen_inside == [1]
    assert not OutboxMessage.objects.exists()
    assert Dossier.objects.get(pk=dossier.pk).code is None


def test_the_act_fails_when_its_message_cannot_be_written(
    receiving_officer: User, monkeypatch: Any
) -> None:
    dossier = receive_dossier(intake(), actor=receiving_officer)

    def broken(*args: Any) -> dict[str, Any]:
        raise RuntimeError("payload builder broken")

    monkeypatch.setattr(outbox, "build_payload", broken)
    with pytest.raises(RuntimeError):
        accept_dossier(dossier, actor=receiving_officer)
    reloaded = Dossier.objects.get(pk=dossier.pk)
    assert (reloaded.status, reloaded.code) == ("received", None)


@pytest.mark.summary_drift  # payments written directly, not through the services
def test_the_fees_of_the_payload_are_the_paid_payments_in_the_portals_words(
    receiving_officer: User,
) -> None:
    """`payload._fees` reads the paid payments in plain SQL; oracle: the same from the ORM."""
    from motcua.catalog.models import Fee
    from motcua.payments.models import Payment, PaymentStatus
    from motcua.portal.payload import _fees

    dossier = accepted_dossier(receiving_officer)
    fee = Fee.objects.filter(version=dossier.procedure_version).first()
    for n, (status, method) in enumerate(
        [("paid", "cash"), ("cancelled", ""), ("waiting", ""), ("refunded", "transfer")]
    ):
        Payment.objects.create(
            dossier=dossier,
            fee=fee if n % 2 else None,
            kind="le_phi" if n % 2 else "phi",
            description=f"Khoản thu {n} — lệ phí",
            amount=1000 * (n + 1),
            status=status,
            method=method,
        )
    oracle = [
        {
            "TenPhiLePhi": p.description,
            "MaPhiLePhi": str(p.fee_id or ""),
            "HinhThucThu": {"cash": "1", "transfer": "2", "online": "3"}[p.method],
            "Gia": str(p.amount),
            "LoaiPhiLePhi": {"phi": "1", "le_phi": "2"}[p.kind],
        }
        for p in dossier.payments.filter(status=PaymentStatus.PAID).order_by("pk")
    ]
    assert oracle == [
        {
            "TenPhiLePhi": "Khoản thu 0 — lệ phí",
            "MaPhiLePhi": "",
            "HinhThucThu": "1",
            "Gia": "1000",
            "LoaiPhiLePhi": "1",
        }
    ]
    assert _fees(dossier) == oracle
