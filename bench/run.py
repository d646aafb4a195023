"""All benchmarks with one command: `python bench/run.py [--quick]` (or `motcua bench run`).

For SQLite (always) and PostgreSQL (when BENCH_PG_URL or --pg is given, e.g.
postgres://postgres@127.0.0.1/motcua_bench): generate N dossiers once per data directory
(`motcua bench generate`), then
  (a) II.06a vs its raw SQL vs DuckDB on the same rows (bench/bench_reports.py);
  (b) counter intake through the API, 10 and 50 clients, vs a one-row-insert WSGI app;
  (c) status look-up by code at 200 connections vs a one-row GET;
  (d) the due-date and import benchmarks of issues 3 and 5;
  (e) the narrative report and its annex for the demo commune-period (bench/bench_narrative.py);
  (f) the staff pages against /healthz and their main query's raw SQL (bench/bench_pages.py;
      `--pages-only` for these alone).
Prints a table; writes bench/results/run-<time>.json and bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import bench_http  # noqa: E402


def env_for(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}",
        "MOTCUA_DATA_DIR": str(data_dir),
        # A real queue, as deployed: the receipt is rendered after commit by the job queue, which
        # is NOT consumed during the load (renders are timed separately: render_rate).
        "MOTCUA_TASK_QUEUE": "postgres" if database_url else "sqlite",
        "MOTCUA_EMAIL": "file",
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def motcua(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "motcua.cli", *args], env=env, check=True)


def ensure_data(env: dict[str, str], data_dir: Path, dossiers: int) -> None:
    marker = data_dir / f"bench-generated-{dossiers}"
    if marker.exists():
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    if "DATABASE_URL" in env:
        motcua(env, "flush", "--no-input")
    motcua(env, "migrate", "-v0")
    motcua(env, "bench", "generate", "--dossiers", str(dossiers), "--units", "160", "--years", "2")
    marker.write_text("ok")


def reports(env: dict[str, str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_reports.py")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def pages(env: dict[str, str]) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_pages.py")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def pages_table(results: dict[str, Any]) -> str:
    lines = [
        "| engine | page | p50 / p95 ms | statements | main query raw SQL ms (rows) "
        "| × /healthz | × raw SQL |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in results["backends"].items():
        if "pages" not in r:
            continue
        p = r["pages"]
        lines.append(f"| {name} | /healthz | {p['healthz_p50_ms']} | | | 1 | |")
        for page, f in p["pages"].items():
            lines.append(
                f"| {name} | {page} | {f['p50_ms']} / {f['p95_ms']} | {f['statements']} | "
                f"{f['raw_sql_p50_ms']} ({f['main_query_rows']}) | {f['to_healthz']}× | "
                f"{f['to_raw_sql']}× |"
            )
    return "\n".join(lines)


def backend(name: str, data_dir: Path, url: str | None, args: argparse.Namespace) -> dict[str, Any]:
    env = env_for(data_dir, url)
    ensure_data(env, data_dir, args.dossiers)
    minimal_target = url or str(data_dir / "minimal.sqlite3")
    if args.lookup_only:
        return {
            "load_average": os.getloadavg(),
            "http": bench_http.motcua_runs(env, args.seconds, args.workers, lookup_only=True),
            "baseline": bench_http.minimal_runs(
                minimal_target, args.seconds, args.workers, select_only=True
            ),
            "load_average_after": os.getloadavg(),
        }
    if args.intake_only:
        return {
            "load_average": os.getloadavg(),
            "http": bench_http.motcua_runs(env, args.seconds, args.workers, intake_only=True),
            "floor": bench_http.floor_runs(env, args.seconds, args.workers),
            "baseline": bench_http.minimal_runs(
                minimal_target, args.seconds, args.workers, insert_only=True
            ),
            "load_average_after": os.getloadavg(),
        }
    if args.pages_only:
        return {"pages": pages(env)}
    result: dict[str, Any] = {"reports": reports(env), "pages": pages(env)}
    if args.skip_http:
        return result
    result["http"] = bench_http.motcua_runs(env, args.seconds, args.workers)
    result["render"] = render_rate(env)
    result["floor"] = bench_http.floor_runs(env, args.seconds, args.workers)
    result["baseline"] = bench_http.minimal_runs(minimal_target, args.seconds, args.workers)
    return result


def render_rate(env: dict[str, str], count: int = 20) -> dict[str, Any]:
    """Time `motcua dossiers render-forms` over the receipts the intake run left to the queue."""
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "motcua.cli", "dossiers", "render-forms", "--limit", str(count)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    rendered = int(out.stdout.split("cho ")[1].split()[0])
    return {
        "rendered": rendered,
        "seconds": round(seconds, 2),
        "per_document_ms": round(1000 * seconds / rendered, 1) if rendered else None,
    }


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}×" if b else "–"


def table(results: dict[str, Any]) -> str:
    lines = ["| backend | measure | ours | baseline | ratio |", "|---|---|---:|---:|---:|"]
    for name, r in results["backends"].items():
        if "floor" in r and "reports" not in r:  # --intake-only
            lines += _intake_lines(name, r)
            continue
        if "reports" not in r:  # --lookup-only
            lines.append(_lookup_line(name, r))
            continue
        rep = r["reports"]
        lines.append(
            f"| {name} | II.06a, {rep['dossiers']:,} dossiers (s) | {rep['ii06a_s']:.3f} | "
            f"raw SQL {rep['raw_sql_s']:.3f} | {ratio(rep['ii06a_s'], rep['raw_sql_s'])} |"
        )
        lines.append(
            f"| {name} | II.06a raw SQL vs DuckDB (s) | {rep['raw_sql_s']:.3f} | "
            f"DuckDB {rep['duckdb_s']:.3f} | {ratio(rep['raw_sql_s'], rep['duckdb_s'])} |"
        )
        lines.append(
            f"| {name} | QĐ 766 index (s) | {rep['qd766_s']:.3f} | "
            f"raw SQL {rep['qd766_raw_sql_s']:.3f} | "
            f"{ratio(rep['qd766_s'], rep['qd766_raw_sql_s'])} |"
        )
        lines.append(
            f"| {name} | dashboard (s) | {rep['dashboard_s']:.3f} | "
            f"raw SQL {rep['dashboard_raw_sql_s']:.3f} | "
            f"{ratio(rep['dashboard_s'], rep['dashboard_raw_sql_s'])} |"
        )
        if "http" not in r:
            continue
        lines += _intake_lines(name, r)
        rendered = r["render"]
        lines.append(
            f"| {name} | receipts rendered after the load (ms each, incl. start-up) | "
            f"{rendered['per_document_ms']} ({rendered['rendered']} docs) | – | – |"
        )
        lines.append(_lookup_line(name, r))
    return "\n".join(lines)


def _intake_lines(name: str, r: dict[str, Any]) -> list[str]:
    """Intake per second against the framework floor (the same two requests, and one) and the
    bare WSGI floor, same run; the intake in one call against the one-request floors."""
    lines = []
    floors = (
        ("pair", "framework floor, 2 requests", r["floor"]),
        ("insert", "framework floor, 1 request", r["floor"]),
        ("insert", "bare WSGI insert", r["baseline"]),
    )
    for clients in (10, 50):
        for what, key, against in (
            ("intake/s", "intake", floors),
            ("intake in one call/s", "intake_one", floors[1:]),
        ):
            ours = r["http"].get(f"{key}_{clients}")
            for kind, label, floor in against if ours else ():
                base = floor[f"{kind}_{clients}"]
                lines.append(
                    f"| {name} | {what}, {clients} clients (p50/p99 ms), vs {label} | "
                    f"{ours['per_second']} ({ours['p50_ms']}/{ours['p99_ms']}, "
                    f"{ours['errors']} err) | {base['per_second']} "
                    f"({base['p50_ms']}/{base['p99_ms']}) | "
                    f"{100 * ours['per_second'] / base['per_second']:.1f} % |"
                )
    for pace in bench_http.PACES:
        paced = r["http"].get(f"intake_one_50_every_{pace:g}s")
        if paced:
            lines.append(
                f"| {name} | intake in one call, 50 desks each every {pace:g} s on average "
                f"(offered {50 / pace:g}/s): done/s (p50/p99 ms) | {paced['per_second']} "
                f"({paced['p50_ms']}/{paced['p99_ms']}, {paced['errors']} err) | – | – |"
            )
    return lines


def _lookup_line(name: str, r: dict[str, Any]) -> str:
    ours, base = r["http"]["lookup_200"], r["baseline"]["select_200"]
    share = ours["per_second"] / base["per_second"] if base["per_second"] else 0.0
    return (
        f"| {name} | look-up, 200 conn.: req/s (p50/p99 ms) | {ours['per_second']} "
        f"({ours['p50_ms']}/{ours['p99_ms']}, {ours['errors']} err) | {base['per_second']} "
        f"({base['p50_ms']}/{base['p99_ms']}) | p99 {ratio(ours['p99_ms'], base['p99_ms'])}, "
        f"{100 * share:.0f} % of its req/s |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 000 dossiers, 5 s per load")
    parser.add_argument("--dossiers", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=1, help="> 1: gthread workers for motcua AND the baseline"
    )
    parser.add_argument("--data", type=Path, default=Path("/tmp/motcua-bench"))
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG_URL"))
    parser.add_argument("--skip-classic", action="store_true", help="skip due dates and import")
    parser.add_argument(
        "--lookup-only",
        action="store_true",
        help="only (c): the look-up at 200 connections and its one-row GET baseline",
    )
    parser.add_argument(
        "--skip-http", action="store_true", help="reports only: no intake/look-up load, no renders"
    )
    parser.add_argument("--skip-sqlite", action="store_true", help="PostgreSQL only (with --pg)")
    parser.add_argument(
        "--intake-only",
        action="store_true",
        help="only the counter intake, beside the framework floor and the bare WSGI floor",
    )
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="only the staff pages (bench/bench_pages.py) against /healthz and their raw SQL",
    )
    args = parser.parse_args()
    os.environ["BENCH_THREADS"] = str(args.threads)
    bench_http.THREADS = args.threads
    args.dossiers = args.dossiers or (20_000 if args.quick else 200_000)
    args.seconds = args.seconds or (5.0 if args.quick else 20.0)
    results: dict[str, Any] = {
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": " ".join(sys.argv),
        "dossiers": args.dossiers,
        "load_seconds": args.seconds,
        "workers": args.workers,
        "threads": args.threads,
        "backends": {},
    }
    if not args.skip_sqlite:
        results["backends"]["sqlite"] = backend("sqlite", args.data / "sqlite", None, args)
    if args.pg:
        results["backends"]["postgresql"] = backend("postgresql", args.data / "pg", args.pg, args)
    if not (args.skip_classic or args.lookup_only or args.pages_only or args.intake_only):
        env = env_for(args.data / "classic", None)
        subprocess.run(
            [sys.executable, "-m", "bench.bench_due_dates"], env=env, cwd=ROOT, check=True
        )
        rows = "20000" if args.quick else "100000"
        subprocess.run(
            [sys.executable, "-m", "bench.bench_import", rows], env=env, cwd=ROOT, check=True
        )
        narrative = subprocess.run(
            [sys.executable, "-m", "bench.bench_narrative", "--demo"],
            env=env_for(args.data / "narrative", None),
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        results["narrative"] = json.loads(narrative.stdout)
    if not args.pages_only:
        print(table(results))
    print(pages_table(results))
    if "narrative" in results:
        n = results["narrative"]
        print(
            f"\nNarrative report {n['unit']} {n['period'][0]}…{n['period'][1]}: docx "
            f"{n['ours_docx_s']} s vs floor {n['raw_sql_s']} + {n['bare_docx_s']} s "
            f"({n['docx_ratio_to_floor']}×); pdf {n['ours_pdf_s']} s vs floor "
            f"{n['raw_sql_s']} + {n['weasyprint_same_html_s']} s ({n['pdf_ratio_to_floor']}×)"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = results["started"].replace(":", "").replace("-", "")
    latest = "latest-lookup.json" if args.lookup_only else "latest.json"
    for path in (out / f"run-{stamp}.json", out / latest):
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"\n→ {out / latest}")


if __name__ == "__main__":
    main()
