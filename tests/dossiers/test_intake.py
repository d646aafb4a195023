import datetime as dt
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.audit.chain import verify
from motcua.audit.models import AuditEvent
from motcua.dossiers.models import Dossier, DossierComponent
from motcua.dossiers.services import (
    Applicant,
    DossierError,
    accept_dossier,
    receive_dossier,
    refuse_at_intake,
    request_intake_supplement,
)
from tests.dossiers.conftest import intake, vn

pytestmark = pytest.mark.usefixtures("reference")


def test_a_counter_dossier_is_received_then_accepted_with_code_and_due_date(
    receiving_officer: User,
) -> None:
    dossier = receive_dossier(intake(), actor=receiving_officer, at=vn(2024, 2, 7, 9, 0))
    assert dossier.status == "received"
    assert dossier.code is None
    assert dossier.applicant_phone == "0912345678"
    assert dossier.components.get().digitised_by == receiving_officer
    accepted = accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 2, 7, 9, 5))
    assert accepted.status == "accepted"
    assert accepted.code == "000.01.10.H01-240207-0001"
    # 3 working days across Tết 2024 (08–14/02 off): Thu 15, Fri 16, Mon 19/02.
    assert accepted.due_at == vn(2024, 2, 19, 17, 0)
    assert accepted.original_due_at == accepted.due_at
    second = accept_dossier(
        receive_dossier(intake(), actor=receiving_officer, at=vn(2024, 2, 7, 10, 0)),
        actor=receiving_officer,
        at=vn(2024, 2, 7, 10, 1),
    )
    assert second.code == "000.01.10.H01-240207-0002"
    next_day = accept_dossier(
        receive_dossier(intake(), actor=receiving_officer, at=vn(2024, 2, 15, 8, 0)),
        actor=receiving_officer,
        at=vn(2024, 2, 15, 8, 0),
    )
    assert next_day.code == "000.01.10.H01-240215-0001"


