"""The official lists an e-form's choice fields take their options from, each with its source.

An e-form definition names a list (``"list": "ethnic_groups"``); the options are never typed into
a definition. A list that is not the complete official one says so in ``assumed``.
"""

from __future__ import annotations

from dataclasses import dataclass

from motcua.catalog.eform_countries import COUNTRIES, ISO_CLDR, NAMES_ASSUMED


@dataclass(frozen=True)
class OfficialList:
    name: str
    source: str
    options: tuple[str, ...]
    assumed: str = ""  # why the list is not (yet) the complete official one; empty: it is


# The 54 ethnic groups in the order of the official list (Danh mục các dân tộc Việt Nam).
ETHNIC_GROUPS = OfficialList(
    name="Dân tộc",
    source=(
        "Danh mục các dân tộc Việt Nam ban hành kèm theo Quyết định số 121-TCTK/PPCĐ ngày "
        "02/3/1979 của Tổng cục trưởng Tổng cục Thống kê"
    ),
    options=(
        "Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "HMông", "Dao", "Gia-rai",
        "Ngái", "Ê-đê", "Ba-na", "Xơ-Đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông",
        "Ra-glai", "Xtiêng", "Bru-Vân Kiều", "Thổ", "Giáy", "Cơ-tu", "Gié-Triêng", "Mạ", "Khơ-mú",
        "Co", "Tà-ôi", "Chơ-ro", "Kháng", "Xinh-mun", "Hà Nhì", "Chu-ru", "Lào", "La Chí",
        "La Ha", "Phù Lá", "La Hủ", "Lự", "Lô Lô", "Chứt", "Mảng", "Pà Thẻn", "Co Lao", "Cống",
        "Bố Y", "Si La", "Pu Péo", "Brâu", "Ơ-đu", "Rơ-măm",
    ),
)  # fmt: skip

# Every country and territory of ISO 3166-1 with its Vietnamese name, each row with its source
# (catalog/eform_countries.py), and the stateless person.
NATIONALITIES = OfficialList(
    name="Quốc tịch",
    source=ISO_CLDR,
    options=tuple(country.name for country in COUNTRIES),
    assumed=NAMES_ASSUMED,
)

RELATIONSHIPS = OfficialList(
    name="Quan hệ với người được khai",
    source="Luật Hôn nhân và gia đình 2014, Điều 3 (thành viên gia đình, người thân thích)",
    options=(
        "Cha", "Mẹ", "Ông", "Bà", "Anh", "Chị", "Em", "Con", "Cháu", "Vợ", "Chồng",
        "Cô", "Dì", "Chú", "Bác", "Cậu", "Người giám hộ", "Người được ủy quyền",
        "Đại diện tổ chức đang nuôi dưỡng",
    ),
    assumed="Các cách gọi quan hệ thường dùng trên tờ khai hộ tịch; luật không có danh mục mã",
)  # fmt: skip

SEXES = OfficialList(
    name="Giới tính",
    source="Luật Căn cước 2023, Điều 9 (giới tính trong Cơ sở dữ liệu quốc gia về dân cư)",
    options=("Nam", "Nữ"),
)

LISTS: dict[str, OfficialList] = {
    "ethnic_groups": ETHNIC_GROUPS,
    "nationalities": NATIONALITIES,
    "relationships": RELATIONSHIPS,
    "sexes": SEXES,
}
