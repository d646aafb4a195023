"""A small catalogue for tests, shaped exactly like catalog/data/procedures.json."""

from __future__ import annotations

import copy
from typing import Any

SOURCE = [{"title": "CSDLQG về TTHC", "url": "https://csdl.dichvucong.gov.vn"}]
STEPS = [
    {"order": 1, "name": "Tiếp nhận hồ sơ", "performer": "receiving_officer", "share": 0.1},
    {"order": 2, "name": "Thẩm định", "performer": "specialist", "share": 0.6},
    {"order": 3, "name": "Phê duyệt", "performer": "leader", "share": 0.2},
    {"order": 4, "name": "Trả kết quả", "performer": "receiving_officer", "share": 0.1},
]


def _procedure(code: str, name: str, field: str, **extra: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "code": code,
        "name": name,
        "kind": "procedure",
        "field": field,
        "level": "commune",
        "performing_agency": "UBND cấp xã",
        "online_level": "full",
        "channels": ["counter", "online", "postal"],
        "result_delivery": ["desk", "electronic"],
        "time_limit": {"value": 3, "unit": "working_days", "text": "03 ngày làm việc"},
        "fees": [],
        "components": [
            {
                "name": "Tờ khai theo mẫu",
                "copy_kind": "original",
                "count": 1,
                "must_digitise": True,
                "reusable": False,
                "form_template": None,
            },
        ],
        "result_types": ["Kết quả"],
        "legal_basis": ["Luật Hộ tịch 2014"],
        "publication": {
            "decision": "Quyết định số 1/QĐ-BTP",
            "date": "2020-01-01",
            "by": "Bộ Tư pháp",
        },
        "effective_from": "2020-01-01",
        "published_at_desk": True,
        "published_on_portal": True,
        "internal_process": STEPS,
        "interlinked_group": None,
        "interlinked_order": None,
        "sources": SOURCE,
        "assumed_fields": [],
        "notes": None,
    }
    row.update(extra)
    return row


CATALOG: dict[str, Any] = {
    "version": "test",
    "fields": [
        {"code": "CT", "name": "Chứng thực", "ministry": "Bộ Tư pháp", "report_order": 1},
        {"code": "HT", "name": "Hộ tịch", "ministry": "Bộ Tư pháp", "report_order": 2},
    ],
    "procedures": [
        _procedure(
            "1.001193",
            "Thủ tục đăng ký khai sinh",
            "HT",
            time_limit={"value": 0, "unit": "same_day", "text": "Ngay trong ngày"},
            fees=[
                {
                    "kind": "le_phi",
                    "name": "Lệ phí đăng ký khai sinh",
                    "rule": "free",
                    "amount": 0,
                    "exemptions": ["Đăng ký khai sinh đúng hạn"],
                    "legal_ref": "Luật Hộ tịch 2014, Điều 11",
                }
            ],
        ),
        _procedure("1.000894", "Thủ tục đăng ký kết hôn", "HT", online_level="partial"),
        _procedure(
            "2.000815",
            "Thủ tục chứng thực bản sao từ bản chính",
            "CT",
            online_level="partial",
            time_limit={"value": 0, "unit": "same_day", "text": "Trong ngày"},
            fees=[
                {
                    "kind": "phi",
                    "name": "Phí chứng thực bản sao từ bản chính",
                    "rule": "per_page",
                    "amount": 0,
                    "first_pages": 2,
                    "per_page_first": 2000,
                    "per_page_after": 1000,
                    "cap": 200000,
                    "legal_ref": "TT 226/2016/TT-BTC",
                }
            ],
        ),
    ],
}


def catalog(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(CATALOG)
    data.update(changes)
    return data
