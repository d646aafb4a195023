"""Where the time of one status look-up (POST /tra-cuu/) goes, in-process.

Run under the motcua environment after `motcua bench generate`, e.g.
    MOTCUA_DATA_DIR=/tmp/motcua-bench/sqlite MOTCUA_TASK_QUEUE=sqlite \
        python bench/profile_lookup.py 2000
Goes through the whole Django handler (every middleware, CSRF enforced, as the benchmark's
requests: a csrftoken cookie and the form field, each request from its own address), then times
the parts alone: the rate-limit count, the one query, the template render. Prints the median
microseconds of each and the functions with the most cumulative time in the full request.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import random
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from urllib.parse import urlencode

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
django.setup()

from django.template.loader import render_to_string  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.utils.safestring import mark_safe  # noqa: E402

from motcua.core.privacy import mask_person_name  # noqa: E402
from motcua.core.ratelimit import allow  # noqa: E402
from motcua.dossiers import public  # noqa: E402
from motcua.dossiers.models import Dossier  # noqa: E402


def median_us(fn: Callable[[int], object], rounds: int) -> str:
    """Median wall and CPU (this process) microseconds: on a shared machine the CPU time is the
    figure that does not depend on what the other processes do."""
    wall, cpu = [], []
    for i in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn(i)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return (
        f"{1e6 * statistics.median(wall):8.1f} µs wall, {1e6 * statistics.median(cpu):8.1f} µs CPU"
    )


def main(rounds: int) -> None:
    rows = list(
        Dossier.objects.exclude(code=None).values_list("code", "applicant_id_number")[:5000]
    )
    sample = random.Random(1).sample(rows, min(1000, len(rows)))
    csrf = secrets.token_hex(16)
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = csrf
    run = secrets.token_hex(3)

    def full(i: int) -> None:
        code, number = sample[i % len(sample)]
        response = client.post(
            "/tra-cuu/",
            urlencode({"ma": code, "so": number[-4:], "csrfmiddlewaretoken": csrf}),
            content_type="application/x-www-form-urlencoded",  # as browsers and the benchmark
            REMOTE_ADDR=f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}",
            HTTP_HOST="127.0.0.1",
        )
        assert response.status_code == 200
        assert "Không tìm thấy".encode() not in response.content

    def count(i: int) -> None:
        allow(f"profile-{run}", f"10.0.{i // 256 % 256}.{i % 256}", limit=20, window=600)

    def query(i: int) -> None:
        public._find(sample[i % len(sample)][0])

    found = public._find(sample[0][0])
    assert found is not None
    request = RequestFactory().post("/tra-cuu/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()

    shown = tuple(found[name] for name in public.SHOWN)
    holder = mask_person_name(found["applicant_name"])

    def render(i: int) -> None:  # the page around the card (the card from the cache)
        card = public._card(shown, holder)
        render_to_string(
            "dossiers/status.html",
            {"code": found["code"], "card": mark_safe(card)},
            request=request,
        )

    def card(i: int) -> None:  # the card alone, rendered (what a cache miss costs)
        public._card.__wrapped__(shown, holder)

    for fn in (full, count, query, render, card):  # warm up
        fn(0)
    print(f"medians of {rounds}:")
    print(f"full request  {median_us(full, rounds)}")
    print(f"rate count    {median_us(count, rounds)}")
    print(f"query         {median_us(query, rounds)}")
    print(f"page render   {median_us(render, rounds)}")
    print(f"card render   {median_us(card, rounds)}")
    profile = cProfile.Profile()
    profile.enable()
    for i in range(rounds):
        full(rounds + i)
    profile.disable()
    pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
        int(os.environ.get("TOP", "45"))
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
