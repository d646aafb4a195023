"""II.06a, the QĐ 766 index and the dashboard over the generated dossiers (prints JSON).

Figures on the same rows, best of `REPEAT`:
- ours: reports.ii06a.ii06a(province, a year) from the summary table (the default source), the
  QĐ 766 index (reports.indicators.compute) and the dashboard data (dashboard_data), both from
  the summary tables; the index from the rows too (source="rows", checked equal);
- raw SQL: every query each of them sends, captured and re-executed with a bare cursor;
- rows: II.06a from the dossier rows (source="rows", the oracle) and its one aggregation query;
- DuckDB: the II.06a aggregation written for DuckDB over the same rows, exported once to CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
django.setup()

import duckdb  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from motcua.dossiers.models import Dossier  # noqa: E402
from motcua.reports.dashboard import dashboard_data  # noqa: E402
from motcua.reports.ii06a import ii06a  # noqa: E402
from motcua.reports.indicators import compute  # noqa: E402
from motcua.reports.models import FlagCell, ReportCell  # noqa: E402
from motcua.reports.read import period_counts  # noqa: E402
from motcua.units.models import Unit  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))  # fewer at 2 M (the row-level oracle is slow)


def best(fn: Any) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(REPEAT):
        started = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - started)
    return min(times), value


DUCK_SQL = """
WITH d AS (
  SELECT field_code, field_name, report_order, channel, accepted_at, resolved_at, ended_at,
         CAST(resolved_at + INTERVAL 7 HOUR AS DATE) AS done_day,
         CAST(due_at + INTERVAL 7 HOUR AS DATE) AS due_day
  FROM dossiers WHERE accepted_at IS NOT NULL AND unit_id IN (SELECT unnest($units))
)
SELECT field_code, field_name, report_order,
  count(*) FILTER (WHERE accepted_at >= $first AND accepted_at < $after AND channel = 'online'),
  count(*) FILTER (WHERE accepted_at >= $first AND accepted_at < $after AND channel <> 'online'),
  count(*) FILTER (WHERE accepted_at < $first AND (resolved_at IS NULL OR resolved_at >= $first)
                   AND (ended_at IS NULL OR ended_at >= $first)),
  count(*) FILTER (WHERE resolved_at >= $first AND resolved_at < $after AND done_day < due_day),
  count(*) FILTER (WHERE resolved_at >= $first AND resolved_at < $after
                   AND (done_day = due_day OR due_day IS NULL)),
  count(*) FILTER (WHERE resolved_at >= $first AND resolved_at < $after AND done_day > due_day),
  count(*) FILTER (WHERE accepted_at < $after AND (resolved_at IS NULL OR resolved_at >= $after)
                   AND (ended_at IS NULL OR ended_at >= $after)
                   AND (due_day >= $end OR due_day IS NULL)),
  count(*) FILTER (WHERE accepted_at < $after AND (resolved_at IS NULL OR resolved_at >= $after)
                   AND (ended_at IS NULL OR ended_at >= $after) AND due_day < $end),
  count(*) FILTER (WHERE ended_at >= $first AND ended_at < $after AND resolved_at IS NULL)
