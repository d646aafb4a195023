from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.audit.chain import verify
from motcua.audit.models import AuditEvent
from motcua.dossiers.collection import Collector
from motcua.dossiers.models import Dossier
from motcua.dossiers.processing import (
    approve,
    close_without_supplement,
    extend_deadline,
    hand_over,
    receive_supplement,
    refuse,
    request_supplement,
    resume,
    return_result,
    suspend,
    withdraw,
)
from motcua.dossiers.services import DossierError, accept_dossier, receive_dossier
from motcua.units.models import Unit
from tests.dossiers.conftest import intake, vn

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def specialist(make_staff) -> User:  # type: ignore[no-untyped-def]
    return make_staff(Role.SPECIALIST, "chuyenvien", "Trần Văn Bình")  # type: ignore[no-any-return]


@pytest.fixture
def leader(make_staff) -> User:  # type: ignore[no-untyped-def]
    return make_staff(Role.LEADER, "lanhdao", "Lê Văn Cường")  # type: ignore[no-any-return]


@pytest.fixture
def accepted(receiving_officer: User) -> Dossier:
    """Marriage registration (3 working days) accepted Monday 04/3/2024 08:00 → due Thu 07/3."""
    dossier = receive_dossier(intake(), actor=receiving_officer, at=vn(2024, 3, 4, 8, 0))
    return accept_dossier(dossier, actor=receiving_officer, at=vn(2024, 3, 4, 8, 0))


def test_the_whole_path_from_acceptance_to_return(
    accepted: Dossier, receiving_officer: User, specialist: User, leader: User
) -> None:
    assert accepted.due_at == vn(2024, 3, 7, 17, 0)
    first = hand_over(
        accepted,
        actor=receiving_officer,
        to_user=specialist,
        step_order=2,
        at=vn(2024, 3, 4, 8, 30),
    )
    # Appraisal gets 60% of 24 working hours = 14 h 24 min from 08:30 Monday:
    # 6 h 30 on Monday, 4 h 30 on Tuesday morning, 3 h 24 from 13:30 → Tue 16:54.
    assert first.step_due_at == vn(2024, 3, 5, 16, 54)
    second = hand_over(
        accepted, actor=specialist, to_user=leader, step_order=3, at=vn(2024, 3, 6, 9, 0)
    )
    first.refresh_from_db()
    assert first.timeliness == "late"
    assert second.seq == 2
    resolved = approve(accepted, actor=leader, at=vn(2024, 3, 6, 10, 0))
    second.refresh_from_db()
    assert second.timeliness == "early"
    assert resolved.status == "resolved"
    returned = return_result(
        resolved,
        actor=receiving_officer,
        method="desk",
        collector=Collector("Nguyễn Văn An", "001090000123"),
        at=vn(2024, 3, 6, 11, 0),
    )
    assert returned.status == "returned"
    actions = list(
        AuditEvent.objects.filter(object_id=str(accepted.pk)).values_list("action", flat=True)
    )
    assert actions == ["receive", "accept", "hand_over", "hand_over", "approve", "return_result"]
    assert verify().first_broken is None


def test_a_supplement_after_appraisal_restarts_the_clock(
    accepted: Dossier, receiving_officer: User, specialist: User
) -> None:
    hand_over(
        accepted, actor=receiving_officer, to_user=specialist, step_order=2, at=vn(2024, 3, 4, 9, 0)
    )
    waiting = request_supplement(
        accepted,
        actor=specialist,
        missing=["Bản sao giấy tờ A"],
        reason="Thiếu",
        at=vn(2024, 3, 5, 9, 0),
    )
    assert waiting.status == "supplement_requested"
    assert waiting.due_at is None
    back = receive_supplement(waiting, actor=receiving_officer, at=vn(2024, 3, 12, 10, 0))
    # A full new limit of 3 working days from Tue 12/3: Wed 13, Thu 14, Fri 15.
    assert back.due_at == vn(2024, 3, 15, 17, 0)
    assert back.status == "in_progress"


