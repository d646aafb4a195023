"""One of several processes accepting dossiers at once (run by test_parallel_codes.py).

Usage: python -m tests.dossiers.parallel_worker COUNT — prints one dossier code per line.
"""

from __future__ import annotations

import datetime as dt
import os
import sys

from motcua.domain.vntime import VN


def main(count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from motcua.accounts.models import User
    from motcua.dossiers.services import (
        Applicant,
        ComponentIn,
        Intake,
        accept_dossier,
        receive_dossier,
    )
    from motcua.units.models import Unit

    officer = User.objects.get(username="tiepnhan")
    unit = Unit.objects.get(code="30406")
    at = dt.datetime(2024, 6, 4, 9, 0, tzinfo=VN)
    for _ in range(count):
        intake = Intake(
            procedure_code="1.001193",
            receiving_unit=unit,
            competent_unit=unit,
            channel="counter",
            applicant=Applicant(name="Trần Văn Bé", id_number="089224000001"),
            components=[ComponentIn(name="Tờ khai đăng ký khai sinh")],
        )
        dossier = accept_dossier(
            receive_dossier(intake, actor=officer, at=at), actor=officer, at=at
        )
        print(dossier.code, flush=True)  # noqa: T201  (the parent test reads the codes)


if __name__ == "__main__":
    main(int(sys.argv[1]))
