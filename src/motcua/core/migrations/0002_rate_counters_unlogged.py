"""On PostgreSQL the rate-limit counters need no durability: an UNLOGGED table writes no WAL, so
counting a public look-up waits for no disk flush (core/ratelimit.py). SQLite keeps its counters
in a side database file instead and leaves this table empty."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def _set(logged: str):  # type: ignore[no-untyped-def]
    def run(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            table = schema_editor.quote_name("core_ratecounter")
            schema_editor.execute(f"ALTER TABLE {table} SET {logged}")

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_rate_counters")]

    operations = [migrations.RunPython(_set("UNLOGGED"), _set("LOGGED"))]
