"""The framework floor: what any authenticated JSON write costs in this stack, with none of
motcua's work. The same Django, settings, middleware (session, CSRF, authentication, the idle
timeout, the audit-sealing database connection) and gunicorn as motcua; one view that inserts
one row in a transaction for the signed-in user and answers 201. Served by bench/bench_http.py
as `bench.floor_app:application` with DJANGO_SETTINGS_MODULE=bench.floor_settings, beside the
bare WSGI floor (bench/minimal_app.py) that has no framework at all.
"""

from __future__ import annotations

import json
import os
import uuid

from django.core.wsgi import get_wsgi_application
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path

TABLE = "bench_floor"


def setup() -> None:
    """(Re)create the floor's table in motcua's database."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        serial = "BIGSERIAL" if connection.vendor == "postgresql" else "INTEGER"
        cursor.execute(
            f"CREATE TABLE {TABLE} (id {serial} PRIMARY KEY, code TEXT UNIQUE, payload TEXT)"
        )


def floor(request: HttpRequest) -> HttpResponse:
    if request.method != "POST" or not request.user.is_authenticated:
        return JsonResponse({"detail": "Không được phép."}, status=403)
    payload = json.loads(request.body or b"{}")
    code = uuid.uuid4().hex
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (code, payload) VALUES (%s, %s)",
            [code, json.dumps(payload, ensure_ascii=False)],
        )
    return JsonResponse({"code": code}, status=201)


urlpatterns = [path("floor", floor)]

if __name__ == "__main__":  # python bench/floor_app.py: create the table
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.floor_settings")
    django.setup()
    setup()
else:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.floor_settings")
    application = get_wsgi_application()
