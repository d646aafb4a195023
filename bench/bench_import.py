"""Benchmark: import 100 000 portal rows (CSV) into a fresh SQLite database.

Run from the repository root: ``.venv/bin/python -m bench.bench_import [ROWS]``.
Baseline in the same run: the same rows inserted with one executemany into a bare SQLite table
(the floor for "parse nothing, check nothing"). Writes bench/results/import.json.
"""

from __future__ import annotations

import csv
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODES = ["2.000815", "2.000884", "1.001193", "1.000894", "1.000656", "1.004873"]
HEADER = [
    "MaHoSo",
    "MaTTHC",
    "KenhThucHien",
    "MucDo",
    "NgayTiepNhan",
    "NgayHenTra",
    "NgayKetThucXuLy",
    "NgayTra",
    "TrangThaiHoSo",
    "ChuHoSo",
    "DuocThanhToanTrucTuyen",
    "PhiLePhi",
]


def make_rows(count: int) -> list[list[str]]:
    rng = random.Random(42)
    rows = []
    for i in range(count):
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        accepted = f"2024{month:02d}{day:02d}0{rng.randint(7, 9)}0000"
        due = "" if i % 3 else f"2024{month:02d}{day:02d}170000"
        rows.append(
            [
                f"B-{i:07d}",
                rng.choice(CODES),
                rng.choice("1223"),
                rng.choice("34"),
                accepted,
                due,
                accepted,
                accepted,
                "10",
                f"Công dân {i}",
                str(i % 2),
                str(rng.choice([0, 2000, 8000])),
            ]
        )
    return rows


def main(count: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
    source = work / "rows.csv"
    rows = make_rows(count)
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    env = {
        **os.environ,
        "MOTCUA_DATA_DIR": str(work),
        "MOTCUA_TASK_QUEUE": "immediate",
        "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}",
    }
    motcua = [sys.executable, "-m", "motcua.cli"]
    for step in (["migrate", "-v", "0"], ["units", "load"], ["catalog", "load"]):
        subprocess.run([*motcua, *step], env=env, check=True, capture_output=True)

    floor = sqlite3.connect(work / "floor.sqlite3")
    floor.execute(f"CREATE TABLE t ({', '.join(HEADER)})")
    started = time.perf_counter()
    with floor:
        floor.executemany(f"INSERT INTO t VALUES ({', '.join('?' * len(HEADER))})", rows)
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    result = subprocess.run(
        [*motcua, "dossiers", "import", str(source), "--unit", "30406"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    ours = time.perf_counter() - started
    print(result.stdout.strip().splitlines()[-1])
    print(
        f"{count:,} rows: motcua import {ours:.1f} s (whole command, incl. start-up); "
        f"bare executemany {baseline:.2f} s; ratio {ours / baseline:.0f}×"
    )
    out = ROOT / "bench" / "results" / "import.json"
    out.write_text(
        json.dumps(
            {
                "rows": count,
                "seconds": ours,
                "baseline_seconds": baseline,
                "ratio": ours / baseline,
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
