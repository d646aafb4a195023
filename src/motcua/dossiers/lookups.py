"""A lookup of the dossier list's queries (registered on Dossier.status in models.py)."""

from __future__ import annotations

from typing import Any

from django.db import models

from motcua.domain.dossier_states import Status


class LiteralIn(models.Lookup[Any]):
    """`status__literal_in=[...]`: `status IN ('a', 'b')` with the values written into the SQL,
    sorted, as a partial index's condition is. SQLite uses a partial index only when the query
    repeats its condition literally (a bound parameter never matches). For the fixed status
    values of `Status` only (checked)."""

    lookup_name = "literal_in"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        values = sorted({Status(value).value for value in self.rhs})  # ValueError if not one
        return f"{lhs} IN ({', '.join(repr(v) for v in values)})", list(params)
