"""cProfile of one counter intake (receive + accept) on a generated benchmark database.

Run under the motcua environment after `motcua bench generate`, e.g.
    MOTCUA_DATA_DIR=/tmp/motcua-bench/sqlite MOTCUA_TASK_QUEUE=sqlite \
        python bench/profile_intake.py 20
Prints the mean milliseconds per act (the first intake is left out: imports and caches) and the
functions with the most cumulative time in accept. The receipt's render job is enqueued after
commit and NOT run here (use a real queue, not "immediate", to measure the act alone).
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
django.setup()

from motcua.accounts.roles import Role  # noqa: E402
from motcua.accounts.services import create_or_update_staff  # noqa: E402
from motcua.catalog.models import ProcedureVersion  # noqa: E402
from motcua.dossiers.services import (  # noqa: E402
    Applicant,
    ComponentIn,
    Intake,
    accept_dossier,
    receive_dossier,
)
from motcua.units.models import Unit  # noqa: E402


def main(rounds: int) -> None:
    unit = Unit.objects.get(code="BENCH-0001")
    user = create_or_update_staff(
        username="bench-http", full_name="Cán bộ Thử tải", role=Role.RECEIVING_OFFICER, unit=unit
    )
    version = next(
        v
        for v in ProcedureVersion.objects.filter(
            time_limit_unit="working_days", time_limit_value=5
        ).order_by("procedure__code")
        if "counter" in (v.channels or [])
    )
    data = Intake(
        procedure_code=version.procedure.code,
        receiving_unit=unit,
        competent_unit=unit,
        channel="counter",
        applicant=Applicant(name="Nguyễn Thị Ngọc Ánh", id_number="089190000123"),
        components=[ComponentIn(name="Tờ khai", digitised=True)],
    )
    accept_dossier(receive_dossier(data, actor=user), actor=user)  # warm up
    receive_s = accept_s = 0.0
    profile = cProfile.Profile()
    for _ in range(rounds):
        start = time.perf_counter()
        dossier = receive_dossier(data, actor=user)
        middle = time.perf_counter()
        profile.enable()
        accept_dossier(dossier, actor=user)
        profile.disable()
        receive_s += middle - start
        accept_s += time.perf_counter() - middle
    print(f"receive {1000 * receive_s / rounds:.1f} ms, accept {1000 * accept_s / rounds:.1f} ms")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
