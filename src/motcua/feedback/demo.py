"""Demo feedback of thị trấn Phú Mỹ, matching the seed report (Báo cáo 451/BC-UBND) for
15/12/2023–19/5/2024, written through the services (so the audit chain has them too):

- I.5: no PAKN received, carried over, handled or published in the period (all zero), and
  NQ 02 row 11 "PAKN handled on time" 100% (full marks when there are none);
- I.15 đ) and NQ 02 row 12: satisfaction 100% — every tenth returned dossier of the period is
  rated, all "Rất hài lòng" or "Hài lòng" (the seed gives the rate, not the number rated).

Two PAKN after the period (June 2024) show the workflow without changing the seed's figures:
one answered on time and published, one answered late. Running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.domain.dossier_states import Status
from motcua.domain.feedback_rules import CRITERIA_KEYS, Level
from motcua.domain.vntime import VN
from motcua.dossiers.models import Dossier
from motcua.feedback.models import Petition, PetitionState, Rating
from motcua.feedback.ratings import rate_dossier
from motcua.feedback.services import (
    PetitionIn,
    answer_petition,
    publish_petition,
    receive_petition,
    route_petition,
)
from motcua.units.models import Unit

START, END = dt.date(2023, 12, 15), dt.date(2024, 5, 19)
RATE_EVERY = 10
OPTIONAL = {"complaints", "online", "other"}


class DemoFeedback(NamedTuple):
    ratings: int
    petitions: int


def _answers(index: int) -> dict[str, str]:
    level = Level.VERY_SATISFIED if index % 3 else Level.SATISFIED
    return {
        key: (Level.NOT_APPLICABLE if key in OPTIONAL and key != "online" else level).value
        for key in CRITERIA_KEYS
    }


def _vn(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN)


def _leader_for(unit: Unit) -> User | None:
    units = [unit.pk] + ([unit.successor_id] if unit.successor_id else [])
    return (
        User.objects.filter(unit_id__in=units, groups__name=Role.LEADER.value)
        .order_by("pk")
        .first()
    )


def _petitions(unit: Unit) -> int:
    leader = _leader_for(unit)
    plans = [
        (
            "demo-phumy-2024-06-1",
            _vn(2024, 6, 3, 9, 0),
            _vn(2024, 6, 10, 10, 0),
            "Đề nghị niêm yết rõ lệ phí cấp bản sao trích lục hộ tịch",
            "Tại Bộ phận Một cửa chưa thấy niêm yết mức lệ phí cấp bản sao trích lục khai sinh, "
            "đề nghị niêm yết để người dân biết trước khi nộp hồ sơ.",
            "Bộ phận Một cửa đã niêm yết mức lệ phí 8.000 đồng/bản sao trích lục hộ tịch "
            "tại bảng công khai thủ tục hành chính từ ngày 10/6/2024.",
        ),
        (
            "demo-phumy-2024-06-2",
            _vn(2024, 6, 5, 14, 0),
            _vn(2024, 6, 26, 9, 0),
            "Hẹn trả kết quả chứng thực chưa đúng giờ",
            "Tôi được hẹn nhận kết quả chứng thực lúc 15 giờ nhưng phải chờ đến 16 giờ 30.",
            "UBND thị trấn đã nhắc nhở công chức và bố trí thêm người trả kết quả giờ cao điểm.",
        ),
    ]
    made = 0
    for index, (key, received, answered, subject, content, reply) in enumerate(plans):
        petition = Petition.objects.filter(idempotency_key=key).first()
        if petition is None:
            petition = receive_petition(
                PetitionIn(
                    unit=unit,
                    kind="regulation" if index == 0 else "behaviour",
                    name=f"Công dân phản ánh {index + 1}",
                    subject=subject,
                    content=content,
                    phone=f"091200000{index + 1}",
                ),
                at=received,
                idempotency_key=key,
            )
            made += 1
        if leader is None or petition.state == PetitionState.ANSWERED:
            continue
        route_petition(petition, actor=leader, handler=leader, at=received)
        petition = answer_petition(petition, actor=leader, answer=reply, at=answered)
        if index == 0:
            publish_petition(petition, actor=leader, public_question=content, at=answered)
    return made


def load_demo_feedback(unit: Unit) -> DemoFeedback:
    """Ratings and PAKN of the seed's commune (call after the demo dossiers and staff)."""
    first = dt.datetime.combine(START, dt.time.min, tzinfo=VN)
    after = dt.datetime.combine(END, dt.time.min, tzinfo=VN)
    returned = Dossier.objects.filter(
        competent_unit=unit,
        status=Status.RETURNED,
        returned_at__gte=first,
        returned_at__lt=after,
    ).order_by("code")
    rated = set(Rating.objects.filter(unit=unit).values_list("dossier_id", flat=True))
    made = 0
    for index, dossier in enumerate(returned):
        if index % RATE_EVERY or dossier.pk in rated:
            continue
        assert dossier.returned_at is not None
        rate_dossier(dossier, _answers(index), at=dossier.returned_at + dt.timedelta(hours=1))
        made += 1
    return DemoFeedback(ratings=made, petitions=_petitions(unit))
