"""Biểu II.06a/VPCP/KSTT arithmetic: the row shape and the identities every report must satisfy.

Columns (TT 01/2020/TT-VPCP): (3)=(4)+(5)+(6) received — online in the period, counter or postal
in the period, carried over; (7)=(8)+(9)+(10) resolved — early, on time, late; (11)=(12)+(13)
pending at the end — in time, overdue. motcua adds `closed`: dossiers that ended without a result
(withdrawn, stopped, closed for want of a supplement), so that (3) = (7) + (11) + closed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from motcua.domain.vnformat import format_number

COLUMNS = ("c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "c12", "c13")
SUMS = (("c3", ("c4", "c5", "c6")), ("c7", ("c8", "c9", "c10")), ("c11", ("c12", "c13")))


@dataclass(frozen=True)
class Violation:
    row: str  # the row's label, or "Tổng cộng"
    columns: str  # e.g. "(3) ≠ (4)+(5)+(6)"
    detail: str  # e.g. "14 ≠ 0 + 0 + 0"

    def __str__(self) -> str:
        return f"{self.row}: {self.columns} — {self.detail}"


def _f(value: Any) -> str:
    return format_number(int(value))


def _n(column: str) -> str:
    return f"({column[1:]})"


def check_row(label: str, row: Mapping[str, Any]) -> list[Violation]:
    problems = []
    for total, parts in SUMS:
        values = [int(row.get(p, 0)) for p in parts]
        if int(row.get(total, 0)) != sum(values):
            problems.append(
                Violation(
                    label,
                    f"{_n(total)} ≠ {'+'.join(_n(p) for p in parts)}",
                    f"{_f(row.get(total, 0))} ≠ {' + '.join(_f(v) for v in values)}",
                )
            )
    if "closed" in row:
        expected = int(row.get("c7", 0)) + int(row.get("c11", 0)) + int(row["closed"])
        if int(row.get("c3", 0)) != expected:
            problems.append(
                Violation(
                    label,
                    "(3) ≠ (7)+(11)+đã dừng",
                    f"{_f(row.get('c3', 0))} ≠ {_f(row.get('c7', 0))} + {_f(row.get('c11', 0))} + "
                    f"{_f(row['closed'])}",
                )
            )
    return problems


def check_report(
    rows: Sequence[tuple[str, Mapping[str, Any]]], total: Mapping[str, Any] | None
) -> list[Violation]:
    """Every broken identity: within each row and the total row, and each total column against
    the sum of its rows."""
    problems: list[Violation] = []
    for label, row in rows:
        problems += check_row(label, row)
    if total is not None:
        problems += check_row("Tổng cộng", total)
        for column in (*COLUMNS, "closed"):
            if column not in total:
                continue
            summed = sum(int(row.get(column, 0)) for _, row in rows)
            if int(total[column]) != summed:
                problems.append(
                    Violation(
                        "Tổng cộng",
                        f"cột {_n(column) if column != 'closed' else 'đã dừng'} ≠ tổng các dòng",
                        f"{_f(total[column])} ≠ {_f(summed)}",
                    )
                )
    return problems
