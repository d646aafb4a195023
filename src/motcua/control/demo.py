"""Thị trấn Phú Mỹ's TTHC control register for 15/12/2023–19/5/2024, as Báo cáo 451/BC-UBND tells
it, written through the service functions (re-running corrects instead of duplicating).

Where the seed contradicts itself we keep what reconciles (docs/control-register.md):
- review (I.4): 63 procedures reviewed = 0 kept + 6 abolished + 32 amended + 25 replaced + 0
  inter-linked (the seed prints 68 reviewed but its outcomes add up to 63); 6 of them under Kế
  hoạch 63/KH-UBND and 15 asked for by Công văn 769/VP-TH, all done, so the completion rate is
  100% (the seed prints 0%); "1122 TTHC with an electronic solution" is not reproduced;
- I.1 cites Nghị định 61/2018/NĐ-CP (the seed writes "61/2018/QĐ-TTg").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from motcua.catalog.models import Procedure
from motcua.control.models import Communication, Plan, Resource, Review
from motcua.control.services import (
    record_communication,
    record_plan,
    record_resource,
    record_review,
    save_narrative_draft,
)
from motcua.units.models import Unit

START, END = dt.date(2023, 12, 15), dt.date(2024, 5, 19)
D = dt.date
PLANS = [
    (
        "63/KH-UBND",
        D(2024, 1, 22),
        "về việc rà soát, đánh giá thủ tục hành chính năm 2024",
        "review",
    ),
    (
        "169/KH-UBND",
        D(2024, 3, 4),
        "về việc tổ chức hoạt động kiểm soát thủ tục hành chính và thực hiện cơ chế một cửa, một "
        "cửa liên thông năm 2024 trên địa bàn thị trấn Phú Mỹ",
        "control",
    ),
    (
        "290/KH-UBND",
        D(2024, 4, 4),
        "về việc phối hợp giám sát tinh thần trách nhiệm, thái độ giao tiếp, ứng xử của cán bộ, "
        "công chức trong quá trình giải quyết công việc cho tổ chức, cá nhân",
        "supervision",
    ),
    (
        "435/KH-UBND",
        D(2024, 5, 20),
        "về việc tuyên truyền cải cách TTHC năm 2024 trên địa bàn thị trấn Phú Mỹ",
        "communication",
    ),
    (
        "436/KH-UBND",
        D(2024, 5, 21),
        "về việc thực hiện số hoá hồ sơ, kết quả giải quyết TTHC và khai thác, sử dụng lại thông "
        "tin số hoá trên địa bàn thị trấn",
        "digitisation",
    ),
]
OUTCOMES = ["abolished"] * 6 + ["amended"] * 32 + ["replaced"] * 25  # 63 reviewed
LETTER_769 = "Công văn số 769/VP-TH ngày 22/4/2024 của Văn phòng UBND huyện Phú Tân"
BROADCASTS = [D(2024, 1, 15), D(2024, 2, 26), D(2024, 3, 18), D(2024, 4, 15), D(2024, 5, 13)]
EQUIPMENT = [
    ("máy tính", 6, 0),
    ("máy in", 6, 0),
    ("máy quét mã QR", 4, 0),
    ("máy scan", 3, 1),
    ("máy lạnh", 2, 0),
    ("máy photo", 1, 0),
]
BUDGET = (
    "Năm 2024, UBND thị trấn chuẩn bị đầu tư nâng cấp, cải tạo trụ sở Bộ phận Một cửa với kinh phí"
)

SECTIONS = {
    "number": "451/BC-UBND",
    "issued_on": "24/05/2024",
    "basis": (
        "Căn cứ Công văn số 960/VP-TH ngày 20/5/2024 của UBND huyện Phú Tân về việc báo cáo phục "
        "vụ Đoàn Kiểm tra việc thực hiện hoạt động kiểm soát thủ tục hành chính năm 2024."
    ),
    "recipients": "VP HĐND&UBND huyện\nTT Đảng ủy, HĐND, UBND thị trấn\nLưu: VT",
    "signer_title": "CHỦ TỊCH",
    "signer_name": "Nguyễn Ngọc Hưng",
    "I.1": (
        "UBND thị trấn Phú Mỹ chỉ đạo công chức phụ trách triển khai đến tất cả cán bộ, công "
        "chức được biết và tùy chức năng nhiệm vụ mà thực hiện tốt nội dung trong Kế hoạch. Định "
        "kỳ báo cáo kết quả thực hiện về huyện. Phân công công chức Văn phòng – Thống kê phụ "
        "trách công tác kiểm soát thủ tục hành chính, cải cách hành chính đúng theo quy định.\n"
        "Bộ phận Một cửa thực hiện đầy đủ việc mở sổ theo dõi tiếp nhận hồ sơ, trả kết quả, ghi "
        "phiếu hẹn hồ sơ theo Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ; thực "
        "hiện đúng 06 biểu mẫu theo quy định."
    ),
    "I.3": (
        "Quy trình nội bộ trong giải quyết TTHC thuộc thẩm quyền của Sở Y tế, Ban Dân tộc, Sở "
        "Tài nguyên và Môi trường, Sở Lao động – Thương binh và Xã hội tỉnh An Giang."
    ),
    "I.11": (
        "Đài truyền thanh thị trấn phối hợp với Đài truyền thanh huyện không ngừng nâng cao chất "
        "lượng các nội dung tuyên truyền về cải cách thủ tục hành chính (mỗi lượt từ 04 đến 05 "
        "phút)."
    ),
    "I.17": (
        "Hoàn thành sử dụng bộ nhận diện thương hiệu của Bộ phận tiếp nhận và trả kết quả theo "
        "Công văn số 388/UBND-TH ngày 21 tháng 4 năm 2022 của UBND tỉnh An Giang."
    ),
    "II.A": (
        "- Đa phần người dân sử dụng sim điện thoại chưa chính chủ nên gặp khó khăn trong việc "
        "hỗ trợ tạo tài khoản DVCQG.\n"
        "- Việc trả kết quả qua dịch vụ bưu chính công ích kết quả chưa nhiều do tâm lý muốn "
        "nhận kết quả trực tiếp.\n"
        "- Đa phần người dân không có tài khoản ngân hàng hoặc ví điện tử nên còn cần cán bộ hỗ "
        "trợ thanh toán trực tuyến."
    ),
    "II.B": (
        "Tiếp tục thực hiện nghiêm việc kiểm soát các quy định về TTHC; tập trung nguồn lực đẩy "
        "nhanh số hóa hồ sơ, kết quả giải quyết TTHC tại Bộ phận Một cửa; tiếp tục đẩy mạnh "
        "công tác thông tin, tuyên truyền về cải cách, kiểm soát TTHC gắn với chuyển đổi số."
    ),
    "III": (
        "Đề nghị bổ sung danh mục thủ tục hành chính được khai thác và tái sử dụng kết quả giải "
        "quyết cấp xã về lĩnh vực chứng thực và hộ tịch vì hai lĩnh vực này phát sinh rất nhiều."
    ),
}


def _review_values(index: int, outcome: str, plan: Plan) -> dict[str, Any]:
    if index < 6:  # under Kế hoạch 63/KH-UBND, done in February–March
        return {"plan": plan, "reviewed_on": D(2024, 2, 5) + dt.timedelta(days=7 * index)}
    if index < 21:  # asked for by Công văn 769/VP-TH, done by mid-May
        return {"basis": LETTER_769, "reviewed_on": D(2024, 4, 25) + dt.timedelta(days=index - 6)}
    return {"reviewed_on": D(2024, 1, 10) + dt.timedelta(days=index)}


def load_demo_control(unit: Unit) -> int:
    """Thị trấn Phú Mỹ's register entries and report draft; returns the number of entries."""
    plans = {}
    for number, issued_on, subject, kind in PLANS:
        values = {"number": number, "issued_on": issued_on, "subject": subject, "kind": kind}
        existing = Plan.objects.filter(unit=unit, number=number).first()
        plans[number] = record_plan(unit, values, actor=None, plan=existing)
    procedures = Procedure.objects.filter(kind="procedure", versions__level="commune")
    reviewed = list(procedures.distinct().order_by("code")[: len(OUTCOMES)])
    for index, (procedure, outcome) in enumerate(zip(reviewed, OUTCOMES, strict=False)):
        values = {"procedure": procedure, "outcome": outcome, "plan": None, "basis": ""}
        values.update(_review_values(index, outcome, plans["63/KH-UBND"]))
        existing_review = Review.objects.filter(unit=unit, procedure=procedure).first()
        record_review(unit, values, actor=None, review=existing_review)
    for day in BROADCASTS:
        values = {
            "held_on": day,
            "form": "broadcast",
            "topic": "Kiểm soát thủ tục hành chính, công tác cải cách hành chính",
            "audience": "Người dân trên địa bàn thị trấn",
            "count": 4,
            "note": "Mỗi lượt từ 04 đến 05 phút",
        }
        existing_talk = Communication.objects.filter(unit=unit, held_on=day).first()
        record_communication(unit, values, actor=None, communication=existing_talk)
    resources: list[dict[str, Any]] = [
        {"kind": "budget", "noted_on": D(2024, 3, 4), "description": BUDGET, "amount": 980_000_000}
    ]
    resources += [
        {
            "kind": "equipment",
            "noted_on": END,
            "description": name,
            "quantity": q,
            "out_of_order": b,
        }
        for name, q, b in EQUIPMENT
    ]
    for values in resources:
        existing_item = Resource.objects.filter(
            unit=unit, description=values["description"]
        ).first()
        record_resource(unit, values, actor=None, resource=existing_item)
    save_narrative_draft(unit, START, END, SECTIONS, actor=None)
    return len(PLANS) + len(reviewed) + len(BROADCASTS) + len(resources)
