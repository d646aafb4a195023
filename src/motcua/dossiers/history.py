"""The Vietnamese label of every act shown in a dossier's history — never a raw act code.

Each audit event on a dossier is shown by its label: the state machine's acts (`Action.label`),
the reception, and every other act a service records on a dossier (inter-linked steps, fees,
electronic results and copies, post, portal, data store). An act without a label here (a new one
not yet named) is shown as "thao tác khác", never by its code; tests/security/test_history_labels.py
holds every act code recorded in the source to a label.
"""

from __future__ import annotations

from typing import Any

from motcua.domain.dossier_states import Action

OTHER = "thao tác khác"

LABELS: dict[str, str] = {
    "receive": "nhận hồ sơ",
    **{a.value: a.label for a in Action},
    "request_intake_supplement": "yêu cầu bổ sung hồ sơ khi tiếp nhận",
    "submit_online": "công dân nộp hồ sơ trực tuyến",
    "receive_from_portal": "nhận hồ sơ từ Cổng Dịch vụ công quốc gia",
    "import_dossiers": "nhập hồ sơ từ tệp",
    "record_postal_arrival": "nhận hồ sơ gửi qua bưu chính",
    "hand_to_post": "giao kết quả cho bưu chính",
    "confirm_postal_delivery": "xác nhận bưu chính đã phát kết quả",
    "add_step_wait": "ghi điều kiện chờ của bước liên thông",
    "clear_step_wait": "xác nhận điều kiện chờ đã xong",
    "record_step_output": "ghi kết quả của bước liên thông",
    "assess_fee": "tính phí, lệ phí",
    "record_payment": "thu phí, lệ phí",
    "refund_payment": "hoàn trả phí, lệ phí",
    "request_online_payment": "yêu cầu người nộp thanh toán phí, lệ phí trực tuyến",
    "start_online_payment": "bắt đầu thanh toán trực tuyến",
    "settle_online_payment": "ghi nhận kết quả thanh toán trực tuyến",
    "issue_electronic_result": "ký số và phát hành kết quả điện tử",
    "certify_electronic_copy": "chứng thực bản sao điện tử từ bản chính",
    "store_result_for_citizen": "lưu kết quả vào kho dữ liệu của công dân",
    "add_to_data_store": "lưu giấy tờ vào kho dữ liệu của công dân",
    "rate_dossier": "công dân đánh giá việc giải quyết",
    "save_eform": "ghi nội dung tờ khai điện tử",
    "edit_eform": "cán bộ sửa nội dung tờ khai điện tử",
    "vneid_identity": "cập nhật ngày sinh, giới tính, nơi thường trú theo VNeID",
    "portal_message_dead": "tin đồng bộ Cổng Dịch vụ công quốc gia dừng gửi",
    "portal_replay": "gửi lại tin đồng bộ Cổng Dịch vụ công quốc gia",
    "portal_replay_all": "gửi lại các tin đồng bộ Cổng Dịch vụ công quốc gia",
    "verify_citizen_at_desk": "xác minh danh tính công dân tại quầy",
    "read_personal_data": "xem dữ liệu cá nhân",
    "request_print": "yêu cầu in sổ theo dõi",
    "load_official_units": "nạp danh mục đơn vị hành chính",
    "admin_add": "thêm trong trang quản trị",
    "admin_change": "sửa trong trang quản trị",
    "admin_delete": "xóa trong trang quản trị",
}


# What the history shows after the label, per act: the text the officer wrote (Vietnamese
# lead-in, the audit event's field). Only these fields: never a code or a file path.
DETAILS: dict[str, tuple[str, str]] = {
    "appraise": ("", "opinion"),  # the label says it already
    "send_back": ("Lý do", "reason"),
    "return_step": ("Lý do", "reason"),
    "approve": ("Ý kiến phê duyệt", "comment"),
    "refuse": ("Lý do", "reasons"),
    "suspend": ("Lý do", "reason"),
}


LAST_STEP = "hoàn thành bước liên thông cuối cùng, hồ sơ có kết quả"


def event_label(action: str, after: dict[str, Any] | None = None) -> str:
    """The act's label; the resolution of an inter-linked dossier by its last agency step is
    that step finishing the process, never an agency "approving" the dossier."""
    if action == Action.APPROVE and (after or {}).get("last_step"):
        return LAST_STEP
    return LABELS.get(action, OTHER)


def event_detail(action: str, after: dict[str, Any] | None) -> str:
    """The officer's own words recorded with the act ("Lý do: …"), or ""."""
    if action == Action.APPROVE and (after or {}).get("last_step"):
        return f"Bước: {(after or {})['last_step']}"
    lead, field = DETAILS.get(action, ("", ""))
    value = str((after or {}).get(field) or "").strip() if field else ""
    return f"{lead}: {value}" if value and lead else value
