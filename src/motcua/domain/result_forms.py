"""The shape of a procedure's result document, from what the result is.

- **decision** (Quyết định): NĐ 30/2020/NĐ-CP, Phụ lục III, Mẫu 1.3 (quyết định cá biệt):
  the issuing authority's line, the grounds ("Căn cứ …"), "QUYẾT ĐỊNH:", numbered articles
  ("Điều 1. …"); signed by the head in his own name (no "TM.").
- **confirmation** (Giấy xác nhận), **certification** (Giấy chứng nhận, văn bản được chứng
  thực) and **notice** (Thông báo, văn bản trả lời): NĐ 30/2020, Phụ lục III, Mẫu 1.4 (văn
  bản có tên loại): the name as heading, the text, the collective's signature ("TM. ỦY BAN
  NHÂN DÂN").
- **external**: the document is produced by another system, which owns its template and
  numbering — civil-status papers by the shared civil-status software of the Ministry of
  Justice (Nghị định 87/2020/NĐ-CP, Điều 4; forms of Thông tư 04/2024/TT-BTP), residence
  notices (CT08) by the residence database of the Ministry of Public Security (Thông tư
  66/2023/TT-BCA), land-use certificates by the land registration system (Luật Đất đai 2024,
  Điều 135). The result is that file, attached and signed by the unit, never a letter of
  ours imitating it.

The procedure's setting (catalogue, "mẫu văn bản kết quả") overrides the rule below, which
reads the catalogue's result name; the rule is an assumption of ours, written down here.
"""

from __future__ import annotations

from enum import StrEnum

from motcua.domain.text import fold


class ResultForm(StrEnum):
    DECISION = "decision"
    CONFIRMATION = "confirmation"
    CERTIFICATION = "certification"
    NOTICE = "notice"
    EXTERNAL = "external"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    ResultForm.DECISION: "Quyết định (NĐ 30/2020, Mẫu 1.3)",
    ResultForm.CONFIRMATION: "Giấy xác nhận (NĐ 30/2020, Mẫu 1.4)",
    ResultForm.CERTIFICATION: "Giấy chứng nhận, văn bản chứng thực (NĐ 30/2020, Mẫu 1.4)",
    ResultForm.NOTICE: "Thông báo, văn bản trả lời (NĐ 30/2020, Mẫu 1.4)",
    ResultForm.EXTERNAL: "Văn bản do hệ thống chuyên ngành cấp (tải tệp lên, đơn vị ký số)",
}

# Results issued by another system's software (folded, without diacritics), by their start.
_EXTERNAL = (
    "giay khai sinh",
    "giay chung nhan ket hon",
    "giay xac nhan tinh trang hon nhan",
    "trich luc",
    "ban sao trich luc",
    "thong bao ket qua giai quyet dang ky thuong tru",
    "thong bao ket qua dang ky thuong tru",
    "thong bao ket qua xoa dang ky thuong tru",
    "thong bao xoa dang ky thuong tru",
    "giay chung nhan quyen su dung dat",
)


def form_for(result_name: str) -> ResultForm:
    """The form a result takes when the procedure does not say (see the module's note)."""
    name = fold(result_name).strip()
    if name.startswith(_EXTERNAL):
        return ResultForm.EXTERNAL
    if name.startswith("quyet dinh"):
        return ResultForm.DECISION
    if name.startswith(("giay xac nhan", "van ban xac nhan", "xac nhan")):
        return ResultForm.CONFIRMATION
    if name.startswith("giay chung nhan") or "chung thuc" in name:
        return ResultForm.CERTIFICATION
    return ResultForm.NOTICE


def decision_subject(title: str) -> str:
    """ "Quyết định hỗ trợ chi phí mai táng" → "Về việc hỗ trợ chi phí mai táng" (the trích
    yếu under the heading "QUYẾT ĐỊNH")."""
    words = title.strip().split(" ", 2)
    rest = words[2] if len(words) == 3 and fold(" ".join(words[:2])) == "quyet dinh" else title
    rest = rest.strip()
    if fold(rest).startswith("ve viec"):
        return rest[:1].upper() + rest[1:]
    return f"Về việc {rest[:1].lower()}{rest[1:]}" if rest else ""


def decision_parts(body: str) -> tuple[list[str], list[str]]:
    """(grounds, articles) of a decision's text, one per line: lines that start with "Căn cứ"
    or "Theo đề nghị" are grounds, the others articles, numbered "Điều 1.", "Điều 2." unless
    the line is numbered already."""
    grounds: list[str] = []
    articles: list[str] = []
    for raw in body.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        folded = fold(line)
        if folded.startswith(("can cu", "theo de nghi", "xet de nghi")) and not articles:
            grounds.append(line)
        else:
            articles.append(line)
    numbered = []
    for index, line in enumerate(articles, start=1):
        numbered.append(line if fold(line).startswith("dieu ") else f"Điều {index}. {line}")
    return grounds, numbered
