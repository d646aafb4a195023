"""Thị trấn Phú Mỹ's records for 15/12/2023–19/5/2024, made so that the reports computed from them
reproduce the seed report (Báo cáo 451/BC-UBND) wherever the seed is consistent.

The records are portal-shaped rows written through the one import path (dossiers/importer.py).
Choices where the seed contradicts itself (docs/demo-data.md):
- Annex rows BTXH (14) and NCC (7) print no channel split; we use BTXH 14 online and NCC 6 online +
  1 counter. Column (4) then totals 1.640 (the printed total) and column (5) 12.
- I.10 counts 1.646 online submissions (695 partly + 951 fully online) while the annex counts
  1.640 online dossiers received: 6 online submissions were not accepted (refused at intake);
  they are online services used, but not dossiers received (never-accepted dossiers are excluded).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from motcua.calendars.services import calendar_for
from motcua.units.models import Unit

UNIT = "30406"
START, END = dt.date(2023, 12, 15), dt.date(2024, 5, 19)

# field → (procedure codes with weights, online, counter, on-time count); the rest are early.
PLAN: list[tuple[list[tuple[str, int]], int, int, int]] = [
    ([("2.000815", 600), ("2.000884", 75)], 675, 0, 1),  # Chứng thực
    (
        [
            ("1.001193", 300),
            ("1.000656", 100),
            ("1.000894", 80),
            ("1.004873", 230),
            ("2.000635", 239),
        ],
        941,
        8,
        9,
    ),  # Hộ tịch
    ([("RS.TDKT.01", 4)], 4, 0, 0),  # Thi đua – Khen thưởng
    ([("1.001776", 14)], 14, 0, 0),  # Bảo trợ xã hội (our split: all online)
    ([("1.010833", 7)], 6, 1, 0),  # Người có công (our split: 6 online, 1 counter)
    ([("1.012812", 2)], 0, 2, 0),  # Đất đai
    ([("RS.TD.01", 1)], 0, 1, 0),  # Tiếp dân, xử lý đơn thư
]
FULLY_ONLINE, PARTLY_ONLINE = 951, 695  # I.10: 1.646 online submissions
NOT_ACCEPTED_ONLINE = FULLY_ONLINE + PARTLY_ONLINE - 1640
ONLINE_FEES = [20_000] * 998 + [25_000] * 515  # 1.513 dossiers, 32.835.000 đồng (I.9)
DESK_FEES = [8_000] * 81  # 648.000 đồng at the desk (I.9): 81 extract copies at 8.000 đồng
E_COPIES = [3] * 40 + [2] * 635  # 1.390 electronic certified copies (I.10) over 675 dossiers
POSTAL_RETURNS = 7  # I.6.b
DIGITISED = 1361  # 82,4% of 1.652 (I.15)


def _stamp(day: dt.date, hour: int, minute: int = 0) -> str:
    return f"{day:%Y%m%d}{hour:02d}{minute:02d}00"


def demo_rows(unit: Unit) -> Iterator[tuple[int, dict[str, Any]]]:
    """The portal rows, deterministic (seeded), ready for import_dossiers."""
    rng = random.Random(451)  # noqa: S311  (reproducible demo data, not security)
    calendar = calendar_for(unit)
    days = [START + dt.timedelta(d) for d in range((END - START).days + 1)]
    working = [d for d in days if calendar.is_working_day(d) and d < END]
    dossiers: list[dict[str, Any]] = []
    for procedures, online, counter, on_time in PLAN:
        codes = [code for code, weight in procedures for _ in range(weight)]
        channels = ["2"] * online + ["1"] * counter
        for index, (code, channel) in enumerate(zip(codes, channels, strict=True)):
            dossiers.append({"MaTTHC": code, "KenhThucHien": channel, "on_time": index < on_time})
    rng.shuffle(dossiers)
    online_rows = [d for d in dossiers if d["KenhThucHien"] == "2"]
    levels = ["4"] * FULLY_ONLINE + ["3"] * PARTLY_ONLINE
    rng.shuffle(levels)
    for row, level in zip(online_rows, levels, strict=False):
        row["MucDo"] = level
    rejected = levels[len(online_rows) :]
    assert len(rejected) == NOT_ACCEPTED_ONLINE
    certifications = [d for d in dossiers if d["MaTTHC"] in ("2.000815", "2.000884")]
    for row, copies in zip(certifications, E_COPIES, strict=True):
        row["SoBanSaoDienTu"] = copies
    extracts = [d for d in dossiers if d["MaTTHC"] == "2.000635"]
    for row, amount in zip(extracts, DESK_FEES, strict=False):
        row["PhiLePhi"], row["DuocThanhToanTrucTuyen"] = amount, 0
    payers = [d for d in online_rows if "PhiLePhi" not in d]
    for row, amount in zip(payers, ONLINE_FEES, strict=False):
        row["PhiLePhi"], row["DuocThanhToanTrucTuyen"] = amount, 1
    for row in [d for d in dossiers if d["MaTTHC"] in ("1.001776", "1.010833")][:POSTAL_RETURNS]:
        row["TraKetQuaQuaBuuChinh"] = 1
    for index, row in enumerate(dossiers):
        row["HoSoCoThanhPhanSoHoa"] = int(index < DIGITISED)
        row["CoKetQuaDienTu"] = int(
            row["MaTTHC"] in ("2.000815", "2.000884") or row.get("MucDo") == "4"
        )
    per_day: dict[dt.date, int] = {}
    line = 1
    for index, row in enumerate(dossiers):
        day = working[index * len(working) // len(dossiers)]
        per_day[day] = per_day.get(day, 0) + 1
        next_day = calendar.next_working_day(day)
        accepted = _stamp(day, 7 + index % 8, (index * 7) % 60)
        done = _stamp(day, 16, 30)
        line += 1
        yield (
            line,
            {
                **{k: v for k, v in row.items() if k != "on_time"},
                "MaHoSo": f"{unit.short_code}-{day:%y%m%d}-{per_day[day]:04d}",
                "NgayTiepNhan": accepted,
                "NgayHenTra": _stamp(day, 17) if row["on_time"] else _stamp(next_day, 17),
                "NgayKetThucXuLy": done,
                "NgayTra": done,
                "TrangThaiHoSo": 10,
                "ChuHoSo": f"Công dân {index + 1:04d}",
            },
        )
    for number, level in enumerate(rejected, start=1):
        day = working[number * 15]
        line += 1
        yield (
            line,
            {
                "MaHoSo": f"{unit.short_code}-{day:%y%m%d}-T{number:03d}",
                "MaTTHC": "2.000815",
                "KenhThucHien": "2",
                "MucDo": level,
                "NgayTiepNhan": _stamp(day, 8),
                "NgayTuChoi": _stamp(day, 9),
                "TrangThaiHoSo": 3,
                "ChuHoSo": f"Công dân trực tuyến {number}",
            },
        )
