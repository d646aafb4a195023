"""Report periods and their cut-off dates (chốt số liệu).

Default rule (NĐ 09/2019/NĐ-CP Art. 12, as sector circulars quote it): a period runs from the
15th of the month before it to the 14th of its last month — Q1 15/12–14/3, Q2 15/3–14/6, Q3
15/6–14/9, Q4 15/9–14/12, first half 15/12–14/6, year 15/12–14/12. The cut-off day is a parameter
(`CUTOFF_DAY`) because provinces set their own.
"""

from __future__ import annotations

import datetime as dt
import re

CUTOFF_DAY = 15
_PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]|M(?:0?[1-9]|1[0-2])))?$")


class PeriodError(ValueError):
    pass


def _start(year: int, first_month: int, cutoff: int) -> dt.date:
    """The cut-off day of the month before `first_month`."""
    if first_month == 1:
        return dt.date(year - 1, 12, cutoff)
    return dt.date(year, first_month - 1, cutoff)


def period(label: str, *, cutoff: int = CUTOFF_DAY) -> tuple[dt.date, dt.date]:
    """ "2024-Q2" → (2024-03-15, 2024-06-14); "2024-H1", "2024", "2024-M05" likewise."""
    match = _PERIOD.match(label.strip().upper())
    if match is None:
        raise PeriodError(
            f"Kỳ báo cáo “{label}” không hợp lệ (ví dụ: 2024, 2024-Q2, 2024-H1, 2024-M05)."
        )
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        first, last = 1, 12
    elif part.startswith("Q"):
        first = 3 * (int(part[1]) - 1) + 1
        last = first + 2
    elif part.startswith("H"):
        first = 1 if part == "H1" else 7
        last = first + 5
    else:
        first = last = int(part[1:])
    return _start(year, first, cutoff), dt.date(year, last, cutoff - 1)