def test_an_extension_is_allowed_once_and_early_enough(
    accepted: Dossier, receiving_officer: User, specialist: User, leader: User
) -> None:
    hand_over(
        accepted, actor=receiving_officer, to_user=specialist, step_order=2, at=vn(2024, 3, 4, 9, 0)
    )
    with pytest.raises(DossierError, match="chậm nhất trước 01 ngày làm việc"):
        extend_deadline(
            accepted,
            actor=leader,
            new_due=vn(2024, 3, 12, 17, 0),
            reason="Cần xác minh",
            at=vn(2024, 3, 7, 9, 0),
        )
    extended = extend_deadline(
        accepted,
        actor=leader,
        new_due=vn(2024, 3, 12, 17, 0),
        reason="Cần xác minh thêm",
        at=vn(2024, 3, 5, 9, 0),
    )
    assert extended.due_at == vn(2024, 3, 12, 17, 0)
    assert extended.original_due_at == vn(2024, 3, 7, 17, 0)
    assert extended.extended_due_at == vn(2024, 3, 12, 17, 0)
    events = AuditEvent.objects.count()
    with pytest.raises(DossierError, match="chỉ được gia hạn một lần"):
        extend_deadline(
            extended,
            actor=leader,
            new_due=vn(2024, 3, 14, 17, 0),
            reason="Lần nữa",
            at=vn(2024, 3, 6, 9, 0),
        )
    assert AuditEvent.objects.count() == events
    extended.refresh_from_db()
    assert extended.due_at == vn(2024, 3, 12, 17, 0)


def test_suspension_time_does_not_count(
    accepted: Dossier, receiving_officer: User, specialist: User
) -> None:
    hand_over(
        accepted, actor=receiving_officer, to_user=specialist, step_order=2, at=vn(2024, 3, 4, 9, 0)
    )
    suspend(accepted, actor=specialist, reason="Xác minh hộ tịch", at=vn(2024, 3, 5, 8, 0))
    resumed = resume(accepted, actor=specialist, at=vn(2024, 3, 7, 8, 0))
    # Two working days paused (Tue 08:00 → Thu 08:00): Thu 07/3 17:00 → Mon 11/3 17:00.
    assert resumed.due_at == vn(2024, 3, 11, 17, 0)


def test_a_dossier_waiting_for_a_supplement_closes_only_after_15_days(
    accepted: Dossier, receiving_officer: User, specialist: User
) -> None:
    hand_over(accepted, actor=receiving_officer, to_user=specialist, step_order=2)
    request_supplement(
        accepted, actor=specialist, missing=["X"], reason="Thiếu", at=vn(2024, 3, 5, 9, 0)
    )
    with pytest.raises(DossierError, match="Mới chờ bổ sung 10 ngày"):
        close_without_supplement(accepted, actor=specialist, at=vn(2024, 3, 15, 9, 0))
    accepted.refresh_from_db()
    assert accepted.status == "supplement_requested"
    closed = close_without_supplement(accepted, actor=specialist, at=vn(2024, 3, 21, 9, 0))
    assert closed.status == "closed"


@pytest.mark.parametrize(
    ("act", "kwargs", "message"),
    [
        (refuse, {"reasons": " "}, "lý do từ chối"),
        (suspend, {"reason": ""}, "lý do tạm dừng"),
        (withdraw, {"reason": ""}, "lý do dừng"),
        (return_result, {"method": "desk"}, "Không thể trả kết quả"),
        (approve, {}, "Không thể phê duyệt kết quả: hồ sơ đang ở trạng thái “Đã tiếp nhận”"),
    ],
)
def test_bad_or_illegal_acts_write_nothing(
    accepted: Dossier, leader: User, act: object, kwargs: dict[str, str], message: str
) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(DossierError, match=message):
        act(accepted, actor=leader, **kwargs)  # type: ignore[operator]
    accepted.refresh_from_db()
    assert accepted.status == "accepted"
    assert AuditEvent.objects.count() == before


