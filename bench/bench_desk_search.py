"""The staff dossier list `/ho-so/` at province scale: search and filters, p50/p95 per query,
beside the raw SQL of the list's own row query in the same run.

Run under the motcua environment after `motcua bench generate`, e.g.
    MOTCUA_DATA_DIR=/tmp/bench-2m-sqlite MOTCUA_TASK_QUEUE=sqlite \\
        python bench/bench_desk_search.py --rounds 20 [--json out.json]
(with DATABASE_URL for PostgreSQL). Goes through the whole Django handler in-process (session,
middleware, permissions, template) as a receiving officer and as the leader of the busiest
commune (a list's scope is its unit and the units it took over, whatever the database holds),
then re-runs the page's row query (the one with LIMIT 51) alone with the
database cursor. The ratio page / raw SQL says what the page adds to the query it needs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from motcua.accounts.models import User  # noqa: E402
from motcua.accounts.roles import Role  # noqa: E402
from motcua.accounts.services import create_or_update_staff  # noqa: E402
from motcua.dossiers.models import Dossier  # noqa: E402
from motcua.units.models import Unit  # noqa: E402


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def timed(fn: Callable[[], object], rounds: int) -> tuple[float, float]:
    fn()  # warm the caches once, as a desk that has been open all morning
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        samples.append(1000 * (time.perf_counter() - started))
    return percentiles(samples)


def row_query(path: str, client: Client) -> str:
    """The SQL of the page's list rows (the query that fetches one page: LIMIT 51)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, (path, response.status_code)
    rows = [q["sql"] for q in captured.captured_queries if "LIMIT 51" in q["sql"]]
    assert rows, f"no page query for {path}"
    return rows[-1]


def raw(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        cursor.fetchall()


def staff(username: str, role: Role, unit: Unit) -> Client:
    user = create_or_update_staff(username=username, full_name=username, role=role, unit=unit)
    client = Client()
    client.force_login(user)
    return client


def queries(sample: Dossier) -> dict[str, str]:
    """Search by what a desk types, and the filters it uses, over the real data's values."""
    name = sample.applicant_name_fold  # typed without diacritics
    words = name.split()
    return {
        "first page (open)": "/ho-so/",
        "all statuses": "/ho-so/?trang-thai=tat-ca",
        "name, no diacritics": f"/ho-so/?trang-thai=tat-ca&q={'+'.join(words[-2:])}",
        "personal ID": f"/ho-so/?trang-thai=tat-ca&q={sample.applicant_id_number}",
        "dossier code": f"/ho-so/?trang-thai=tat-ca&q={sample.code}",
        "overdue": "/ho-so/?han=qua-han",
        "due today": "/ho-so/?han=hom-nay",
        "received in a month": "/ho-so/?trang-thai=tat-ca&nhan-tu=01/03/2025&nhan-den=31/03/2025",
        "channel online, by due date": "/ho-so/?trang-thai=tat-ca&kenh=online&sap-xep=han",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    total = Dossier.objects.count()
    busiest = (
        Dossier.objects.values("receiving_unit")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("receiving_unit", "n")
        .first()
    )
    assert busiest is not None, "no dossiers: run `motcua bench generate` first"
    commune = Unit.objects.get(pk=busiest[0])
    sample = (
        Dossier.objects.filter(receiving_unit=commune)
        .exclude(code=None)
        .order_by("pk")[busiest[1] // 2]
    )
    users = {
        f"officer of {commune.name} ({busiest[1]} dossiers)": staff(
            "bench-desk-officer", Role.RECEIVING_OFFICER, commune
        ),
        f"leader of {commune.name}": staff("bench-desk-leader", Role.LEADER, commune),
    }
    results: dict[str, Any] = {"engine": connection.vendor, "dossiers": total, "rows": []}
    print(f"{connection.vendor}, {total} dossiers, {args.rounds} rounds per query (ms)")
    print(f"{'who':<48} {'query':<30} {'p50':>8} {'p95':>8} {'SQL p50':>8} {'ratio':>6}")
    for who, client in users.items():
        for label, path in queries(sample).items():
            p50, p95 = timed(lambda p=path, c=client: c.get(p, HTTP_HOST="127.0.0.1"), args.rounds)
            sql = row_query(path, client)
            sql_p50, _ = timed(lambda s=sql: raw(s), args.rounds)
            ratio = p50 / sql_p50 if sql_p50 else 0.0
            print(f"{who:<48} {label:<30} {p50:8.1f} {p95:8.1f} {sql_p50:8.1f} {ratio:6.1f}")
            results["rows"].append(
                {"who": who, "query": label, "p50": p50, "p95": p95, "sql_p50": sql_p50}
            )
    User.objects.filter(username__startswith="bench-desk-").update(is_active=False)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")


if __name__ == "__main__":
    main()
