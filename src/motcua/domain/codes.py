"""Identification codes: agency codes (mã định danh, QĐ 20/2020/QĐ-TTg) and procedure codes."""

from __future__ import annotations

import re

# Full form LLL.KK.JJ.Xnn: level 4, level 3, level 2, level 1 (G = central body, H = province).
AGENCY_CODE = re.compile(r"^(\d{3})\.(\d{2})\.(\d{2})\.([GHK]\d{2})$")
# National procedure code N.NNNNNN (CSDLQG về TTHC), e.g. 1.001193.
PROCEDURE_CODE = re.compile(r"^\d\.\d{6}$")


class CodeError(ValueError):
    """A code that does not have the legal shape. The message is in Vietnamese for the UI."""


def short_agency_code(full: str) -> str:
    """ "000.00.00.H01" → "H01"; "000.00.14.H56" → "H56.14"; "000.22.14.H56" → "H56.14.22".

    The short form used in dossier codes lists the levels from the top (province) down and
    leaves out the empty (zero) lower levels.
    """
    match = AGENCY_CODE.match(full.strip())
    if match is None:
        raise CodeError(
            f"Mã định danh “{full}” không đúng dạng LLL.KK.JJ.Xnn (ví dụ 000.00.00.H01)."
        )
    level4, level3, level2, level1 = match.groups()
    parts = [level1]
    for part in (level2, level3, level4):
        if int(part) == 0:
            break
        parts.append(part)
    return ".".join(parts)