FROM d GROUP BY 1, 2, 3 ORDER BY 3, 1
"""


def export(path: Path) -> int:
    rows = Dossier.objects.values_list(
        "competent_unit_id",
        "procedure_version__field__code",
        "procedure_version__field__name",
        "procedure_version__field__report_order",
        "channel",
        "accepted_at",
        "resolved_at",
        "ended_at",
        "due_at",
    )
    count = 0
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "unit_id",
                "field_code",
                "field_name",
                "report_order",
                "channel",
                "accepted_at",
                "resolved_at",
                "ended_at",
                "due_at",
            ]
        )
        for row in rows.iterator(5000):
            writer.writerow(
                [
                    v.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
                    if isinstance(v, dt.datetime)
                    else ("" if v is None else v)
                    for v in row
                ]
            )
            count += 1
    return count


def main() -> None:
    province = Unit.objects.get(code="BENCH")
    units = [*Unit.objects.filter(parent=province).values_list("pk", flat=True), province.pk]
    end = dt.date.today() - dt.timedelta(days=1)
    start = end.replace(year=end.year - 1) + dt.timedelta(days=1)
    timed: dict[str, Any] = {}
    jobs: dict[str, Callable[[], Any]] = {
        "ii06a": lambda: ii06a(province, start, end),
        "ii06a_rows": lambda: ii06a(province, start, end, source="rows"),
        "qd766": lambda: compute(province, start, end),
        "qd766_rows": lambda: compute(province, start, end, source="rows"),
        "dashboard": lambda: dashboard_data(province, start, end),
        # What the summary would cost without the per-ancestor cells: the 160 communes' scopes.
        "province_scope": lambda: period_counts([province.pk], start, end),
        "leaf_scopes": lambda: period_counts(units[:-1], start, end),
    }
    for name, fn in jobs.items():
        fn()  # warm the caches
        seconds, value = best(fn)
        with CaptureQueriesContext(connection) as captured:
            fn()
        queries = [q["sql"] for q in captured.captured_queries]

        def raw(queries: list[str] = queries) -> int:
            with connection.cursor() as cursor:
                for sql in queries:
                    cursor.execute(sql)
                    cursor.fetchall()
            return len(queries)

        raw_s, _ = best(raw)
        timed[name] = {"s": seconds, "raw_sql_s": raw_s, "queries": len(queries), "value": value}
    ours, report = timed["ii06a"]["s"], timed["ii06a"]["value"]
    assert report.as_json() == timed["ii06a_rows"]["value"].as_json(), "summary ≠ rows"
    indicators = timed["qd766"]["value"].as_json()
    assert indicators == timed["qd766_rows"]["value"].as_json(), "QĐ 766: summary ≠ rows"
    raw_s = timed["ii06a"]["raw_sql_s"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dossiers.csv"
        started = time.perf_counter()
        rows = export(path)
        export_s = time.perf_counter() - started
        duck = duckdb.connect()
        duck.execute(
            f"CREATE TABLE dossiers AS SELECT * FROM read_csv('{path}', header=true, quote='\"', "
            "columns={'unit_id': 'BIGINT', 'field_code': 'VARCHAR', 'field_name': 'VARCHAR', "
            "'report_order': 'INTEGER', 'channel': 'VARCHAR', 'accepted_at': 'TIMESTAMP', "
            "'resolved_at': 'TIMESTAMP', 'ended_at': 'TIMESTAMP', 'due_at': 'TIMESTAMP'})"
        )
    vn_first = dt.datetime.combine(start, dt.time.min) - dt.timedelta(hours=7)
    vn_after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min) - dt.timedelta(hours=7)
    params = {"units": units, "first": vn_first, "after": vn_after, "end": end}
    duck_s, duck_rows = best(lambda: duck.execute(DUCK_SQL, params).fetchall())
    duck_total = [sum(r[i] for r in duck_rows) for i in range(3, 12)]
    t = report.total
    ours_total = [t[k] for k in ("c4", "c5", "c6", "c8", "c9", "c10", "c12", "c13", "closed")]
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "dossiers": rows,
                "period": [start.isoformat(), end.isoformat()],
                "ii06a_s": ours,
                "raw_sql_s": raw_s,
                "duckdb_s": duck_s,
                "export_s": export_s,
                "ii06a_rows_s": timed["ii06a_rows"]["s"],
                "ii06a_rows_raw_sql_s": timed["ii06a_rows"]["raw_sql_s"],
                "qd766_s": timed["qd766"]["s"],
                "qd766_raw_sql_s": timed["qd766"]["raw_sql_s"],
                "qd766_rows_s": timed["qd766_rows"]["s"],
                "qd766_rows_raw_sql_s": timed["qd766_rows"]["raw_sql_s"],
                "dashboard_s": timed["dashboard"]["s"],
                "dashboard_raw_sql_s": timed["dashboard"]["raw_sql_s"],
                "province_scope_s": timed["province_scope"]["s"],
                "leaf_scopes_s": timed["leaf_scopes"]["s"],
                "queries": {k: v["queries"] for k, v in timed.items()},
                "cells": {grain: ReportCell.objects.filter(grain=grain).count() for grain in "dmy"},
                "flag_cells": {
                    grain: FlagCell.objects.filter(grain=grain).count() for grain in "dmy"
                },
                "province_cells": {
                    grain: ReportCell.objects.filter(grain=grain, unit=province).count()
                    for grain in "dmy"
                },
                "summary_equals_rows": True,
                "same_totals_as_duckdb": duck_total == ours_total,
                "totals": ours_total,
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
