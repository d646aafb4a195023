"""The narrative report and its annex for one commune-period (run under the motcua environment).

Usage: `MOTCUA_DATA_DIR=… python -m bench.bench_narrative [--demo]` prints JSON. With `--demo` it
first loads the demo records into that data directory (`motcua demo`: the commune of the seed
report, thị trấn Phú Mỹ 30406, with its 1 652 dossiers of 15/12/2023–19/5/2024, control
register, ratings and PAKN).

Figures, best of REPEAT, all on the same database in the same process:
- ours: `render_narrative(unit, start, end, "docx" | "pdf")` — every figure gathered from the
  records (II.06a annex, QĐ 766 / NQ tables, PAKN counts, the register), then written;
- floor (docx): the raw SQL of the annex (the aggregation II.06a sends, captured and re-run
  with a bare cursor) plus a bare python-docx document with as many paragraphs and table cells
  as ours — what any implementation must at least do;
- floor (pdf): the raw SQL plus WeasyPrint rendering our own HTML of the report (the part of
  the time that belongs to WeasyPrint, not to us).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from docx import Document  # noqa: E402
from weasyprint import HTML  # noqa: E402

from motcua.control.narrative import build_context  # noqa: E402
from motcua.control.narrative_render import (  # noqa: E402
    render_narrative,
    render_narrative_docx,
    render_narrative_html,
)
from motcua.control.narrative_sources import feedback_for, indicators_for  # noqa: E402
from motcua.reports.ii06a import ii06a  # noqa: E402
from motcua.units.models import Unit  # noqa: E402

REPEAT = 5
UNIT_CODE = "30406"
START, END = dt.date(2023, 12, 15), dt.date(2024, 5, 19)


def best(fn: Callable[[], Any]) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(REPEAT):
        started = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - started)
    return min(times), value


def annex_sql(unit: Unit) -> str:
    """The aggregation II.06a sends (the longest query; the others are small look-ups)."""
    with CaptureQueriesContext(connection) as captured:
        ii06a(unit, START, END)
    return max((q["sql"] for q in captured.captured_queries), key=len)


def run_raw(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return len(cursor.fetchall())


def bare_docx(paragraphs: int, table_rows: int, table_cols: int) -> bytes:
    document = Document()
    for i in range(paragraphs):
        document.add_paragraph(f"Đoạn văn số {i} của báo cáo kết quả kiểm soát TTHC.")
    table = document.add_table(rows=table_rows, cols=table_cols)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = str(r * table_cols + c)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main() -> None:
    if "--demo" in sys.argv:
        call_command("migrate", verbosity=0)
        call_command("demo", verbosity=0)
    unit = Unit.objects.get(code=UNIT_CODE)
    ours_docx, docx_bytes = best(lambda: render_narrative(unit, START, END, "docx"))
    ours_pdf, pdf_bytes = best(lambda: render_narrative(unit, START, END, "pdf"))

    sql = annex_sql(unit)
    raw, _ = best(lambda: run_raw(sql))
    ctx = build_context(
        unit,
        START,
        END,
        indicators=indicators_for(unit, START, END),
        feedback_counts=feedback_for(unit, START, END),
    )
    ours_document = Document(io.BytesIO(render_narrative_docx(ctx)))
    cells = sum(len(t.rows) * len(t.columns) for t in ours_document.tables)
    paragraphs = len(ours_document.paragraphs)
    cols = 12
    floor_docx, _ = best(lambda: bare_docx(paragraphs, max(1, cells // cols), cols))
    html = render_narrative_html(ctx)
    floor_pdf, _ = best(lambda: HTML(string=html).write_pdf())
    result = {
        "unit": UNIT_CODE,
        "period": [START.isoformat(), END.isoformat()],
        "annex_total": ctx.annex.total,
        "docx_bytes": len(docx_bytes),
        "pdf_bytes": len(pdf_bytes),
        "paragraphs": paragraphs,
        "table_cells": cells,
        "ours_docx_s": round(ours_docx, 4),
        "ours_pdf_s": round(ours_pdf, 4),
        "raw_sql_s": round(raw, 4),
        "bare_docx_s": round(floor_docx, 4),
        "weasyprint_same_html_s": round(floor_pdf, 4),
        "docx_ratio_to_floor": round(ours_docx / (raw + floor_docx), 2),
        "pdf_ratio_to_floor": round(ours_pdf / (raw + floor_pdf), 2),
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
