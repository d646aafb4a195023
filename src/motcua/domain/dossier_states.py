"""The dossier state machine: statuses, legal acts, and what each status allows (pure).

`ALLOWED_ACTIONS_BY_STATUS` is the single table that decides what can happen next; services ask
`transition(status, action)` and never test statuses themselves. Sources: NĐ 118/2025/NĐ-CP
Art. 16–22 (receipt, supplement, refusal, suspension, extension, stop, results) and the Cổng
DVCQG status codes (`TrangThaiHoSo` 1–10, docs/domain.md §12).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class Status(StrEnum):
    RECEIVED = "received"  # received, being checked; not yet accepted (no clock)
    INTAKE_SUPPLEMENT = "intake_supplement"  # incomplete at intake: list sent, not accepted
    REFUSED_AT_INTAKE = "refused_at_intake"  # refused at intake, with reasons
    ACCEPTED = "accepted"  # accepted: code and due date assigned, clock running
    IN_PROGRESS = "in_progress"  # assigned, appraised, awaiting approval…
    SUPPLEMENT_REQUESTED = "supplement_requested"  # returned after appraisal; clock stopped
    SUSPENDED = "suspended"  # paused for verification; the paused time does not count
    FINANCIAL_OBLIGATION = "financial_obligation"  # waiting for the applicant to pay (e.g. land)
    RESOLVED = "resolved"  # result approved and signed, waiting to be returned
    REFUSED = "refused"  # refused after appraisal: the refusal letter is the result
    RETURNED = "returned"  # result handed over (desk, post or electronically)
    WITHDRAWN = "withdrawn"  # stopped at the applicant's request
    CLOSED = "closed"  # stopped by the agency (supplement not received within 15 days…)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def portal_code(self) -> int:
        """TrangThaiHoSo on Cổng DVCQG."""
        return PORTAL_CODES[self]


class Action(StrEnum):
    REQUEST_INTAKE_SUPPLEMENT = "request_intake_supplement"
    RESUBMIT = "resubmit"
    REFUSE_AT_INTAKE = "refuse_at_intake"
    ACCEPT = "accept"
    HAND_OVER = "hand_over"
    REQUEST_SUPPLEMENT = "request_supplement"
    RECEIVE_SUPPLEMENT = "receive_supplement"
    CLOSE_WITHOUT_SUPPLEMENT = "close_without_supplement"
    SUSPEND = "suspend"
    RESUME = "resume"
    EXTEND = "extend"
    REQUEST_FINANCIAL_OBLIGATION = "request_financial_obligation"
    FULFIL_FINANCIAL_OBLIGATION = "fulfil_financial_obligation"
    APPRAISE = "appraise"
    SEND_BACK = "send_back"
    RETURN_STEP = "return_step"
    APPROVE = "approve"
    REFUSE = "refuse"
    RETURN_RESULT = "return_result"
    WITHDRAW = "withdraw"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


S, A = Status, Action
_OPEN_FOR_WITHDRAWAL = {A.WITHDRAW: S.WITHDRAWN}

ALLOWED_ACTIONS_BY_STATUS: Mapping[Status, Mapping[Action, Status]] = MappingProxyType(
    {
        S.RECEIVED: MappingProxyType(
            {
                A.ACCEPT: S.ACCEPTED,
                A.REQUEST_INTAKE_SUPPLEMENT: S.INTAKE_SUPPLEMENT,
                A.REFUSE_AT_INTAKE: S.REFUSED_AT_INTAKE,
                **_OPEN_FOR_WITHDRAWAL,
            }
        ),
        S.INTAKE_SUPPLEMENT: MappingProxyType(
            {
                A.RESUBMIT: S.RECEIVED,
                A.REFUSE_AT_INTAKE: S.REFUSED_AT_INTAKE,
                **_OPEN_FOR_WITHDRAWAL,
            }
        ),
        S.ACCEPTED: MappingProxyType(
            {
                A.HAND_OVER: S.IN_PROGRESS,
                A.EXTEND: S.ACCEPTED,
                **_OPEN_FOR_WITHDRAWAL,
            }
        ),
        S.IN_PROGRESS: MappingProxyType(
            {
                A.HAND_OVER: S.IN_PROGRESS,
                # internal to the process: the clock runs on (docs/domain.md, processing steps)
                A.APPRAISE: S.IN_PROGRESS,
                A.SEND_BACK: S.IN_PROGRESS,
                A.RETURN_STEP: S.IN_PROGRESS,
                A.REQUEST_SUPPLEMENT: S.SUPPLEMENT_REQUESTED,
                A.SUSPEND: S.SUSPENDED,
                A.EXTEND: S.IN_PROGRESS,
                A.REQUEST_FINANCIAL_OBLIGATION: S.FINANCIAL_OBLIGATION,
                A.APPROVE: S.RESOLVED,
                A.REFUSE: S.REFUSED,
                **_OPEN_FOR_WITHDRAWAL,
            }
        ),
        S.SUPPLEMENT_REQUESTED: MappingProxyType(
            {
                A.RECEIVE_SUPPLEMENT: S.IN_PROGRESS,
                A.CLOSE_WITHOUT_SUPPLEMENT: S.CLOSED,
                **_OPEN_FOR_WITHDRAWAL,
            }
        ),
        S.SUSPENDED: MappingProxyType(
            {
                A.RESUME: S.IN_PROGRESS,
                A.EXTEND: S.SUSPENDED,
                **_OPEN_FOR_WITHDRAWAL,
            }
        ),
        S.FINANCIAL_OBLIGATION: MappingProxyType(
            {
                A.FULFIL_FINANCIAL_OBLIGATION: S.IN_PROGRESS,
                **_OPEN_FOR_WITHDRAWAL,
            }
        ),
        S.RESOLVED: MappingProxyType({A.RETURN_RESULT: S.RETURNED}),
        S.REFUSED: MappingProxyType({A.RETURN_RESULT: S.RETURNED}),
        S.RETURNED: MappingProxyType({}),
        S.REFUSED_AT_INTAKE: MappingProxyType({}),
        S.WITHDRAWN: MappingProxyType({}),
        S.CLOSED: MappingProxyType({}),
    }
)

TERMINAL = frozenset(s for s, actions in ALLOWED_ACTIONS_BY_STATUS.items() if not actions)
NOT_ACCEPTED = frozenset({S.RECEIVED, S.INTAKE_SUPPLEMENT, S.REFUSED_AT_INTAKE})
# The clock stands still: waiting for a supplement (NĐ 118/2025 Art. 19), a verification
# (NĐ 123/2015 Art. 3.4) or the applicant's financial obligation (NĐ 101/2024/NĐ-CP Art. 22).
CLOCK_STOPPED = frozenset({S.SUPPLEMENT_REQUESTED, S.SUSPENDED, S.FINANCIAL_OBLIGATION})

STATUS_LABELS: Mapping[Status, str] = MappingProxyType(
    {
        S.RECEIVED: "Mới tiếp nhận, đang kiểm tra",
        S.INTAKE_SUPPLEMENT: "Yêu cầu bổ sung khi tiếp nhận",
        S.REFUSED_AT_INTAKE: "Từ chối tiếp nhận",
        S.ACCEPTED: "Đã tiếp nhận",
        S.IN_PROGRESS: "Đang giải quyết",
        S.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung, hoàn thiện hồ sơ",
        S.SUSPENDED: "Tạm dừng để xác minh",
        S.FINANCIAL_OBLIGATION: "Chờ thực hiện nghĩa vụ tài chính",
        S.RESOLVED: "Đã có kết quả, chờ trả",
        S.REFUSED: "Từ chối giải quyết",
        S.RETURNED: "Đã trả kết quả",
        S.WITHDRAWN: "Dừng giải quyết theo yêu cầu của người nộp",
        S.CLOSED: "Dừng giải quyết",
    }
)

PORTAL_CODES: Mapping[Status, int] = MappingProxyType(
    {
        S.RECEIVED: 1,
        S.INTAKE_SUPPLEMENT: 5,
        S.REFUSED_AT_INTAKE: 3,
        S.ACCEPTED: 2,
        S.IN_PROGRESS: 4,
        S.SUPPLEMENT_REQUESTED: 5,
        S.SUSPENDED: 4,
        S.FINANCIAL_OBLIGATION: 6,
        S.RESOLVED: 9,
        S.REFUSED: 9,
        S.RETURNED: 10,
        S.WITHDRAWN: 7,
        S.CLOSED: 8,
    }
)

ACTION_LABELS: Mapping[Action, str] = MappingProxyType(
    {
        A.REQUEST_INTAKE_SUPPLEMENT: "yêu cầu bổ sung khi tiếp nhận",
        A.RESUBMIT: "nộp lại hồ sơ đã bổ sung",
        A.REFUSE_AT_INTAKE: "từ chối tiếp nhận",
        A.ACCEPT: "tiếp nhận hồ sơ",
        A.HAND_OVER: "chuyển xử lý",
        A.REQUEST_SUPPLEMENT: "yêu cầu bổ sung, hoàn thiện hồ sơ",
        A.RECEIVE_SUPPLEMENT: "nhận hồ sơ đã bổ sung",
        A.CLOSE_WITHOUT_SUPPLEMENT: "dừng giải quyết do không bổ sung",
        A.SUSPEND: "tạm dừng để xác minh",
        A.RESUME: "tiếp tục giải quyết",
        A.EXTEND: "gia hạn và xin lỗi",
        A.REQUEST_FINANCIAL_OBLIGATION: "yêu cầu thực hiện nghĩa vụ tài chính",
        A.FULFIL_FINANCIAL_OBLIGATION: "xác nhận đã thực hiện nghĩa vụ tài chính",
        A.APPRAISE: "ghi ý kiến thẩm định",
        A.SEND_BACK: "trả lại bước trước",
        A.RETURN_STEP: "trả bước liên thông về cơ quan giải quyết",
        A.APPROVE: "phê duyệt kết quả",
        A.REFUSE: "từ chối giải quyết",
        A.RETURN_RESULT: "trả kết quả",
        A.WITHDRAW: "dừng giải quyết theo yêu cầu người nộp",
    }
)


class IllegalTransition(Exception):  # noqa: N818  (a refusal, not an internal error)
    """An act the dossier's status does not allow; the message says why, in Vietnamese."""

    def __init__(self, status: Status, action: Action) -> None:
        allowed = ", ".join(a.label for a in ALLOWED_ACTIONS_BY_STATUS[status]) or "không còn"
        super().__init__(
            f"Không thể {action.label}: hồ sơ đang ở trạng thái “{status.label}”. "
            f"Các thao tác được phép: {allowed}."
        )
        self.status = status
        self.action = action


def transition(status: Status, action: Action) -> Status:
    """The status after `action`, or IllegalTransition."""
    try:
        return ALLOWED_ACTIONS_BY_STATUS[status][action]
    except KeyError:
        raise IllegalTransition(status, action) from None


def allowed_actions(status: Status) -> tuple[Action, ...]:
    return tuple(ALLOWED_ACTIONS_BY_STATUS[status])
