"""What an inter-linked agency's step needs from the dossier (NĐ 63/2024/NĐ-CP, the groups of
inter-linked procedures): the applicant's identification, the results the competent unit's
earlier steps handed on (the birth certificate, the death extract) and the components named here
by its performer kind. Nothing else — not another agency's output, not an unrelated upload.

A component is needed when its name contains one of the performer's phrases (case-insensitive):
the shared electronic declaration (Mẫu số 01), and the papers of the agency's own law.
"""

from __future__ import annotations

SHARED = ("tờ khai điện tử liên thông",)
STEP_NEEDS: dict[str, tuple[str, ...]] = {
    "police": (*SHARED, "cư trú", "thường trú"),
    "social_insurance": (*SHARED, "bảo hiểm", "bhyt", "tử tuất", "mai táng"),
}
APPLICANT_FIELDS = (  # the identification every step needs: field, label
    ("applicant_name", "Họ tên"),
    ("applicant_id_number", "Số định danh cá nhân"),
    ("applicant_birth_date", "Ngày sinh"),
    ("applicant_address", "Địa chỉ"),
)


def step_needs_component(performer: str, component_name: str) -> bool:
    name = component_name.casefold()
    return any(phrase.casefold() in name for phrase in STEP_NEEDS.get(performer, ()))
