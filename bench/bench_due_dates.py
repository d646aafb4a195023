"""Benchmark: 1 000 000 due dates, our working-day table vs numpy.busday_offset.

Run from the repository root: ``.venv/bin/python -m bench.bench_due_dates``.
Writes ``bench/results/due_dates.json``.

Semantics compared: the n-th working day strictly after the acceptance date (BLDS Art. 147.3).
``busday_offset(..., roll="backward")`` has the same meaning on a Mon–Fri week with a holiday
list (a non-working start rolls back to the previous working day, which has the same "next
working days"), but a ``busdaycalendar`` cannot add working Saturdays, so the official make-up
days (e.g. Sat 04/05/2024, 26/04/2025, 22/08/2026) are missing from its answers. The control
run turns those Saturdays off in our calendar: it must then agree with numpy exactly.
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Callable
from datetime import date, datetime, time
from importlib.metadata import version
from pathlib import Path
from time import perf_counter
from typing import Any

import numpy as np
import numpy.typing as npt

from motcua.domain.bulk_due import WorkingDayTable, bulk_add_working_days, table_for
from motcua.domain.workcalendar import CalendarException, WorkCalendar

SIZE = 1_000_000
REPEATS = 3
FIRST, LAST = date(2023, 1, 1), date(2026, 12, 31)
RESULTS = Path(__file__).resolve().parent / "results" / "due_dates.json"


def best_of(repeats: int, run: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeats):
        started = perf_counter()
        result = run()
        best = min(best, perf_counter() - started)
    return best, result


def weekday_days_off(calendar: WorkCalendar, years: range) -> npt.NDArray[np.datetime64]:
    days = [day for year in years for day, _ in calendar.days_off(year) if day.weekday() < 5]
    return np.array(days, dtype="datetime64[D]")


def main() -> None:
    rng = np.random.default_rng(20260424)
    span = (LAST - FIRST).days + 1
    accepted = np.datetime64(FIRST) + rng.integers(0, span, SIZE).astype("timedelta64[D]")
    counts = rng.integers(1, 31, SIZE)

    calendar = WorkCalendar()
    calendar.is_working_day(FIRST)  # load the holiday package outside the timings
    years = range(FIRST.year, LAST.year + 2)
    busdaycal = np.busdaycalendar(weekmask="1111100", holidays=weekday_days_off(calendar, years))

    t_numpy, by_numpy = best_of(
        REPEATS, lambda: np.busday_offset(accepted, counts, roll="backward", busdaycal=busdaycal)
    )
    t_ours, ours = best_of(REPEATS, lambda: bulk_add_working_days(calendar, accepted, counts))
    t_build, table = best_of(REPEATS, lambda: table_for(calendar, accepted, counts))
    assert isinstance(table, WorkingDayTable)
    t_lookup, looked_up = best_of(REPEATS, lambda: table.add_working_days(accepted, counts))
    assert np.array_equal(ours, looked_up)

    makeup = [day for year in years for day, _ in calendar.makeup_days(year)]
    wrong = int(np.count_nonzero(ours != by_numpy))
    naive_forward = np.busday_offset(accepted, counts, roll="forward", busdaycal=busdaycal)
    wrong_forward = int(np.count_nonzero(ours != naive_forward))

    control_calendar = WorkCalendar(
        CalendarException(day, "off", "bench control", "-") for day in makeup
    )
    control = bulk_add_working_days(control_calendar, accepted, counts)
    control_wrong = int(np.count_nonzero(control != by_numpy))

    sample = rng.integers(0, SIZE, 20_000)
    starts = [datetime.combine(accepted[i].astype(date), time(9)) for i in sample]
    started = perf_counter()
    for i, start in zip(sample, starts, strict=True):
        calendar.add_working_days(start, int(counts[i]))
    t_scalar = (perf_counter() - started) / len(sample)
    scalar_agrees = all(
        calendar.add_working_days(start, int(counts[i])).date() == ours[i].astype(date)
        for i, start in zip(sample[:2000], starts[:2000], strict=True)
    )

    rows = [
        ("numpy.busday_offset (roll=backward)", t_numpy),
        ("ours: bulk_add_working_days (incl. table)", t_ours),
        ("ours: table build only", t_build),
        ("ours: lookup on a prebuilt table", t_lookup),
    ]
    print(f"{SIZE:,} due dates, acceptance {FIRST}…{LAST}, N in 1..30, best of {REPEATS}")
    print(f"{'method':<44}{'seconds':>10}{'ours/numpy':>12}")
    for name, seconds in rows:
        print(f"{name:<44}{seconds:>10.4f}{seconds / t_numpy:>12.2f}")
    print(f"make-up working days in range: {[d.isoformat() for d in makeup]}")
    print(f"busday_offset results that differ from ours (make-up Saturdays): {wrong:,}")
    print(f"  … with roll=forward instead (naive use): {wrong_forward:,}")
    print(f"control (make-up Saturdays turned off in our calendar): {control_wrong:,} differ")
    print(f"scalar add_working_days: {t_scalar * 1e6:.2f} µs per call; agrees: {scalar_agrees}")

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "size": SIZE,
        "repeats": REPEATS,
        "acceptance_range": [FIRST.isoformat(), LAST.isoformat()],
        "n_range": [1, 30],
        "seconds": {
            "numpy_busday_offset": t_numpy,
            "ours_bulk_including_table": t_ours,
            "ours_table_build": t_build,
            "ours_lookup_prebuilt_table": t_lookup,
        },
        "ratio_ours_over_numpy": t_ours / t_numpy,
        "ratio_lookup_over_numpy": t_lookup / t_numpy,
        "busday_offset_wrong": wrong,
        "busday_offset_roll_forward_wrong": wrong_forward,
        "control_wrong": control_wrong,
        "makeup_days": [d.isoformat() for d in makeup],
        "scalar_add_working_days_us": t_scalar * 1e6,
        "scalar_agrees_with_bulk": scalar_agrees,
        "environment": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "holidays": version("holidays"),
            "cpus": os.cpu_count(),
            "machine": platform.machine(),
        },
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written {RESULTS}")


if __name__ == "__main__":
    main()
