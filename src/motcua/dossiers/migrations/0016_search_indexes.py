"""Indexes for the staff list at province scale.

- The list's parts over every status (receiving unit, then the moment of receipt), the tabs'
  counts (receiving unit, status), the dossiers a unit decides that another received.
- The search box: the phones and the representative's ID number are looked up exactly;
  the code and the folded name are looked up by any part of them through a trigram index —
  on PostgreSQL the pg_trgm extension's GIN indexes on the very expressions the list's query
  uses, on SQLite an FTS5 table with the trigram tokenizer over the two columns
  (`dossiers_search`, external content: it keeps no copy of the text), kept by triggers.
  The triggers live on the table: a later migration that rebuilds dossiers_dossier on SQLite
  drops them; tests/dossiers/test_search_index.py fails if they are missing.
"""

from django.db import migrations, models

SQLITE = [
    "CREATE VIRTUAL TABLE dossiers_search USING fts5("
    "code, applicant_name_fold, content='dossiers_dossier', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE TRIGGER dossiers_search_insert AFTER INSERT ON dossiers_dossier BEGIN "
    "INSERT INTO dossiers_search(rowid, code, applicant_name_fold) "
    "VALUES (new.id, new.code, new.applicant_name_fold); END",
    "CREATE TRIGGER dossiers_search_delete AFTER DELETE ON dossiers_dossier BEGIN "
    "INSERT INTO dossiers_search(dossiers_search, rowid, code, applicant_name_fold) "
    "VALUES ('delete', old.id, old.code, old.applicant_name_fold); END",
    "CREATE TRIGGER dossiers_search_update AFTER UPDATE OF code, applicant_name_fold "
    "ON dossiers_dossier BEGIN "
    "INSERT INTO dossiers_search(dossiers_search, rowid, code, applicant_name_fold) "
    "VALUES ('delete', old.id, old.code, old.applicant_name_fold); "
    "INSERT INTO dossiers_search(rowid, code, applicant_name_fold) "
    "VALUES (new.id, new.code, new.applicant_name_fold); END",
    "INSERT INTO dossiers_search(dossiers_search) VALUES ('rebuild')",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS dossiers_search_insert",
    "DROP TRIGGER IF EXISTS dossiers_search_delete",
    "DROP TRIGGER IF EXISTS dossiers_search_update",
    "DROP TABLE IF EXISTS dossiers_search",
]
POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # the expressions of Django's `code__icontains` and `applicant_name_fold__contains`
    'CREATE INDEX dossier_search_code ON dossiers_dossier USING gin '
    '((UPPER("code"::text)) gin_trgm_ops)',
    'CREATE INDEX dossier_search_name ON dossiers_dossier USING gin '
    '(("applicant_name_fold"::text) gin_trgm_ops)',
]
POSTGRESQL_UNDO = [
    "DROP INDEX IF EXISTS dossier_search_code",
    "DROP INDEX IF EXISTS dossier_search_name",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0015_open_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["receiving_unit", "received_at"], name="dossier_receiving_received"
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["receiving_unit", "status"], name="dossier_receiving_status"),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(("receiving_unit__isnull", False)),
                fields=["competent_unit", "receiving_unit"],
                name="dossier_decided_elsewhere",
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["applicant_phone"], name="dossier_applicant_phone"),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                fields=["representative_id_number"], name="dossier_representative_id"
            ),
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["representative_phone"], name="dossier_representative_phone"),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_UNDO, "postgresql": POSTGRESQL_UNDO}),
        ),
    ]
