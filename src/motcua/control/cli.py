"""`motcua report narrative …`: the sub-command lives here, reports' command only registers it."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from motcua.control.narrative_render import render_narrative
from motcua.units.models import Unit


def add_narrative_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "narrative",
        help="the narrative report (BÁO CÁO kiểm soát TTHC) with the II.06a annex, docx or pdf",
    )
    parser.add_argument("--unit", required=True)
    parser.add_argument("--from", dest="start", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--to", dest="end", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--format", default="docx", choices=["docx", "pdf"])
    parser.add_argument("-o", "--output", type=Path, required=True)


def write_narrative(options: dict[str, Any]) -> str:
    unit = Unit.objects.filter(code=options["unit"]).first()
    if unit is None:
        raise CommandError(f"Không có đơn vị mã “{options['unit']}”.")
    if options["end"] < options["start"]:
        raise CommandError("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.")
    data = render_narrative(unit, options["start"], options["end"], options["format"])
    options["output"].write_bytes(data)
    return f"Đã ghi {options['output']}."