def test_every_act_is_in_the_audit_chain(receiving_officer: User) -> None:
    dossier = receive_dossier(intake(), actor=receiving_officer)
    accept_dossier(dossier, actor=receiving_officer)
    actions = list(
        AuditEvent.objects.filter(object_type="dossier", object_id=str(dossier.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == ["receive", "accept"]
    assert verify().first_broken is None


def test_a_same_day_procedure_received_after_15h_is_due_the_next_working_day(
    receiving_officer: User,
) -> None:
    dossier = receive_dossier(intake("2.000815"), actor=receiving_officer)
    accepted = accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 5, 3, 15, 30))
    assert accepted.due_at == vn(2024, 5, 4, 17, 0)  # Saturday 04/5/2024 is a make-up day


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"procedure_code": "9.999999"}, "Không có thủ tục mã “9.999999”"),
        ({"channel": "online"}, "qua Cổng dịch vụ công"),
        ({"result_delivery": "post"}, "không trả kết quả theo hình thức này"),
        ({"applicant": Applicant(name="Lê Văn A", id_number="12345")}, "đúng 12 chữ số"),
        (
            {
                "applicant": Applicant(
                    name="Lê Văn A", id_number="089190000123", birth_date=dt.date(1991, 1, 1)
                )
            },
            "không khớp với năm sinh",
        ),
        (
            {"applicant": Applicant(name="Lê Văn A", id_number="089190000123", phone="12")},
            "Số điện thoại",
        ),
        ({"applicant": Applicant(name=" ", id_number="089190000123")}, "Chưa nhập họ tên"),
        ({"sets_count": 0}, "Số bộ hồ sơ"),
    ],
)
def test_bad_intake_is_refused_and_writes_nothing(
    receiving_officer: User, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(DossierError, match=message):
        receive_dossier(intake(**changes), actor=receiving_officer)
    assert not Dossier.objects.exists()
    assert not DossierComponent.objects.exists()
    assert not AuditEvent.objects.filter(object_type="dossier").exists()


def test_an_incomplete_dossier_gets_one_supplement_list_and_no_clock(
    receiving_officer: User,
) -> None:
    dossier = receive_dossier(intake(), actor=receiving_officer)
    with pytest.raises(DossierError, match="liệt kê đầy đủ"):
        request_intake_supplement(dossier, actor=receiving_officer, missing=[" "], reason="")
    updated = request_intake_supplement(
        dossier,
        actor=receiving_officer,
        missing=["Giấy xác nhận tình trạng hôn nhân", "Bản sao CCCD"],
        reason="Thiếu giấy tờ",
    )
    assert updated.status == "intake_supplement"
    assert updated.code is None
    assert updated.due_at is None
    event = AuditEvent.objects.get(action="request_intake_supplement")
    assert event.after is not None
    assert event.after["missing"] == ["Giấy xác nhận tình trạng hôn nhân", "Bản sao CCCD"]
    with pytest.raises(DossierError, match="Không thể tiếp nhận hồ sơ"):
        accept_dossier(updated, actor=receiving_officer)


def test_illegal_acts_are_refused_with_a_reason_and_change_nothing(
    receiving_officer: User,
) -> None:
    dossier = refuse_at_intake(
        receive_dossier(intake(), actor=receiving_officer),
        actor=receiving_officer,
        reasons="Không thuộc thẩm quyền",
    )
    events = AuditEvent.objects.count()
    with pytest.raises(DossierError, match="đang ở trạng thái “Từ chối tiếp nhận”"):
        accept_dossier(dossier, actor=receiving_officer)
    dossier.refresh_from_db()
    assert dossier.status == "refused_at_intake"
    assert dossier.code is None
    assert AuditEvent.objects.count() == events


def test_a_retried_request_with_the_same_key_makes_one_dossier(receiving_officer: User) -> None:
    first = receive_dossier(intake(), actor=receiving_officer, idempotency_key="k-1")
    again = receive_dossier(intake(), actor=receiving_officer, idempotency_key="k-1")
    assert first.pk == again.pk
    assert Dossier.objects.count() == 1


def test_a_unit_that_has_ended_receives_nothing(receiving_officer: User) -> None:
    with pytest.raises(DossierError, match=r"Thị trấn Phú Mỹ không còn hoạt động.*Xã Phú Tân"):
        receive_dossier(intake(), actor=receiving_officer, at=vn(2025, 7, 1, 8, 0))
    assert not Dossier.objects.exists()


def test_codes_continue_after_an_earlier_code_and_the_prefix_is_read_once_a_day(
    receiving_officer: User,
) -> None:
    """The day's first code starts after any code already used under the prefix (an imported
    dossier); later codes come from the sequence row alone: reading every code under the
    prefix is a scan of the whole table (no index serves that LIKE), so it must not run per act."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    imported = receive_dossier(intake(), actor=receiving_officer, at=vn(2024, 2, 7, 8, 0))
    Dossier.objects.filter(pk=imported.pk).update(code="000.01.10.H01-240207-0007")
    first = accept_dossier(
        receive_dossier(intake(), actor=receiving_officer, at=vn(2024, 2, 7, 9, 0)),
        actor=receiving_officer,
        at=vn(2024, 2, 7, 9, 1),
    )
    assert first.code == "000.01.10.H01-240207-0008"
    second = receive_dossier(intake(), actor=receiving_officer, at=vn(2024, 2, 7, 9, 30))
    with CaptureQueriesContext(connection) as queries:
        second = accept_dossier(second, actor=receiving_officer, at=vn(2024, 2, 7, 9, 31))
    assert second.code == "000.01.10.H01-240207-0009"
    scans = [q["sql"] for q in queries.captured_queries if "LIKE" in q["sql"].upper()]
    assert scans == []


def test_an_intake_resyncs_the_summary_once_per_act(
    receiving_officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One summary resync per act, after the outbox message is written (the flags read it):
    the act used to resync twice (the summary's receiver, then the outbox's), the second time
    only to see the new pending message. The summary stays exact."""
    from motcua.portal.models import OutboxMessage
    from motcua.reports import maintain
    from motcua.reports.rebuild import differences

    calls: list[list[int]] = []
    resync_flags = maintain.resync_flags

    def spy(dossiers: list[Any], keys: Any) -> list[Any]:
        calls.append([d.pk for d in dossiers])
        return resync_flags(dossiers, keys)

    monkeypatch.setattr(maintain, "resync_flags", spy)
    dossier = receive_dossier(intake(), actor=receiving_officer, at=vn(2024, 2, 7, 9, 0))
    assert calls == [[dossier.pk]]
    calls.clear()
    accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 2, 7, 9, 5))
    assert calls == [[dossier.pk]]
    assert OutboxMessage.objects.filter(dossier=dossier).count() == 1  # the portal is told
    dossier.refresh_from_db()
    assert dossier.flag_events  # counted, with the pending message's "not synced"
    assert differences() == []


def test_an_intake_stays_within_its_query_budget(receiving_officer: User) -> None:
    """The queries of a receive and of an acceptance (not the day's first: that one also
    starts the day's sequence). On the benchmark database session 4 ran 16 and 33 (17 with an
    Idempotency-Key, as the API); one summary resync per act and the reads cut in session 5
    brought them to 11 and 23 there."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    accept_dossier(
        receive_dossier(intake(), actor=receiving_officer, at=vn(2024, 2, 7, 9, 0)),
        actor=receiving_officer,
        at=vn(2024, 2, 7, 9, 1),
    )
    with CaptureQueriesContext(connection) as received:
        dossier = receive_dossier(intake(), actor=receiving_officer, at=vn(2024, 2, 7, 9, 30))
    with CaptureQueriesContext(connection) as accepted:
        accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 2, 7, 9, 31))
    # Here (both engines): 17 and 38 before session 5, 12 and 27 after. A second summary resync
    # in the act would add at least three (the flag facts, the unit chain).
    assert len(received) <= 12
    assert len(accepted) <= 27
