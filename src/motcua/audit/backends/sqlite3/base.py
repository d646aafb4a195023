"""SQLite, with audit events sealed at the end of their transaction (audit/seal.py)."""

from django.db.backends.sqlite3 import base

from motcua.audit.seal import SealingConnection


class DatabaseWrapper(SealingConnection, base.DatabaseWrapper):
    pass