def test_return_by_post_needs_a_tracking_number(
    accepted: Dossier, receiving_officer: User, leader: User
) -> None:
    hand_over(accepted, actor=receiving_officer, to_user=leader, step_order=3)
    resolved = approve(accepted, actor=leader)
    with pytest.raises(DossierError, match="số hiệu bưu gửi"):
        return_result(resolved, actor=receiving_officer, method="post")
    returned = return_result(
        resolved, actor=receiving_officer, method="post", tracking_number="EB123456785VN"
    )
    assert returned.status == "returned"


def test_a_stop_at_the_applicants_request(accepted: Dossier, receiving_officer: User) -> None:
    stopped = withdraw(accepted, actor=receiving_officer, reason="Người nộp xin rút hồ sơ")
    assert stopped.status == "withdrawn"
    assert stopped.ended_at is not None


def test_the_result_file_is_stored_when_it_is_a_real_pdf(
    accepted: Dossier, receiving_officer: User, leader: User, client: Client
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    hand_over(accepted, actor=receiving_officer, to_user=leader, step_order=3)
    fake = SimpleUploadedFile("../ket qua.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(DossierError, match="Chỉ nhận tệp PDF"):
        approve(accepted, actor=leader, result=fake)
    accepted.refresh_from_db()
    assert accepted.status == "in_progress"
    assert not accepted.result_file
    real = SimpleUploadedFile("../Giấy kết hôn.pdf", b"%PDF-1.7\n%%EOF\n")
    resolved = approve(accepted, actor=leader, result=real, electronic_certified_copy=True)
    assert resolved.result_file.name.endswith("-Giay-ket-hon.pdf")
    assert "/.." not in resolved.result_file.name
    assert resolved.electronic_result
    assert resolved.electronic_certified_copy
    with resolved.result_file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-")
    receiving_officer.unit = resolved.receiving_unit
    receiving_officer.save()
    client.force_login(receiving_officer)  # the desk returns the result
    page = client.get(f"/ho-so/{resolved.pk}/").content.decode()
    assert "<dt>Tệp kết quả</dt><dd>Đã lưu bản kết quả đã ký" in page
    assert resolved.result_file.name not in page  # never a storage path on a page


def test_a_dossier_goes_only_to_an_active_processing_officer_of_the_same_unit(
    accepted: Dossier,
    receiving_officer: User,
    make_staff: Any,
    client: Client,
) -> None:
    statistics = make_staff(Role.STATISTICS_OFFICER, "thongke", "Phạm Thị Dung")
    retired = make_staff(Role.SPECIALIST, "nghihuu", "Đỗ Văn Em")
    retired.is_active = False
    retired.save()
    elsewhere = make_staff(Role.SPECIALIST, "noikhac", "Cán bộ Nơi khác")
    elsewhere.unit = Unit.objects.get(code="89")
    elsewhere.save()
    commune = Unit.objects.get(code="30406")
    for colleague in (receiving_officer, statistics, retired):
        colleague.unit = commune
        colleague.save()
    events = AuditEvent.objects.count()
    for stranger in (statistics, retired, elsewhere):
        with pytest.raises(DossierError, match="không phải cán bộ xử lý"):
            hand_over(accepted, actor=receiving_officer, to_user=stranger, step_order=2)
    accepted.refresh_from_db()
    assert accepted.assignee_id is None
    assert accepted.hand_overs.count() == 0
    assert AuditEvent.objects.count() == events
    # The page offers only those who may take it, each with the role.
    specialist = make_staff(Role.SPECIALIST, "chuyenvien", "Trần Văn Bình")
    specialist.unit = commune
    specialist.save()
    client.force_login(receiving_officer)
    page = client.get(f"/ho-so/{accepted.pk}/").content.decode()
    assert "Trần Văn Bình — Công chức chuyên môn" in page
    assert "Phạm Thị Dung" not in page
    assert "Đỗ Văn Em" not in page
