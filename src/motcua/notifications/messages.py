"""The texts of the messages (Vietnamese). One subject and one body per kind; the body is short
enough for an SMS of three segments and carries the link to the public status page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from motcua.core.links import tracking_url
from motcua.domain.vnformat import format_money

TEXTS: dict[str, tuple[str, str]] = {
    "accepted": (
        "Hồ sơ {code} đã được tiếp nhận",
        "{agency} đã tiếp nhận hồ sơ {code} ({procedure}). Ngày hẹn trả kết quả: {due}. "
        "Tra cứu: {status_url}",
    ),
    "supplement": (
        "Hồ sơ {code} cần bổ sung",
        "Hồ sơ {code} ({procedure}) cần bổ sung, hoàn thiện theo phiếu yêu cầu của {agency}. "
        "Tra cứu: {status_url}",
    ),
    "result_ready": (
        "Hồ sơ {code} đã có kết quả",
        "Hồ sơ {code} ({procedure}) đã có kết quả. {delivery} Tra cứu: {status_url}",
    ),
    "refused": (
        "Hồ sơ {code} không được giải quyết",
        "Hồ sơ {code} ({procedure}) không được tiếp nhận hoặc không được giải quyết; lý do ghi "
        "trong văn bản của {agency}. Tra cứu: {status_url}",
    ),
    "extended": (
        "Xin lỗi: hồ sơ {code} trả kết quả chậm",
        "{agency} xin lỗi ông/bà vì hồ sơ {code} ({procedure}) chưa giải quyết kịp hạn. "
        "Hẹn trả kết quả: {due}. Tra cứu: {status_url}",
    ),
    "payment_received": (
        "Đã nhận thanh toán cho hồ sơ {code}",
        "Đã nhận {amount} ({method}) cho hồ sơ {code}, biên lai số {receipt}.",
    ),
    "online_received": (
        "Hồ sơ trực tuyến mới: {procedure}",
        "{agency} vừa nhận hồ sơ trực tuyến “{procedure}” của {applicant}. Kiểm tra, tiếp nhận "
        "hoặc yêu cầu bổ sung trong 8 giờ làm việc: {desk_url}",
    ),
    "staff_alert": (
        "{count} hồ sơ cần xử lý gấp — {unit}",
        "Các hồ sơ cần ông/bà xử lý gấp:\n{lines}\nXem: /canh-bao/",
    ),
    "account_closed": (
        "Tài khoản dịch vụ công đã bị đóng",
        "Số định danh cá nhân {number} đã được chủ sở hữu xác thực bằng VNeID, nên tài khoản tự "
        "đăng ký trước đó với số này đã bị đóng. Các hồ sơ đã nộp từ tài khoản đó vẫn được giữ. "
        "Nếu đây là số định danh của ông/bà, hãy đăng nhập bằng VNeID hoặc đến Bộ phận Một cửa.",
    ),
    "feedback_answered": (
        "Phản ánh, kiến nghị {number} đã được trả lời",
        "Phản ánh, kiến nghị số {number} đã được {agency} trả lời. Xem: {url}",
    ),
}


def render(kind: str, context: dict[str, Any]) -> tuple[str, str]:
    subject, body = TEXTS[kind]
    values = dict(context)
    if "amount" in values and isinstance(values["amount"], int):
        values["amount"] = format_money(values["amount"])
    return subject.format(**values), body.format(**values)


def dossier_context(dossier: Any) -> dict[str, Any]:
    delivery = (
        "Kết quả sẽ được gửi qua dịch vụ bưu chính."
        if dossier.result_delivery == "post"
        else "Mời ông/bà nhận kết quả tại Bộ phận Một cửa hoặc tải kết quả điện tử."
    )
    return {
        "code": dossier.code or f"#{dossier.pk}",
        "procedure": dossier.procedure_version.name,
        "agency": dossier.receiving_unit.name,
        "due": due_label(dossier.due_at),
        "status_url": tracking_url(dossier.code),
        "delivery": delivery,
        "now": timezone.now(),
    }


def due_label(value: dt.datetime | None) -> str:
    """A due time as messages print it (HH:MM ngày dd/mm/yyyy, local time)."""
    return timezone.localtime(value).strftime("%H:%M ngày %d/%m/%Y") if value else "—"
