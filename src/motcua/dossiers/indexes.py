"""The indexes of the dossier table, each named for the query it serves (the staff list, the
dashboard, the alerts, the tracking book; tests/dossiers/test_query_plans.py checks that each
can serve its query). The search box's trigram indexes are made in migration 0016 (engine
specific SQL: pg_trgm on PostgreSQL, an FTS5 table on SQLite)."""

from __future__ import annotations

from django.db import models
from django.db.models import BooleanField, F, Func, Q

from motcua.domain.dossier_states import TERMINAL, Status

# The statuses of unfinished dossiers (the partial indexes of the desk's open tab).
OPEN_STATUSES = sorted(s.value for s in set(Status) - TERMINAL)
# The dossiers still running: no result, not ended, a due date.
RUNNING_Q = Q(resolved_at__isnull=True, ended_at__isnull=True, due_at__isnull=False)
# Received by one unit, decided by another: few rows (most dossiers are decided where they were
# received). Written "(receiving <> competent) IS TRUE", the same on both engines (the columns
# are never empty, so it means "receiving <> competent"): PostgreSQL estimates a comparison of
# two columns at 99.5 % of the rows whatever it knows; a truth test of the expression it
# estimates from the statistics kept on that very expression (migration 0018). It is also the
# condition of the partial index dossier_decided_elsewhere, which holds only those rows.
UNITS_DIFFER = Q(
    Func(
        F("receiving_unit"),
        F("competent_unit"),
        arg_joiner=" <> ",
        output_field=BooleanField(),
        template="(%(expressions)s) IS TRUE",  # (the keywords in the migration's order)
    )
)

DOSSIER_INDEXES = [
    models.Index(fields=["competent_unit", "accepted_at"], name="dossier_unit_accepted"),
    models.Index(fields=["competent_unit", "resolved_at"], name="dossier_unit_resolved"),
    # The tracking book: a unit's dossiers accepted within a range of local days.
    models.Index(fields=["receiving_unit", "accepted_at"], name="dossier_receiving_accepted"),
    # The due dates of the dossiers still running (the dashboard's "overdue now", the
    # alerts, the list's deadline filters): only those rows are indexed.
    models.Index(fields=["competent_unit", "due_at"], condition=RUNNING_Q, name="dossier_open_due"),
    models.Index(
        fields=["receiving_unit", "due_at"],
        condition=RUNNING_Q,
        name="dossier_open_due_receiving",
    ),
    # The desk's open tab, newest first: only the unfinished dossiers are indexed.
    models.Index(
        fields=["receiving_unit", "received_at"],
        condition=Q(status__in=OPEN_STATUSES),
        name="dossier_open_receiving",
    ),
    models.Index(
        fields=["competent_unit", "received_at"],
        condition=Q(status__in=OPEN_STATUSES),
        name="dossier_open_competent",
    ),
    # The list over every status, part by part (desk_query.py): a unit's dossiers by the
    # moment of receipt, its tabs' counts, and the dossiers it decides that another unit
    # received (only those rows are indexed).
    models.Index(fields=["receiving_unit", "received_at"], name="dossier_receiving_received"),
    models.Index(fields=["receiving_unit", "status"], name="dossier_receiving_status"),
    models.Index(
        fields=["competent_unit", "received_at"],
        condition=UNITS_DIFFER,
        name="dossier_decided_elsewhere",
    ),
    # The search box's exact look-ups (the applicant's ID number and the folded name have
    # their own field indexes).
    models.Index(fields=["applicant_phone"], name="dossier_applicant_phone"),
    models.Index(fields=["representative_id_number"], name="dossier_representative_id"),
    models.Index(fields=["representative_phone"], name="dossier_representative_phone"),
]
