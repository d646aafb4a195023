"""When a component of a dossier is needed only in some cases, and which case.

The catalogue (catalog/data/procedures.json, from the published procedures) writes the case into
the component's name, as the published procedure does: "Biên bản về việc trẻ bị bỏ rơi
(trường hợp trẻ bị bỏ rơi)", "… (nếu có)", "… (nếu không khai thác được từ CSDL)", "… – chỉ khi
không khai thác được từ CSDL quốc gia về dân cư". The condition is read from that wording, never
invented. One case is not written: a power of attorney ("Văn bản ủy quyền …") is needed only when
someone files on the applicant's behalf by authorisation (Luật Hộ tịch 2014 Art. 6; Nghị định
123/2015/NĐ-CP Art. 2 on filing through an authorised person); that rule is `AUTHORISATION`.

A parenthesis that states a rule rather than a case ("(nếu chỉ xuất trình bản chính thì cơ quan
chụp từ bản chính)": an "if … then") is not a condition.
"""

from __future__ import annotations

import re

_PAREN = re.compile(r"\((?P<text>(?:trường hợp|nếu|đối với|khi|chỉ khi)\b[^()]*)\)", re.IGNORECASE)
_ONLY_WHEN = re.compile(r"[–-]\s*(?P<text>chỉ khi\b.*)$", re.IGNORECASE)
_IF_ANY = re.compile(r"\s(?P<text>nếu có)$", re.IGNORECASE)
AUTHORISATION_PREFIX = "văn bản ủy quyền"
AUTHORISATION = "Khi nộp hồ sơ thông qua người được ủy quyền"


def component_condition(name: str) -> str:
    """The case in which the component is needed ("" when it is always needed), with a capital
    first letter: "Trường hợp trẻ bị bỏ rơi", "Nếu có", "Chỉ khi không khai thác được …"."""
    text = " ".join(name.split())
    for match in _PAREN.finditer(text):
        case = match.group("text").strip()
        if " thì " not in f" {case} ":
            return case[:1].upper() + case[1:]
    only = _ONLY_WHEN.search(text) or _IF_ANY.search(text)
    if only:
        case = only.group("text").strip()
        return case[:1].upper() + case[1:]
    if text.lower().startswith(AUTHORISATION_PREFIX):
        return AUTHORISATION
    return ""
