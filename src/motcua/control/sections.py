"""The parts of the narrative report an official writes, keyed by the seed's numbering.

Báo cáo 451/BC-UBND (thị trấn Phú Mỹ, 24/5/2024) is the shape: I.1–17, II (A, B), III. Its
numbers jump from 6 to 9; the keys keep the seed's numbers so a draft maps onto it, the printed
report numbers the sections one after another (narrative.py).
"""

from __future__ import annotations

from typing import NamedTuple


class Part(NamedTuple):
    key: str
    label: str
    rows: int = 5  # height of the text box in the editor


# The header and closing of the document (not numbered sections).
HEADER: tuple[Part, ...] = (
    Part("number", "Số, ký hiệu báo cáo (ví dụ 451/BC-UBND)", 1),
    Part("issued_on", "Ngày ban hành (ngày/tháng/năm)", 1),
    Part("basis", "Căn cứ (văn bản yêu cầu báo cáo)", 3),
    Part("recipients", "Nơi nhận (mỗi dòng một nơi)", 4),
    Part("signer_title", "Chức vụ người ký (để trống: chức vụ của Chủ tịch trong tài khoản)", 1),
    Part("signer_name", "Họ tên người ký (để trống: Chủ tịch đơn vị)", 1),
)

# Free text written into the numbered sections; the figures around them are computed.
SECTIONS: tuple[Part, ...] = (
    Part("I.1", "I.1. Công tác chỉ đạo, điều hành (sau danh sách kế hoạch)", 8),
    Part("I.3", "I.3. Quy trình nội bộ giải quyết TTHC", 5),
    Part("I.5", "I.5. Tiếp nhận, xử lý phản ánh, kiến nghị (phần lời)", 4),
    Part("I.9", "I.9. Triển khai cơ chế một cửa, một cửa liên thông", 6),
    Part("I.10", "I.10. Thực hiện TTHC trên môi trường điện tử", 5),
    Part("I.11", "I.11. Truyền thông hỗ trợ hoạt động kiểm soát TTHC", 5),
    Part("I.14", "I.14. Kinh phí cho hoạt động Bộ phận Một cửa", 4),
    Part("I.17", "I.17. Nội dung khác", 4),
    Part("II", "II. Đánh giá chung", 6),
    Part("II.A", "II.A. Tồn tại, hạn chế", 8),
    Part("II.B", "II.B. Giải pháp khắc phục", 8),
    Part("III", "III. Kiến nghị và đề xuất", 6),
)

KEYS = frozenset(part.key for part in HEADER + SECTIONS)
MAX_LENGTH = 20_000  # characters per part: a long section is about 3.000
