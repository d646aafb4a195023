"""`motcua report indicators --unit CODE --from D --to D [--period P] [--format json|table]`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from django.core.management.base import CommandError

from motcua.domain.periods import PeriodError, period
from motcua.reports.indicators import compute
from motcua.reports.indicators_text import as_table
from motcua.units.models import Unit


def add_indicators_parser(sub: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        "indicators", help="QĐ 766 index and NQ 01/02 targets for a unit and period"
    )
    parser.add_argument("--unit", required=True)
    parser.add_argument("--from", dest="start", type=dt.date.fromisoformat)
    parser.add_argument("--to", dest="end", type=dt.date.fromisoformat)
    parser.add_argument("--period", help="2024, 2024-Q2, 2024-H1 or 2024-M05 (cut-off 15th)")
    parser.add_argument("--format", default="json", choices=["json", "table"])
    return parser


def run_indicators(options: dict[str, Any]) -> str:
    unit = Unit.objects.filter(code=options["unit"]).first()
    if unit is None:
        raise CommandError(f"Không có đơn vị mã “{options['unit']}”.")
    start, end = options.get("start"), options.get("end")
    if options.get("period"):
        try:
            start, end = period(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
    if start is None or end is None:
        raise CommandError("Cần --from và --to, hoặc --period.")
    if end < start:
        raise CommandError("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.")
    report = compute(unit, start, end)
    if options["format"] == "table":
        return as_table(report)
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2)
