"""Staff pages over a generated province, in one process, against baselines of the same run.

Run under the motcua environment after `motcua bench generate` (bench/run.py --pages does both):
    MOTCUA_DATA_DIR=… [DATABASE_URL=…] python bench/bench_pages.py
Pages (Django's test client: session, middleware, permissions, template; no HTTP socket):
the desk queue `/ho-so/` of commune BENCH-0001's receiving officer, the province leader's alerts
board `/canh-bao/` and dashboard `/bao-cao/bang-dieu-khien/`, the commune's tracking book of the
last full month as xlsx, one dossier's detail page. Baselines: `/healthz` through the same client
(the framework's floor: session, middleware, one `SELECT 1`), and each page's main query as raw
SQL on a bare cursor (the same statement the page sends, fetched whole). Prints one JSON line:
per page p50/p95 ms, the number of statements, the ratios to both baselines, and the query plan
of the main query (which index it reads).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Q, QuerySet  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from motcua.accounts.roles import Role  # noqa: E402
from motcua.accounts.services import create_or_update_staff  # noqa: E402
from motcua.calendars.services import to_local_naive  # noqa: E402
from motcua.dossiers.countdown import overdue_q, running_q, start_of  # noqa: E402
from motcua.dossiers.desk_filters import DeskFilters  # noqa: E402
from motcua.dossiers.models import Dossier  # noqa: E402
from motcua.dossiers.permissions import dossiers_visible_to  # noqa: E402
from motcua.units.models import Unit  # noqa: E402
from motcua.units.tree import units_served_by, units_within  # noqa: E402
from motcua.wsgi import application  # noqa: E402, F401  (the server's start-up: views loaded, gc frozen)

REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))


def timed(run: Callable[[], object], repeat: int = REPEAT) -> list[float]:
    run()  # warm: imports, caches, the first plan
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - started))
    return sorted(times)


def pct(times: list[float], p: float) -> float:
    return round(times[min(len(times) - 1, int(p * len(times)))], 2)


def raw(queryset: QuerySet[Any]) -> Callable[[], object]:
    sql, params = queryset.query.sql_with_params()

    def run() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


class Counter:
    """An execute wrapper that notes every statement a page sends."""

    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.seen.append(sql)
        return execute(sql, params, many, context)


def plan(queryset: QuerySet[Any]) -> str:
    text = queryset.explain()
    return " | ".join(
        line.strip()
        for line in text.splitlines()
        if "Index" in line or "SCAN" in line or "SEARCH" in line
    )[:400]


def main() -> None:
    if connection.vendor == "postgresql":  # statistics after the bulk load, as autovacuum makes
        with connection.cursor() as cursor:  # them (motcua never runs ANALYZE on SQLite)
            cursor.execute("ANALYZE")
    commune = Unit.objects.get(code="BENCH-0001")
    province = Unit.objects.get(code="BENCH")
    officer = create_or_update_staff(
        username="bench-pages-desk",
        full_name="Cán bộ Thử tải",
        role=Role.RECEIVING_OFFICER,
        unit=commune,
        password="bench-pages-2026",
    )
    leader = create_or_update_staff(
        username="bench-pages-leader",
        full_name="Lãnh đạo Thử tải",
        role=Role.LEADER,
        unit=province,
        password="bench-pages-2026",
    )
    desk, boss = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    desk.force_login(officer)
    boss.force_login(leader)
    now = timezone.now()
    today = to_local_naive(now).date()
    month_end = today.replace(day=1) - dt.timedelta(days=1)
    month_start = month_end.replace(day=1)
    served = units_served_by(commune)
    scope = set(units_within(province))
    in_scope = Q(receiving_unit_id__in=scope) | Q(competent_unit_id__in=scope)
    sample = Dossier.objects.filter(receiving_unit=commune).exclude(code=None).latest("pk")
    pages: dict[str, tuple[Client, str, QuerySet[Any]]] = {
        "desk queue /ho-so/": (
            desk,
            "/ho-so/",
            dossiers_visible_to(officer, served)
            .filter(DeskFilters().status_q())
            .order_by("-received_at", "-pk")[:51],
        ),
        "alerts board, province leader": (
            boss,
            "/canh-bao/",
            Dossier.objects.filter(
                in_scope & running_q(), due_at__lt=start_of(today + dt.timedelta(days=8))
            ),
        ),
        "dashboard, province": (
            boss,
            "/bao-cao/bang-dieu-khien/",
            Dossier.objects.filter(overdue_q(today), competent_unit_id__in=scope).order_by(
                "due_at", "pk"
            )[:50],
        ),
        "tracking book, month, xlsx": (
            desk,
            f"/ho-so/so-theo-doi/?tu={month_start:%d/%m/%Y}&den={month_end:%d/%m/%Y}&dinh-dang=xlsx",
            Dossier.objects.filter(
                receiving_unit_id__in=served,
                accepted_at__gte=start_of(month_start),
                accepted_at__lt=start_of(month_end + dt.timedelta(days=1)),
            ).order_by("accepted_at"),
        ),
        "dossier detail": (
            desk,
            f"/ho-so/{sample.pk}/",
            Dossier.objects.select_related("procedure_version__procedure").filter(pk=sample.pk),
        ),
    }
    health = timed(lambda: desk.get("/healthz"))
    out: dict[str, Any] = {
        "engine": connection.vendor,
        "dossiers": Dossier.objects.count(),
        "communes": len(scope) - 1,
        "running": Dossier.objects.filter(running_q()).count(),
        "repeat": REPEAT,
        "healthz_p50_ms": pct(health, 0.5),
        "pages": {},
    }
    for name, (client, url, main_query) in pages.items():
        statements: list[str] = []
        with connection.execute_wrapper(Counter(statements)):
            answer = client.get(url)
        if answer.status_code != 200:
            sys.exit(f"{name}: {url} answered {answer.status_code}")
        page = timed(partial(client.get, url))
        sql = timed(raw(main_query))
        rows = len(raw(main_query)())  # type: ignore[arg-type]
        out["pages"][name] = {
            "p50_ms": pct(page, 0.5),
            "p95_ms": pct(page, 0.95),
            "statements": len(statements),
            "main_query_rows": rows,
            "raw_sql_p50_ms": pct(sql, 0.5),
            "to_healthz": round(pct(page, 0.5) / pct(health, 0.5), 1),
            "to_raw_sql": round(pct(page, 0.5) / max(pct(sql, 0.5), 0.01), 1),
            "plan": plan(main_query),
        }
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
