"""Run under the motcua environment: a logged-in session for a receiving officer of a
benchmark unit, a procedure it can receive at the counter, and sample codes for look-ups.
Prints JSON. (Benchmark tooling: the session is made the way django.contrib.auth.login does.)
"""

from __future__ import annotations

import json
import os
import random
import secrets
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

from motcua.accounts.roles import Role  # noqa: E402
from motcua.accounts.services import create_or_update_staff  # noqa: E402
from motcua.catalog.models import ProcedureVersion  # noqa: E402
from motcua.dossiers.models import Dossier  # noqa: E402
from motcua.units.models import Unit  # noqa: E402


def main() -> None:
    unit = Unit.objects.filter(code="BENCH-0001").first()
    if unit is None:
        sys.exit("run `motcua bench generate` first")
    user = create_or_update_staff(
        username="bench-http", full_name="Cán bộ Thử tải", role=Role.RECEIVING_OFFICER, unit=unit
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = next(  # the password backend staff log in with
        b for b in settings.AUTHENTICATION_BACKENDS if b.endswith("ModelBackend")
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    version = (
        ProcedureVersion.objects.filter(time_limit_unit="working_days", time_limit_value=5)
        .select_related("procedure")
        .order_by("procedure__code")
    )
    procedure = next(v.procedure.code for v in version if "counter" in (v.channels or []))
    rows = list(
        Dossier.objects.exclude(code=None).values_list("code", "applicant_id_number")[:200000]
    )
    sample = random.Random(1).sample(rows, min(5000, len(rows)))
    print(
        json.dumps(
            {
                "session": session.session_key,
                "csrf": secrets.token_hex(16),
                "procedure": procedure,
                "lookups": [[c, n[-4:]] for c, n in sample],
            }
        )
    )


main()
