"""The dossiers a unit decides that another unit received (permissions.visible_parts).

- The partial index dossier_decided_elsewhere holds only them: its condition is
  indexes.UNITS_DIFFER, "(receiving_unit_id <> competent_unit_id) IS TRUE", which the list's
  query states.
- PostgreSQL (14 and later) keeps statistics on that expression (`dossier_units_differ`), so
  that it knows such rows are few; the table is analysed once here to fill them (after that,
  autovacuum keeps them). Without them it estimates a comparison of two columns at 99.5 % of
  the rows and reads the whole table for the list's capped counts. Nothing on SQLite.
"""

from django.db import migrations, models

STATISTICS = [
    "CREATE STATISTICS IF NOT EXISTS dossier_units_differ "
    "ON ((receiving_unit_id <> competent_unit_id)) FROM dossiers_dossier",
    "ANALYZE dossiers_dossier",
]
STATISTICS_UNDO = ["DROP STATISTICS IF EXISTS dossier_units_differ"]


def _on_postgresql(statements: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        connection = schema_editor.connection
        if connection.vendor == "postgresql" and connection.pg_version >= 140000:
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0017_handover_open_index"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="dossier",
            name="dossier_decided_elsewhere",
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(
                    models.Func(
                        models.F("receiving_unit"),
                        models.F("competent_unit"),
                        arg_joiner=" <> ",
                        output_field=models.BooleanField(),
                        template="(%(expressions)s) IS TRUE",
                    )
                ),
                fields=["competent_unit", "received_at"],
                name="dossier_decided_elsewhere",
            ),
        ),
        migrations.RunPython(_on_postgresql(STATISTICS), _on_postgresql(STATISTICS_UNDO)),
    ]
