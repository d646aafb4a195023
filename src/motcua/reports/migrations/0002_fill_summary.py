"""Fill the day columns of the existing dossiers and the summary table from the rows."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import migrations

from motcua.reports.summary import events, local_day


def fill(apps: Any, schema_editor: Any) -> None:
    dossier_model = apps.get_model("dossiers", "Dossier")
    cell_model = apps.get_model("reports", "ReportCell")
    units = dossier_model.objects.values_list("competent_unit_id", flat=True).distinct()
    for unit_id in sorted(set(units)):
        cells: Counter[tuple[Any, ...]] = Counter()
        changed = []
        rows = dossier_model.objects.filter(competent_unit_id=unit_id, accepted_at__isnull=False)
        for d in rows.iterator(chunk_size=2000):
            days = tuple(local_day(t) for t in (d.accepted_at, d.due_at, d.resolved_at, d.ended_at))
            d.accepted_day, d.due_day, d.resolved_day, d.ended_day = days
            changed.append(d)
            for kind, day in events(d.channel == "online", days):  # type: ignore[arg-type]
                cells[(d.procedure_version_id, "d", day, kind)] += 1
                cells[(d.procedure_version_id, "m", day.replace(day=1), kind)] += 1
        dossier_model.objects.bulk_update(
            changed, ["accepted_day", "due_day", "resolved_day", "ended_day"], batch_size=2000
        )
        cell_model.objects.bulk_create(
            [
                cell_model(unit_id=unit_id, version_id=v, grain=g, day=day, kind=k, n=n)
                for (v, g, day, k), n in cells.items()
            ],
            batch_size=2000,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("dossiers", "0007_report_days"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
