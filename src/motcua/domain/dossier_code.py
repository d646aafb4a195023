"""The dossier code (mã hồ sơ) by the text in force on the day the dossier is received.

- **TT 01/2018/TT-VPCP, Điều 19** (guidance for NĐ 61/2018/NĐ-CP; in force from 08/01/2019):
  the code is ``V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX``: the receiving agency's **full** electronic
  identification code (mã định danh, QĐ 20/2020/QĐ-TTg, before that TT 10/2016/TT-BTTTT), the
  day of receipt (year, month, day on two digits each) and the number of the dossier received
  that day by that agency (four digits, from 0001 each day). Example: ``000.00.31.H01-250701-0001``.
  Earlier dossiers (before 08/01/2019) follow the same rule: motcua has no older form.
- **NĐ 118/2025/NĐ-CP, Điều 28** (in force from 01/7/2025): the code is still made of the receiving
  agency's mã định danh, the day of receipt and the day's number (read in the decree's text, conf.
  H). **TT 03/2025/TT-VPCP** details the code with the forms; its text was not read, so the 2018
  layout is kept for it: an assumption (``assumed``), to check against the circular.

Before this module motcua printed the *short* form of the agency code (``H01.31``), a habit of
some provincial systems that no text sets. Codes already given stay as they are: a code is never
rewritten, and imported codes of any form keep their numbers (``dossiers.codes.sync_sequences``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from motcua.domain.codes import AGENCY_CODE, CodeError


@dataclass(frozen=True)
class DossierCodeRule:
    applies_from: dt.date
    source: str
    assumed: bool

    def agency_part(self, agency_code: str) -> str:
        """The receiving agency's part of the code: its full mã định danh, checked."""
        full = agency_code.strip()
        if AGENCY_CODE.match(full) is None:
            raise CodeError(
                f"Mã định danh “{agency_code}” không đúng dạng LLL.KK.JJ.Xnn (ví dụ 000.00.00.H01)."
            )
        return full

    def code(self, agency_code: str, day: dt.date, number: int) -> str:
        if not 1 <= number <= 9999:
            raise CodeError(f"Số thứ tự hồ sơ trong ngày phải từ 1 đến 9999 (có {number}).")
        return f"{self.agency_part(agency_code)}-{day:%y%m%d}-{number:04d}"


TT_01_2018_ART_19 = DossierCodeRule(
    applies_from=dt.date(2019, 1, 8),
    source="Thông tư số 01/2018/TT-VPCP, Điều 19: V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX",
    assumed=False,
)
ND_118_2025_ART_28 = DossierCodeRule(
    applies_from=dt.date(2025, 7, 1),
    source=(
        "Nghị định số 118/2025/NĐ-CP, Điều 28 (mã định danh cơ quan tiếp nhận, ngày tiếp nhận, "
        "số thứ tự trong ngày); cấu trúc chi tiết theo Thông tư số 03/2025/TT-VPCP chưa được đọc: "
        "giữ cấu trúc của Thông tư số 01/2018/TT-VPCP (giả định)"
    ),
    assumed=True,
)
DOSSIER_CODE_RULES: tuple[DossierCodeRule, ...] = (TT_01_2018_ART_19, ND_118_2025_ART_28)


def dossier_code_rule(received_on: dt.date) -> DossierCodeRule:
    """The rule in force on the day of receipt (before the first rule: the first rule)."""
    if isinstance(received_on, dt.datetime):
        raise TypeError("dossier_code_rule takes the day of receipt in Vietnam, not a datetime")
    chosen = DOSSIER_CODE_RULES[0]
    for rule in DOSSIER_CODE_RULES:
        if rule.applies_from <= received_on:
            chosen = rule
    return chosen


def dossier_code_prefix_agency(agency_code: str, received_on: dt.date) -> str:
    """The agency part of the codes of dossiers received that day by that agency."""
    return dossier_code_rule(received_on).agency_part(agency_code)
